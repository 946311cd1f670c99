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
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny HTTP/1.1 server on raw sockets for tests that need what WireMock cannot do: refuse connections for a
 * moment on a live port, stream an endless body, or count exactly what reached it. Loopback only.
 */
public final class RawHttpServer implements AutoCloseable {

    /** One request as received. */
    public record RawRequest(String method, String path, Map<String, String> headers, byte[] body) {
        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** Answers a request by writing a whole response; returns whether the connection may stay open. */
    @FunctionalInterface
    public interface Handler {
        boolean handle(RawRequest request, OutputStream out) throws IOException;
    }

    private final Handler handler;
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "raw-http-worker");
        t.setDaemon(true);
        return t;
    });
    private final Thread acceptor;
    private final int port;
    private final AtomicInteger accepted = new AtomicInteger();
    private volatile ServerSocket listener;
    private volatile boolean closed;
    private volatile double refuseProbability;
    private volatile long refuseMillis;
    private final AtomicInteger refusalWindows = new AtomicInteger();
    private final java.util.Set<Socket> open = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private RawHttpServer(Handler handler) throws IOException {
        this.handler = handler;
        this.listener = bind(0);
        this.port = listener.getLocalPort();
        this.acceptor = new Thread(this::acceptLoop, "raw-http-acceptor");
        this.acceptor.setDaemon(true);
        this.acceptor.start();
    }

    /**
     * Starts a server on an ephemeral loopback port.
     *
     * @param handler how to answer
     * @return the running server
     * @throws IOException when no port can be bound
     */
    public static RawHttpServer start(Handler handler) throws IOException {
        return new RawHttpServer(handler);
    }

    private static ServerSocket bind(int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
        return socket;
    }

    /**
     * After each accepted connection, with this probability, stops listening for a while so that connection
     * attempts in that window are refused by the operating system.
     *
     * @param probability 0 to 1
     * @param millis how long each window lasts
     */
    public void refuseConnections(double probability, long millis) {
        this.refuseProbability = probability;
        this.refuseMillis = millis;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port + "/v3";
    }

    public int port() {
        return port;
    }

    public int acceptedConnections() {
        return accepted.get();
    }

    /** Connections being served now: a connection the client closed is gone from here once its worker notices. */
    public int openConnections() {
        return open.size();
    }

    /** Waits until no connection is being served; returns whether that happened in time. */
    public boolean awaitNoOpenConnections(java.time.Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (open) {
            while (!open.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(open, left); // woken as serve() ends
            }
        }
        return true;
    }

    public int refusalWindows() {
        return refusalWindows.get();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket socket = listener.accept();
                accepted.incrementAndGet();
                workers.execute(() -> serve(socket));
                if (refuseProbability > 0
                        && java.util.concurrent.ThreadLocalRandom.current().nextDouble() < refuseProbability) {
                    refusalWindows.incrementAndGet();
                    listener.close();
                    Thread.sleep(refuseMillis); // deliberate stall: the refusal window is what this server simulates
                    listener = bind(port);
                }
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        open.add(socket);
        try (socket) {
            socket.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            while (true) {
                RawRequest request = read(in);
                if (request == null || !handler.handle(request, out)) {
                    return;
                }
                out.flush();
            }
        } catch (IOException | RuntimeException e) {
            // the client went away, or sent something that is not HTTP (a TLS hello, say)
        } finally {
            synchronized (open) {
                open.remove(socket);
                open.notifyAll();
            }
        }
    }

    private static RawRequest read(InputStream in) throws IOException {
        String line = line(in);
        if (line == null || line.isEmpty()) {
            return null;
        }
        String[] parts = line.split(" ");
        if (parts.length < 3) {
            throw new IOException("not an HTTP request line");
        }
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        String header;
        while ((header = line(in)) != null && !header.isEmpty()) {
            int colon = header.indexOf(':');
            if (colon <= 0) {
                throw new IOException("malformed header");
            }
            headers.put(
                    header.substring(0, colon).trim(),
                    header.substring(colon + 1).trim());
        }
        int length = Integer.parseInt(headers.getOrDefault("Content-Length", "0"));
        byte[] body = in.readNBytes(length);
        return new RawRequest(parts[0], parts[1], headers, body);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                String s = out.toString(StandardCharsets.ISO_8859_1);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            out.write(b);
        }
        return out.size() == 0 ? null : out.toString(StandardCharsets.ISO_8859_1);
    }

    /**
     * Writes a whole response.
     *
     * @param out where to
     * @param status the status
     * @param json the body, or null for none
     * @param close whether to send {@code Connection: close}
     * @throws IOException when writing fails
     */
    public static void respond(OutputStream out, int status, String json, boolean close) throws IOException {
        byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + " " + reason(status) + "\r\n"
                + (json == null ? "" : "Content-Type: application/json\r\n")
                + "Content-Length: " + body.length + "\r\n"
                + (close ? "Connection: close\r\n" : "")
                + "\r\n";
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
    }

    private static String reason(int status) {
        switch (status) {
            case 200:
                return "OK";
            case 429:
                return "Too Many Requests";
            case 503:
                return "Service Unavailable";
            default:
                return "Status";
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        listener.close();
        acceptor.interrupt();
        for (Socket socket : open) {
            socket.close();
        }
        workers.shutdownNow();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "RawHttpServer(" + port + ", " + String.format(Locale.ROOT, "%d accepted", accepted.get()) + ")";
    }
}
