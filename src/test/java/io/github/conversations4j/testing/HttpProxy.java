package io.github.conversations4j.testing;

import io.github.conversations4j.testing.LoopbackServer.Req;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A small HTTP proxy on loopback: {@code CONNECT} opens a tunnel to one fixed upstream address, whatever host
 * name was asked for (so a client can name {@code api.brevo.test}, which does not resolve here); absolute-form
 * requests ({@code POST http://host/path HTTP/1.1}) go to a handler that answers them itself. Records every
 * request head it saw, {@code Proxy-Authorization} included.
 */
public final class HttpProxy implements AutoCloseable {
    private final LoopbackServer server;

    private HttpProxy(InetSocketAddress upstream, boolean answer407, LoopbackServer.RequestHandler absoluteForm)
            throws IOException {
        this.server = LoopbackServer.start(conn -> {
            Req request;
            while ((request = conn.readRequest()) != null) {
                if (request.method().equals("CONNECT")) {
                    if (answer407) {
                        conn.write("HTTP/1.1 407 Proxy Authentication Required\r\n"
                                + "Proxy-Authenticate: Basic realm=\"test-proxy\"\r\nContent-Length: 0\r\n\r\n");
                        continue;
                    }
                    conn.write("HTTP/1.1 200 Connection established\r\n\r\n");
                    Tunnels.relay(conn.in, conn.out, upstream, conn.socket);
                    return;
                }
                if (absoluteForm == null || !absoluteForm.handle(conn, request)) {
                    return;
                }
            }
        });
    }

    /** Tunnels every CONNECT to the upstream address. */
    public static HttpProxy tunnelingTo(InetSocketAddress upstream) throws IOException {
        return new HttpProxy(upstream, false, null);
    }

    /** Answers every CONNECT with {@code 407 Proxy Authentication Required}, whatever credentials it carries. */
    public static HttpProxy demandingAuthentication() throws IOException {
        return new HttpProxy(null, true, null);
    }

    /** Answers absolute-form requests with the handler (and tunnels CONNECT to nowhere: refused). */
    public static HttpProxy answering(LoopbackServer.RequestHandler absoluteForm) throws IOException {
        return new HttpProxy(new InetSocketAddress("127.0.0.1", 1), false, absoluteForm);
    }

    public int port() {
        return server.port();
    }

    /** {@code 127.0.0.1:port}, by its literal address (its host string is {@code 127.0.0.1}). */
    public InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", server.port());
    }

    /** {@code new Proxy(Proxy.Type.HTTP, 127.0.0.1:port)}. */
    public Proxy proxy() {
        return new Proxy(Proxy.Type.HTTP, address());
    }

    /** Every request head the proxy read, in order. */
    public List<Req> requests() {
        return server.requests();
    }

    /** The request lines seen, for instance {@code CONNECT api.brevo.test:443 HTTP/1.1}. */
    public List<String> requestLines() {
        return requests().stream().map(Req::requestLine).collect(Collectors.toList());
    }

    public int accepted() {
        return server.accepted();
    }

    @Override
    public void close() {
        server.close();
    }
}
