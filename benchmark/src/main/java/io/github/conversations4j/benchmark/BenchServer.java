package io.github.conversations4j.benchmark;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The loopback server every client talks to: a raw-socket HTTP/1.1 keep-alive server, one thread per connection,
 * answering the nine Conversations operations with fixed bodies (Brevo's own examples). Runs in its own process
 * (started by {@link Main}) so its work never shows in the client's CPU or allocation figures.
 *
 * <p>It does as little as a server can: parses the request line, the headers it needs ({@code Content-Length},
 * {@code Transfer-Encoding}, {@code api-key}, {@code Connection}), drains the body and writes a prebuilt response.
 * A request without {@code api-key} gets a 401, an unknown route a 404, so a misconfigured client shows up at once.
 *
 * <p>Prints {@code LISTENING <port>} on stdout when ready; exits when its stdin reaches end of file (the parent
 * died or closed it), so it never outlives a run. {@code GET /__connections} answers the number of connections
 * accepted so far and the connection threads that ended since the last such query, and closes.
 */
public final class BenchServer {
    static final String PUSHED_MESSAGE = "{\"id\":\"AXCR3k9bpSY7bpuh7\",\"type\":\"agent\","
            + "\"text\":\"Your order has shipped! Here's your tracking number: 9114 5847 3325 9667 4328 88\","
            + "\"visitorId\":\"kZMvWhf8npAu3H6qd57w2Hv6nh6rnxvg\",\"agentId\":\"d9nKoegKSjmCtyK78\","
            + "\"createdAt\":1470222622433,\"isPushed\":true}";
    static final String AGENT_MESSAGE = "{\"id\":\"eYBEm3gq3zc5ayE2g\",\"type\":\"agent\","
            + "\"text\":\"Hello! How can I help you?\",\"visitorId\":\"kZMvWhf8npAu3H6qd57w2Hv6nh6rnxvg\","
            + "\"agentId\":\"d9nKoegKSjmCtyK78\",\"agentName\":\"Jane\",\"createdAt\":1482512803740,"
            + "\"isPushed\":false,\"receivedFrom\":\"SuperAwesomeHelpdesk\"}";
    static final String NOT_FOUND = "{\"code\":\"document_not_found\",\"message\":\"Route not found\"}";
    static final String UNAUTHORIZED = "{\"code\":\"unauthorized\",\"message\":\"Key not found\"}";

    private static final byte[] R200_PUSHED = response(200, "OK", PUSHED_MESSAGE);
    private static final byte[] R200_AGENT = response(200, "OK", AGENT_MESSAGE);
    private static final byte[] R201 = response(201, "Created", null);
    private static final byte[] R204 = response(204, "No Content", null);
    private static final byte[] R404 = response(404, "Not Found", NOT_FOUND);
    private static final byte[] R401 = response(401, "Unauthorized", UNAUTHORIZED);

    /** Connections accepted so far: {@code GET /__connections} answers it, so the harness sees keep-alive at work. */
    private static final java.util.concurrent.atomic.AtomicLong ACCEPTED = new java.util.concurrent.atomic.AtomicLong();
    /**
     * Connection threads that ended since the last {@code GET /__connections}, as "tid:cpuNanos" (the kernel's thread
     * id and the thread's CPU time at its end). A thread's {@code /proc} entry goes with it, so the harness, which
     * reads the live threads' CPU from {@code /proc}, would otherwise miss the work of connections that closed during
     * a batch (the published SDKs' pools close some on every 16-thread batch).
     */
    private static final java.util.concurrent.ConcurrentLinkedQueue<String> ENDED_THREADS =
            new java.util.concurrent.ConcurrentLinkedQueue<>();

    private static final java.lang.management.ThreadMXBean THREADS =
            java.lang.management.ManagementFactory.getThreadMXBean();

    private BenchServer() {}

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 256);
        Thread acceptor = new Thread(() -> accept(server), "accept");
        acceptor.setDaemon(true);
        acceptor.start();
        System.out.println("LISTENING " + server.getLocalPort());
        System.out.flush();
        InputStream in = System.in;
        while (in.read() >= 0) {
            // Anything the parent writes is ignored; end of file means stop.
        }
        server.close();
        System.exit(0);
    }

    private static void accept(ServerSocket server) {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                ACCEPTED.incrementAndGet();
                Thread t = new Thread(() -> serve(s), "conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (server.isClosed()) {
                    return;
                }
            }
        }
    }

    private static byte[] response(int status, String reason, String body) {
        byte[] b = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + " " + reason + "\r\n"
                + "Date: Tue, 25 Nov 2025 11:00:00 GMT\r\n"
                + (b.length > 0 ? "Content-Type: application/json; charset=utf-8\r\n" : "")
                + "Content-Length: " + b.length + "\r\n"
                + "Connection: keep-alive\r\n"
                + "x-sib-ratelimit-limit: 100000\r\n"
                + "x-sib-ratelimit-remaining: 99999\r\n"
                + "x-sib-ratelimit-reset: 1\r\n"
                + "\r\n";
        byte[] h = head.getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[h.length + b.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(b, 0, all, h.length, b.length);
        return all;
    }

    /**
     * Serves one connection until the peer closes it or asks to: one {@link #exchange} call per request.
     *
     * <p>The per-request work is a method of its own, not the body of this loop, so that every connection is served
     * by the same compiled code. With the request handled inline, the JIT could compile it only on-stack, for the
     * loop; its log showed that code made not entrant twice in a run, and in some runs the server then spent about
     * 30 µs of CPU per request on one client's long-lived connections against 6-8 µs on the floor's, which keeps its
     * connections as long, in the same run: that client's 16-thread throughput halved. A method called once per
     * request gets the current compiled code on every call; with it, that figure stayed at 7-8 µs.
     */
    private static void serve(Socket s) {
        try (s) {
            s.setTcpNoDelay(true);
            Reader r = new Reader(s.getInputStream());
            OutputStream out = s.getOutputStream();
            StringBuilder line = new StringBuilder(256);
            while (exchange(r, out, line)) {
                // next request on this connection
            }
        } catch (IOException | RuntimeException e) {
            // The peer went away: nothing to do.
        } finally {
            recordEnd();
        }
    }

    /** Adds this thread to {@link #ENDED_THREADS}; leaves it out where its kernel thread id cannot be read. */
    private static void recordEnd() {
        try {
            // "/proc/thread-self" links to "<pid>/task/<tid>".
            String tid = java.nio.file.Files.readSymbolicLink(java.nio.file.Paths.get("/proc/thread-self"))
                    .getFileName()
                    .toString();
            ENDED_THREADS.add(tid + ":" + THREADS.getCurrentThreadCpuTime());
        } catch (IOException | RuntimeException e) {
            // not Linux: the harness reads no server CPU there anyway
        }
    }

    /** Reads one request and answers it; false when the connection is to be closed (end of stream or asked). */
    private static boolean exchange(Reader r, OutputStream out, StringBuilder line) throws IOException {
        do {
            if (!r.line(line)) {
                return false;
            }
        } while (line.length() == 0); // stray CRLF between requests
        String requestLine = line.toString();
        long contentLength = 0;
        boolean chunked = false;
        boolean hasKey = false;
        boolean close = false;
        while (true) {
            if (!r.line(line)) {
                return false;
            }
            if (line.length() == 0) {
                break;
            }
            int colon = line.indexOf(":");
            if (colon <= 0) {
                continue;
            }
            String name = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("content-length")) {
                contentLength = Long.parseLong(value);
            } else if (name.equalsIgnoreCase("transfer-encoding")) {
                chunked = value.toLowerCase(java.util.Locale.ROOT).contains("chunked");
            } else if (name.equalsIgnoreCase("api-key")) {
                hasKey = !value.isEmpty();
            } else if (name.equalsIgnoreCase("connection")) {
                close = value.equalsIgnoreCase("close");
            } else if (name.equalsIgnoreCase("expect") && value.equalsIgnoreCase("100-continue")) {
                out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        }
        if (chunked) {
            r.drainChunked(line);
        } else {
            r.skip(contentLength);
        }
        if (requestLine.startsWith("GET /__connections ")) {
            StringBuilder answer = new StringBuilder().append(ACCEPTED.get());
            for (String ended; (ended = ENDED_THREADS.poll()) != null; ) {
                answer.append(' ').append(ended);
            }
            out.write(response(200, "OK", answer.toString()));
            out.flush();
            return false;
        }
        out.write(hasKey ? route(requestLine) : R401);
        out.flush();
        return !close;
    }

    static byte[] route(String requestLine) {
        int sp1 = requestLine.indexOf(' ');
        int sp2 = requestLine.indexOf(' ', sp1 + 1);
        if (sp1 < 0 || sp2 < 0) {
            return R404;
        }
        String method = requestLine.substring(0, sp1);
        String path = requestLine.substring(sp1 + 1, sp2);
        int q = path.indexOf('?');
        if (q >= 0) {
            path = path.substring(0, q);
        }
        String p = path.startsWith("/v3/") ? path.substring(3) : path;
        if (p.equals("/conversations/agentOnlinePing")) {
            return method.equals("POST") ? R201 : R404;
        }
        if (p.equals("/conversations/messages")) {
            return method.equals("POST") ? R200_AGENT : R404;
        }
        if (p.equals("/conversations/pushedMessages")) {
            return method.equals("POST") ? R200_PUSHED : R404;
        }
        boolean agent = p.startsWith("/conversations/messages/");
        boolean pushed = p.startsWith("/conversations/pushedMessages/");
        if (!agent && !pushed) {
            return R404;
        }
        switch (method) {
            case "GET":
            case "PUT":
                return agent ? R200_AGENT : R200_PUSHED;
            case "DELETE":
                return R204;
            default:
                return R404;
        }
    }

    /** A small buffered reader of CRLF lines and raw bytes. */
    private static final class Reader {
        private final InputStream in;
        private final byte[] buf = new byte[16384];
        private int pos;
        private int end;

        Reader(InputStream in) {
            this.in = in;
        }

        private boolean fill() throws IOException {
            if (pos < end) {
                return true;
            }
            int n = in.read(buf, 0, buf.length);
            if (n <= 0) {
                return false;
            }
            pos = 0;
            end = n;
            return true;
        }

        boolean line(StringBuilder sb) throws IOException {
            sb.setLength(0);
            while (true) {
                if (!fill()) {
                    return false;
                }
                byte b = buf[pos++];
                if (b == '\n') {
                    int len = sb.length();
                    if (len > 0 && sb.charAt(len - 1) == '\r') {
                        sb.setLength(len - 1);
                    }
                    return true;
                }
                sb.append((char) (b & 0xff));
            }
        }

        void skip(long n) throws IOException {
            while (n > 0) {
                if (!fill()) {
                    throw new IOException("body cut short");
                }
                int k = (int) Math.min(n, end - pos);
                pos += k;
                n -= k;
            }
        }

        void drainChunked(StringBuilder sb) throws IOException {
            while (true) {
                if (!line(sb)) {
                    throw new IOException("chunk cut short");
                }
                String size = sb.toString();
                int semi = size.indexOf(';');
                long n = Long.parseLong((semi >= 0 ? size.substring(0, semi) : size).trim(), 16);
                if (n == 0) {
                    do {
                        if (!line(sb)) {
                            throw new IOException("trailer cut short");
                        }
                    } while (sb.length() > 0);
                    return;
                }
                skip(n);
                line(sb);
            }
        }
    }
}
