package io.github.conversations4j.transport;

import static io.github.conversations4j.transport.Hostile.ascii;
import static io.github.conversations4j.transport.Hostile.body8;
import static io.github.conversations4j.transport.Hostile.builder;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.conversations4j.api.ConversationsApi;
import io.github.conversations4j.errors.BrevoConnectionException;
import io.github.conversations4j.errors.BrevoException;
import io.github.conversations4j.model.Body8;
import java.io.BufferedInputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/**
 * Promise 5: an interrupt of the caller ends the call at once, with one of the SDK's own exceptions. Each test
 * interrupts only once the call is where it should block (the server says so, or the caller is parked), and
 * allows a loaded machine a few seconds for "at once": every timeout here is 20 s or more, so a call that waited
 * for one instead of the interrupt still fails.
 */
class InterruptTest {
    /** How long after the interrupt the call may end: far below the 20 s timeouts, far above a busy scheduler. */
    static final long PROMPT_MILLIS = 5000;

    /** Returns once the call is where the test wants to interrupt it. */
    @FunctionalInterface
    interface Blocked {
        void await() throws Exception;
    }

    static Blocked latch(CountDownLatch latch, String what) {
        return () -> assertTrue(latch.await(20, TimeUnit.SECONDS), "never: " + what);
    }

    static void interruptAfter(String what, Blocked blocked, Callable<?> call) throws Exception {
        Object[] result = new Object[1];
        long[] end = new long[1];
        Thread t = new Thread(
                () -> {
                    try {
                        result[0] = call.call();
                    } catch (Throwable e) {
                        result[0] = e;
                    }
                    end[0] = System.nanoTime();
                },
                "attack-caller");
        t.setDaemon(true);
        t.start();
        blocked.await();
        // Deliberate stall, not a wait: an interrupt at any moment must work; this only makes the blocking step likely.
        Thread.sleep(100); // into the blocking step, most likely; an interrupt just before it must work as well
        long interruptedAt = System.nanoTime();
        t.interrupt();
        t.join(PROMPT_MILLIS + 10_000);
        String stacks = t.isAlive() ? Hostile.stacks("attack-caller", "conversations4j-watchdog") : "";
        long ms = t.isAlive() ? -1 : (end[0] - interruptedAt) / 1_000_000;
        System.out.println("[Interrupt] " + what + ": "
                + (t.isAlive()
                        ? "STILL BLOCKED after the interrupt\n" + stacks
                        : result[0] + " " + ms + " ms after the interrupt"));
        if (t.isAlive()) {
            fail(what + ": still blocked " + (PROMPT_MILLIS + 10_000) + " ms after the interrupt");
        }
        assertTrue(ms < PROMPT_MILLIS, what + ": " + ms + " ms");
        assertTrue(result[0] instanceof BrevoException, what + ": " + result[0]);
        if (result[0] instanceof BrevoConnectionException) {
            assertFalse(
                    ((BrevoConnectionException) result[0]).isTimeout(),
                    what + ": ended by a timeout, not the " + "interrupt: " + result[0]);
        }
    }

    static ConversationsApi api(
            String base, java.util.function.UnaryOperator<io.github.conversations4j.BrevoConversations.Builder> c) {
        return c.apply(builder(base)
                        .readTimeout(Duration.ofSeconds(20))
                        .writeTimeout(Duration.ofSeconds(20))
                        .connectTimeout(Duration.ofSeconds(20))
                        .callTimeout(Duration.ofSeconds(30)))
                .build();
    }

    @Test
    void plainRead() throws Exception {
        CountDownLatch read = new CountDownLatch(1);
        try (Hostile.Server server = Hostile.Server.start((s, n, srv) -> {
            srv.read(new BufferedInputStream(s.getInputStream()), n);
            read.countDown();
            Thread.sleep(30_000); // deliberate stall: a server that never answers
        })) {
            ConversationsApi api = api(server.base(), b -> b);
            interruptAfter(
                    "plain read", latch(read, "the request at the server"), () -> api.conversationsMessagesIdGet("x"));
        }
    }

    @Test
    void plainWriteNeverRead() throws Exception {
        // A 4 KiB receive buffer on the server's side: 8 MB cannot all be written (48 MB took long to encode).
        CountDownLatch accepted = new CountDownLatch(1);
        Body8 big = body8("x".repeat(8 * 1024 * 1024));
        try (Hostile.Server server = Hostile.Server.start(4096, (s, n, srv) -> {
            accepted.countDown();
            Thread.sleep(30_000); // deliberate stall: a server that never answers
        })) {
            ConversationsApi api = api(server.base(), b -> b);
            interruptAfter(
                    "plain write never read",
                    latch(accepted, "a connection"),
                    () -> api.conversationsMessagesPost(big));
        }
    }

    @Test
    void tlsHandshake() throws Exception {
        CountDownLatch accepted = new CountDownLatch(1);
        try (Hostile.Server server = Hostile.Server.start((s, n, srv) -> {
            accepted.countDown();
            Thread.sleep(30_000); // deliberate stall: a server that never answers
        })) {
            ConversationsApi api = api(
                    "https://127.0.0.1:" + server.port() + "/v3",
                    b -> b.sslSocketFactory(TlsHandshakeDripTest.factory()));
            interruptAfter(
                    "TLS handshake never answered",
                    latch(accepted, "a connection"),
                    () -> api.conversationsMessagesIdGet("x"));
        }
    }

    @Test
    void tlsRead() throws Exception {
        CountDownLatch read = new CountDownLatch(1);
        try (Hostile.Server server = Hostile.Server.startTls(Hostile.serverTls(), (s, n, srv) -> {
            ((SSLSocket) s).startHandshake();
            srv.read(new BufferedInputStream(s.getInputStream()), n);
            read.countDown();
            Thread.sleep(30_000); // deliberate stall: a server that never answers
        })) {
            ConversationsApi api = api(server.tlsBase(), b -> b.sslSocketFactory(TlsHandshakeDripTest.factory()));
            interruptAfter(
                    "TLS read", latch(read, "the request at the server"), () -> api.conversationsMessagesIdGet("x"));
        }
    }

    @Test
    void tlsWriteNeverRead() throws Exception {
        CountDownLatch handshaken = new CountDownLatch(1);
        Body8 big = body8("x".repeat(8 * 1024 * 1024));
        try (Hostile.Server server = Hostile.Server.startTls(Hostile.serverTls(), 4096, (s, n, srv) -> {
            ((SSLSocket) s).startHandshake();
            handshaken.countDown();
            Thread.sleep(30_000); // deliberate stall: a server that never answers
        })) {
            ConversationsApi api = api(server.tlsBase(), b -> b.sslSocketFactory(TlsHandshakeDripTest.factory()));
            interruptAfter(
                    "TLS write never read",
                    latch(handshaken, "a TLS handshake"),
                    () -> api.conversationsMessagesPost(big));
        }
    }

    @Test
    void permitWait() throws Exception {
        try (Hostile.Server server = Hostile.Server.start((s, n, srv) -> {
            srv.read(new BufferedInputStream(s.getInputStream()), n);
            Thread.sleep(30_000); // deliberate stall: a server that never answers
        })) {
            ConversationsApi api = api(server.base(), b -> b.maxConnectionsPerHost(1));
            Thread holder = new Thread(() -> {
                try {
                    api.conversationsMessagesIdGet("holder");
                } catch (RuntimeException ignored) {
                    // ends when the server closes
                }
            });
            holder.setDaemon(true);
            holder.start();
            Hostile.await("the holder's request at the server", () -> server.requests.size() == 1);
            interruptAfter(
                    "waiting for a permit",
                    () -> Hostile.awaitParkedIn("attack-caller", "acquire"),
                    () -> api.conversationsMessagesIdGet("x"));
        }
    }

    @Test
    void connectTunnel() throws Exception {
        CountDownLatch answered = new CountDownLatch(1);
        try (Hostile.Server proxy = Hostile.Server.start((s, n, srv) -> {
            Hostile.line(s.getInputStream());
            OutputStream out = s.getOutputStream();
            out.write(ascii("HTTP/1.1 200 OK\r\n"));
            out.flush();
            answered.countDown();
            Thread.sleep(30_000); // deliberate stall: a server that never answers
        })) {
            ConversationsApi api = api(
                    "https://127.0.0.1:1/v3",
                    b -> b.sslSocketFactory(TlsHandshakeDripTest.factory())
                            .proxy(new Proxy(Proxy.Type.HTTP, new InetSocketAddress("127.0.0.1", proxy.port()))));
            interruptAfter(
                    "CONNECT answer never finished",
                    latch(answered, "the start of the proxy's answer"),
                    () -> api.conversationsMessagesIdGet("x"));
        }
    }

    @Test
    void alreadyInterrupted() throws Exception {
        try (Hostile.Server server = Hostile.Server.start((s, n, srv) -> {
            srv.read(new BufferedInputStream(s.getInputStream()), n);
            Thread.sleep(30_000); // deliberate stall: a server that never answers
        })) {
            ConversationsApi api = api(server.base(), b -> b);
            Hostile.Outcome o = Hostile.timed(PROMPT_MILLIS + 10_000, () -> {
                Thread.currentThread().interrupt();
                return api.conversationsMessagesPost(body8("x"));
            });
            System.out.println("[Interrupt] caller interrupted before the call: " + o + "; server got " + server.sends()
                    + " sends");
            assertTrue(o.error() instanceof BrevoException, o.toString());
            assertTrue(o.millis() < PROMPT_MILLIS, o.toString());
        }
    }
}
