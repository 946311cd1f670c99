package io.github.conversations4j.transport;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.conversations4j.BrevoConversations;
import io.github.conversations4j.RetryPolicy;
import io.github.conversations4j.Sleeper;
import io.github.conversations4j.api.ConversationsApi;
import io.github.conversations4j.errors.BrevoConnectionException;
import io.github.conversations4j.model.Body8;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.TrustManagerFactory;

/** Shared pieces of the hostile loopback servers. Everything binds 127.0.0.1; everything is closed. */
final class Hostile {
    static final String KEY = "xkeysib-SECRETAPIKEY0123456789abcdef";
    static final String PROXY_USER = "proxyuser";
    static final String PROXY_PASS = "S3cretProxyPassw0rd";

    private Hostile() {}

    /** One request as a hostile server saw it. */
    record Req(String method, String path, Map<String, String> headers, byte[] body, int conn) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    @FunctionalInterface
    interface ConnHandler {
        void handle(Socket socket, int conn, Server server) throws Exception;
    }

    /** A loopback server that runs one handler per accepted connection. */
    static final class Server implements AutoCloseable {
        final ServerSocket listener;
        final List<Req> requests = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger connections = new AtomicInteger();
        final Set<Socket> open = ConcurrentHashMap.newKeySet();
        final List<Thread> threads = Collections.synchronizedList(new ArrayList<>());
        final ConnHandler handler;
        volatile boolean closed;

        private Server(ServerSocket listener, ConnHandler handler) {
            this.listener = listener;
            this.handler = handler;
            Thread acceptor = new Thread(this::acceptLoop, "hostile-acceptor");
            acceptor.setDaemon(true);
            threads.add(acceptor);
            acceptor.start();
        }

        static Server start(ConnHandler handler) throws IOException {
            return start(0, handler);
        }

        /**
         * A server whose accepted sockets have this receive buffer (0: the system's): a small one lets a body of a
         * few megabytes fill the way to a server that never reads, so that no test needs to encode a huge one.
         */
        static Server start(int receiveBuffer, ConnHandler handler) throws IOException {
            ServerSocket ss = new ServerSocket();
            ss.setReuseAddress(true);
            if (receiveBuffer > 0) {
                ss.setReceiveBufferSize(receiveBuffer);
            }
            ss.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
            return new Server(ss, handler);
        }

        static Server startTls(SSLContext context, ConnHandler handler) throws IOException {
            return startTls(context, 0, handler);
        }

        static Server startTls(SSLContext context, int receiveBuffer, ConnHandler handler) throws IOException {
            SSLServerSocket ss =
                    (SSLServerSocket) context.getServerSocketFactory().createServerSocket();
            ss.setReuseAddress(true);
            if (receiveBuffer > 0) {
                ss.setReceiveBufferSize(receiveBuffer);
            }
            ss.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
            return new Server(ss, handler);
        }

        int port() {
            return listener.getLocalPort();
        }

        String base() {
            return "http://127.0.0.1:" + port() + "/v3";
        }

        String tlsBase() {
            return "https://127.0.0.1:" + port() + "/v3";
        }

        long sends() {
            synchronized (requests) {
                return requests.stream()
                        .filter(r -> r.method.equals("POST") && r.path.equals("/v3/conversations/messages"))
                        .count();
            }
        }

        private void acceptLoop() {
            while (!closed) {
                Socket s;
                try {
                    s = listener.accept();
                } catch (IOException e) {
                    return;
                }
                int n = connections.incrementAndGet();
                open.add(s);
                Thread t = new Thread(
                        () -> {
                            try {
                                handler.handle(s, n, this);
                            } catch (Exception | AssertionError e) {
                                // the client went away, or the handler gave up
                            } finally {
                                open.remove(s);
                                try {
                                    s.close();
                                } catch (IOException ignored) {
                                    // closing
                                }
                            }
                        },
                        "hostile-conn-" + n);
                t.setDaemon(true);
                threads.add(t);
                t.start();
            }
        }

        /** Reads one request; null at a clean end of stream. Records it. */
        Req read(InputStream in, int conn) throws IOException {
            String line = line(in);
            while (line != null && line.isEmpty()) {
                line = line(in); // the client's stray CRLF, if any
            }
            if (line == null) {
                return null;
            }
            String[] parts = line.split(" ");
            if (parts.length < 3) {
                throw new IOException("not a request line: " + line);
            }
            Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            String h;
            while ((h = line(in)) != null && !h.isEmpty()) {
                int colon = h.indexOf(':');
                headers.put(h.substring(0, colon).trim(), h.substring(colon + 1).trim());
            }
            if (h == null) {
                return null; // cut in the head: not a request
            }
            int length = Integer.parseInt(headers.getOrDefault("Content-Length", "0"));
            byte[] body = in.readNBytes(length);
            if (body.length < length) {
                return null; // cut in the body: not a whole request
            }
            Req r = new Req(parts[0], parts[1], headers, body, conn);
            requests.add(r);
            return r;
        }

        @Override
        public void close() {
            closed = true;
            try {
                listener.close();
            } catch (IOException ignored) {
                // closing
            }
            for (Socket s : open) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing
                }
            }
            synchronized (threads) {
                for (Thread t : threads) {
                    t.interrupt();
                }
            }
            synchronized (threads) {
                for (Thread t : threads) {
                    try {
                        t.join(2000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        }
    }

    static String line(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                String s = out.toString(StandardCharsets.ISO_8859_1);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            out.write(b);
        }
        return null;
    }

    static String messageJson(String id) {
        return "{\"id\":\"" + id + "\",\"type\":\"agent\",\"text\":\"t\",\"visitorId\":\"v\",\"agentId\":\"a\","
                + "\"createdAt\":1482512803740,\"receivedFrom\":\"x\"}";
    }

    /** A whole 200 response carrying a message with this id. */
    static byte[] ok(String id) {
        return ok(id, "");
    }

    static byte[] ok(String id, String extraHeaders) {
        byte[] body = messageJson(id).getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n"
                + extraHeaders + "\r\n";
        return concat(head.getBytes(StandardCharsets.ISO_8859_1), body);
    }

    /** The id the client asked for, from the request path; for a send, "send". */
    static String idOf(Req r) {
        String p = r.path;
        int slash = p.lastIndexOf('/');
        return p.startsWith("/v3/conversations/messages/") ? p.substring(slash + 1) : "send";
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static void write(OutputStream out, byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /**
     * A client whose timeouts only bound a hang: a cold TLS handshake took more than 5 s with six busy loops on 2
     * cores. Tests of timeouts set the ones they test.
     */
    static BrevoConversations.Builder builder(String base) {
        return BrevoConversations.builder()
                .apiKey(KEY)
                .baseUrl(base)
                .retryPolicy(RetryPolicy.none())
                .connectTimeout(Duration.ofSeconds(10))
                .readTimeout(Duration.ofSeconds(10))
                .writeTimeout(Duration.ofSeconds(10))
                .callTimeout(Duration.ofSeconds(30));
    }

    static ConversationsApi api(String base, Consumer<BrevoConversations.Builder> config) {
        BrevoConversations.Builder b = builder(base);
        config.accept(b);
        return b.build();
    }

    static Body8 body8(String text) {
        return new Body8()
                .visitorId("kZMvWhf8npAu3H6qd57w2Hv6nh6rnxvg")
                .text(text)
                .agentId("d9nKoegKSjmCtyK78")
                .receivedFrom("SuperAwesomeHelpdesk");
    }

    static int fds() {
        String[] list = new File("/proc/self/fd").list();
        return list == null ? -1 : list.length;
    }

    /**
     * What a call did, timed, on its own daemon thread so that a hang is reported rather than suffered; endNanos is
     * when it ended on the {@link System#nanoTime()} clock (0 while it hangs).
     */
    record Outcome(Object result, Throwable error, long millis, boolean hung, Thread thread, long endNanos) {
        @Override
        public String toString() {
            return hung
                    ? "STILL BLOCKED after " + millis + " ms"
                    : (error != null ? error.getClass().getName() + ": " + error.getMessage() : "result " + result)
                            + " after " + millis + " ms";
        }
    }

    static Outcome timed(long hardLimitMillis, Callable<?> call) throws InterruptedException {
        Object[] result = new Object[1];
        Throwable[] error = new Throwable[1];
        long start = System.nanoTime();
        long[] end = new long[1];
        Thread t = new Thread(
                () -> {
                    try {
                        result[0] = call.call();
                    } catch (Throwable e) {
                        error[0] = e;
                    } finally {
                        end[0] = System.nanoTime();
                    }
                },
                "attack-caller");
        t.setDaemon(true);
        t.start();
        t.join(hardLimitMillis);
        if (t.isAlive()) {
            return new Outcome(null, null, (System.nanoTime() - start) / 1_000_000, true, t, 0);
        }
        return new Outcome(result[0], error[0], (end[0] - start) / 1_000_000, false, t, end[0]);
    }

    /**
     * How much later than its deadline a call may end on a loaded machine: a hang is still caught, a few hundred
     * milliseconds of scheduling delay (two busy cores, a body being encoded) fail nothing.
     */
    static final Duration SLACK = Duration.ofSeconds(5);

    /**
     * The SDK's clock seam ({@link Sleeper}) on the real clock, remembering when each calling thread's first call
     * read it: the moment the SDK started that call's timeout. A test then measures from there, not from before a
     * thread start or a body build, and can tell that a timeout fired no earlier than the deadline the SDK set.
     */
    static final class CallClock implements Sleeper {
        private final Map<Thread, Long> starts = new ConcurrentHashMap<>();

        @Override
        public long nanoTime() {
            long now = System.nanoTime();
            starts.putIfAbsent(Thread.currentThread(), now);
            return now;
        }

        @Override
        public void sleep(Duration duration) throws InterruptedException {
            Sleeper.system().sleep(duration);
        }

        /** When the SDK started the first call made on this thread; fails when it made none. */
        long startOf(Thread thread) {
            Long start = starts.get(thread);
            if (start == null) {
                throw new AssertionError("the SDK never read its clock on " + thread.getName());
            }
            return start;
        }
    }

    /** How the SDK's messages name a call timeout: "call timeout of 700 ms", "call timeout of 4 s". */
    static String callTimeoutText(Duration callTimeout) {
        long millis = callTimeout.toMillis();
        return "call timeout of " + (millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms");
    }

    /**
     * Checks that a call ended as a timeout, between {@code atLeast} after the SDK started it (measured through
     * {@code clock}; the call's own deadline when the call timeout is what ends it) and the call timeout plus
     * {@link #SLACK}.
     */
    static BrevoConnectionException assertTimedOut(
            String what, Outcome o, CallClock clock, Duration atLeast, Duration callTimeout) {
        assertFalse(o.hung(), what + ": " + o);
        assertTrue(o.error() instanceof BrevoConnectionException, what + ": " + o);
        BrevoConnectionException e = (BrevoConnectionException) o.error();
        assertTrue(e.isTimeout(), what + ": isTimeout false: " + o);
        long took = o.endNanos() - clock.startOf(o.thread());
        assertTrue(
                took >= atLeast.toNanos(),
                what + ": ended " + took / 1_000 + " us after the SDK started the " + "call, before "
                        + atLeast.toMillis() + " ms: " + o);
        assertTrue(
                took <= callTimeout.plus(SLACK).toNanos(),
                what + ": ended " + took / 1_000_000
                        + " ms after the SDK started the call, past " + callTimeout.toMillis() + " ms + "
                        + SLACK.toSeconds()
                        + " s: " + o);
        return e;
    }

    /** Waits (at most 20 s, then fails) until the condition holds. */
    static void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        io.github.conversations4j.testing.Await.until(what, Duration.ofSeconds(20), condition::getAsBoolean);
    }

    /**
     * Waits until a live thread whose name starts with {@code prefix} is parked (WAITING or TIMED_WAITING) inside a
     * method of this name: where a test wants a call to block before it acts on it.
     */
    static void awaitParkedIn(String prefix, String method) throws InterruptedException {
        await("a thread " + prefix + "* parked in " + method + "()", () -> {
            for (Map.Entry<Thread, StackTraceElement[]> e :
                    Thread.getAllStackTraces().entrySet()) {
                Thread.State state = e.getKey().getState();
                if (e.getKey().getName().startsWith(prefix)
                        && (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING)) {
                    for (StackTraceElement frame : e.getValue()) {
                        if (frame.getMethodName().equals(method)) {
                            return true;
                        }
                    }
                }
            }
            return false;
        });
    }

    /** The stacks of the threads whose names start with one of these. */
    static String stacks(String... prefixes) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<Thread, StackTraceElement[]> e :
                Thread.getAllStackTraces().entrySet()) {
            for (String prefix : prefixes) {
                if (e.getKey().getName().startsWith(prefix)) {
                    sb.append("  thread ")
                            .append(e.getKey().getName())
                            .append(" ")
                            .append(e.getKey().getState())
                            .append('\n');
                    StackTraceElement[] st = e.getValue();
                    for (int i = 0; i < Math.min(st.length, 14); i++) {
                        sb.append("      at ").append(st[i]).append('\n');
                    }
                }
            }
        }
        return sb.toString();
    }

    // ---- TLS ----

    private static SSLContext server;
    private static SSLContext client;

    static synchronized SSLContext serverTls() throws Exception {
        init();
        return server;
    }

    static synchronized SSLContext clientTls() throws Exception {
        init();
        return client;
    }

    private static void init() throws Exception {
        if (server != null) {
            return;
        }
        Path dir = Files.createTempDirectory("attack-tls");
        Path ks = dir.resolve("server.p12");
        Process p = new ProcessBuilder(
                        "keytool",
                        "-genkeypair",
                        "-alias",
                        "s",
                        "-keyalg",
                        "EC",
                        "-groupname",
                        "secp256r1",
                        "-dname",
                        "CN=127.0.0.1",
                        "-ext",
                        "SAN=ip:127.0.0.1,dns:localhost",
                        "-validity",
                        "2",
                        "-keystore",
                        ks.toString(),
                        "-storetype",
                        "PKCS12",
                        "-storepass",
                        "changeit",
                        "-keypass",
                        "changeit")
                .redirectErrorStream(true)
                .start();
        p.getInputStream().readAllBytes();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("keytool failed");
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (FileInputStream in = new FileInputStream(ks.toFile())) {
            store.load(in, "changeit".toCharArray());
        }
        Files.deleteIfExists(ks);
        Files.deleteIfExists(dir);
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, "changeit".toCharArray());
        SSLContext s = SSLContext.getInstance("TLS");
        s.init(kmf.getKeyManagers(), null, null);
        Certificate cert = store.getCertificate("s");
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("s", cert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext c = SSLContext.getInstance("TLS");
        c.init(null, tmf.getTrustManagers(), null);
        server = s;
        client = c;
    }

    /** Walks a throwable's causes and suppressed, collecting every message and toString. */
    static String allText(Throwable t) {
        StringBuilder sb = new StringBuilder();
        collect(t, sb, Collections.newSetFromMap(new java.util.IdentityHashMap<>()));
        return sb.toString();
    }

    private static void collect(Throwable t, StringBuilder sb, Set<Throwable> seen) {
        if (t == null || !seen.add(t)) {
            return;
        }
        sb.append(t).append('\n');
        java.io.StringWriter w = new java.io.StringWriter();
        t.printStackTrace(new java.io.PrintWriter(w));
        sb.append(w).append('\n');
        collect(t.getCause(), sb, seen);
        for (Throwable s : t.getSuppressed()) {
            collect(s, sb, seen);
        }
    }
}
