package io.github.conversations4j.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A loopback server that hands every accepted connection, on its own thread, to a test's handler: for servers
 * that misbehave at the level of bytes (stray responses, dripping, never reading), optionally behind TLS. It
 * counts connections (accepted, open now, most open at once) and records every request its connections parsed.
 * Binds to 127.0.0.1 only; {@link #close()} ends every connection and thread it started.
 */
public final class LoopbackServer implements AutoCloseable {

    /** Serves one connection; returning or throwing closes it. */
    @FunctionalInterface
    public interface ConnectionHandler {
        void serve(Conn conn) throws Exception;
    }

    /** Answers one parsed request; returns whether to keep reading requests on the connection. */
    @FunctionalInterface
    public interface RequestHandler {
        boolean handle(Conn conn, Req request) throws Exception;
    }

    /** One request as received. */
    public record Req(
            int number,
            int connection,
            String requestLine,
            String method,
            String target,
            Map<String, List<String>> headers,
            byte[] body) {
        public String header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** The {@code "text"} field of a JSON body (no escapes expected), or null. */
        public String text() {
            java.util.regex.Matcher m =
                    java.util.regex.Pattern.compile("\"text\":\"([^\"]*)\"").matcher(bodyText());
            return m.find() ? m.group(1) : null;
        }

        /** The last path segment, for instance {@code B} of {@code /v3/conversations/messages/B}. */
        public String lastSegment() {
            return target.substring(target.lastIndexOf('/') + 1);
        }
    }

    /** One accepted connection. */
    public final class Conn {
        /** 1 for the first connection the server accepted. */
        public final int index;

        public final Socket socket;
        public final InputStream in;
        public final OutputStream out;

        Conn(int index, Socket socket) throws IOException {
            this.index = index;
            this.socket = socket;
            this.in = new BufferedInputStream(socket.getInputStream());
            this.out = socket.getOutputStream();
        }

        /** Reads the next request, or returns null when the client closed the connection between requests. */
        public Req readRequest() throws IOException {
            String line = readLine(in);
            if (line == null) {
                return null;
            }
            String[] parts = line.split(" ", -1);
            if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
                throw new IOException("not an HTTP/1.x request line: " + line);
            }
            Map<String, List<String>> headers = readHeaders(in);
            String length = first(headers, "Content-Length");
            byte[] body = length == null ? new byte[0] : in.readNBytes(Integer.parseInt(length));
            if (length != null && body.length != Integer.parseInt(length)) {
                throw new IOException("request body cut short");
            }
            Req request = new Req(requestNumber.incrementAndGet(), index, line, parts[0], parts[1], headers, body);
            requests.add(request);
            return request;
        }

        public void write(String text) throws IOException {
            write(text.getBytes(StandardCharsets.UTF_8));
        }

        public void write(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
        }

        /** Serves requests with the handler until it says stop or the client closes. */
        public void serveRequests(RequestHandler handler) throws Exception {
            Req request;
            while ((request = readRequest()) != null) {
                if (!handler.handle(this, request)) {
                    return;
                }
            }
        }
    }

    private final ConnectionHandler handler;
    private final SSLContext tls;
    private final ServerSocket listener;
    private final Thread acceptor;
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "loopback-server-connection");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger maxOpen = new AtomicInteger();
    private final AtomicInteger requestNumber = new AtomicInteger();
    private final List<Req> requests = new CopyOnWriteArrayList<>();
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private LoopbackServer(ConnectionHandler handler, SSLContext tls, int receiveBuffer) throws IOException {
        this.handler = handler;
        this.tls = tls;
        this.listener = new ServerSocket();
        listener.setReuseAddress(true);
        if (receiveBuffer > 0) {
            listener.setReceiveBufferSize(receiveBuffer); // inherited by accepted sockets
        }
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        this.acceptor = new Thread(this::acceptLoop, "loopback-server-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A plain server whose connections go to the handler. */
    public static LoopbackServer start(ConnectionHandler handler) throws IOException {
        return new LoopbackServer(handler, null, 0);
    }

    /** A plain server that serves requests on every connection with the handler. */
    public static LoopbackServer http(RequestHandler handler) throws IOException {
        return new LoopbackServer(conn -> conn.serveRequests(handler), null, 0);
    }

    /** A TLS server (the handshake is made on the connection's thread) that serves requests with the handler. */
    public static LoopbackServer https(SSLContext context, RequestHandler handler) throws IOException {
        return new LoopbackServer(conn -> conn.serveRequests(handler), context, 0);
    }

    /**
     * A server whose connections go to the handler, over TLS when a context is given (the handshake is made
     * first), its accepted sockets with the given receive buffer when positive.
     */
    public static LoopbackServer start(SSLContext tls, int receiveBuffer, ConnectionHandler handler)
            throws IOException {
        return new LoopbackServer(handler, tls, receiveBuffer);
    }

    /** A plain server whose accepted sockets have the given receive buffer. */
    public static LoopbackServer withReceiveBuffer(int bytes, ConnectionHandler handler) throws IOException {
        return new LoopbackServer(handler, null, bytes);
    }

    public int port() {
        return listener.getLocalPort();
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port());
    }

    /** {@code http://127.0.0.1:PORT/v3}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port() + "/v3";
    }

    public int accepted() {
        return accepted.get();
    }

    public int openConnections() {
        return open.get();
    }

    public int maxOpenConnections() {
        return maxOpen.get();
    }

    /** Every request parsed so far, in order. */
    public List<Req> requests() {
        return Collections.unmodifiableList(new ArrayList<>(requests));
    }

    /** What the connection handlers threw (a client that went away shows up here too). */
    public List<Throwable> failures() {
        return List.copyOf(failures);
    }

    /** Waits until no connection is open any more; returns whether that happened in time. */
    public boolean awaitNoOpenConnections(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (open) {
            while (open.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(open, left); // woken by connectionEnded()
            }
        }
        return true;
    }

    private void connectionEnded() {
        synchronized (open) {
            open.decrementAndGet();
            open.notifyAll();
        }
    }

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            int index = accepted.incrementAndGet();
            int now = open.incrementAndGet();
            maxOpen.accumulateAndGet(now, Math::max);
            sockets.add(socket);
            try {
                workers.execute(() -> serve(index, socket));
            } catch (RuntimeException e) {
                closeQuietly(socket);
                sockets.remove(socket);
                connectionEnded();
            }
        }
    }

    private void serve(int index, Socket raw) {
        Socket socket = raw;
        try {
            raw.setTcpNoDelay(true);
            if (tls != null) {
                SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(raw, null, raw.getPort(), true);
                ssl.setUseClientMode(false);
                sockets.add(ssl);
                socket = ssl;
                ssl.startHandshake();
            }
            handler.serve(new Conn(index, socket));
        } catch (Exception | AssertionError e) {
            if (!closed) {
                failures.add(e);
            }
        } finally {
            closeQuietly(socket);
            closeQuietly(raw);
            sockets.remove(socket);
            sockets.remove(raw);
            connectionEnded();
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException e) {
            // closing anyway
        }
        for (Socket socket : sockets) {
            closeQuietly(socket);
        }
        workers.shutdownNow();
        try {
            acceptor.join(5000);
            if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
                throw new IllegalStateException("a connection thread of " + this + " did not end");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return String.format(
                Locale.ROOT, "LoopbackServer(%d, %d accepted, %d requests)", port(), accepted.get(), requests.size());
    }

    // ---- small HTTP helpers, shared with the proxies ----

    /** Reads a CRLF- (or LF-) terminated ISO-8859-1 line; null at the end of the stream before any byte. */
    public static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                String s = line.toString(StandardCharsets.ISO_8859_1);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            line.write(b);
            if (line.size() > 64 * 1024) {
                throw new IOException("line too long");
            }
        }
        if (line.size() == 0) {
            return null;
        }
        throw new IOException("connection closed in the middle of a line");
    }

    /** Reads header lines up to the empty line, into a case-insensitive map. */
    public static Map<String, List<String>> readHeaders(InputStream in) throws IOException {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        String header;
        while (!(header = requireLine(in)).isEmpty()) {
            int colon = header.indexOf(':');
            if (colon <= 0) {
                throw new IOException("malformed header line: " + header);
            }
            headers.computeIfAbsent(header.substring(0, colon).trim(), k -> new ArrayList<>())
                    .add(header.substring(colon + 1).trim());
        }
        return headers;
    }

    private static String requireLine(InputStream in) throws IOException {
        String line = readLine(in);
        if (line == null) {
            throw new IOException("connection closed in the middle of a head");
        }
        return line;
    }

    public static String first(Map<String, List<String>> headers, String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** A whole response with a JSON body and its Content-Length. */
    public static String response(int status, String reason, String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        return "HTTP/1.1 " + status + " " + reason + "\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length + "\r\n\r\n" + json;
    }

    /** {@code 200 OK} with a message whose id and text are given. */
    public static String ok(String id) {
        return response(200, "OK", message(id));
    }

    /** A message JSON body. */
    public static String message(String id) {
        return "{\"id\":\"" + id + "\",\"type\":\"agent\",\"text\":\"" + id + "\"}";
    }
}
