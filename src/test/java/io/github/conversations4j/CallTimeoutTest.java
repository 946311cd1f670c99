package io.github.conversations4j;

import static io.github.conversations4j.testing.LoopbackServer.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.conversations4j.api.ConversationsApi;
import io.github.conversations4j.errors.BrevoConnectionException;
import io.github.conversations4j.errors.BrevoException;
import io.github.conversations4j.model.Body8;
import io.github.conversations4j.testing.LoopbackServer;
import io.github.conversations4j.testing.LoopbackServer.Req;
import io.github.conversations4j.testing.TestTls;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The call timeout, the write timeout, the per-host connection cap and interruption, against servers that drip,
 * never read, or never answer. Durations are checked only against generous upper bounds.
 */
// Cases run side by side (junit-platform.properties): each waits seconds on a server of its own, nearly idle.
@org.junit.jupiter.api.parallel.Execution(org.junit.jupiter.api.parallel.ExecutionMode.CONCURRENT)
class CallTimeoutTest {
    /** The longest timeout these tests set (8 s) plus 5 s for a loaded machine; the defaults are 30 s and more. */
    private static final long BOUND_MILLIS = 13_000;

    private static BrevoConversations.Builder builder(String baseUrl) {
        return BrevoConversations.builder().apiKey("k").baseUrl(baseUrl).retryPolicy(RetryPolicy.none());
    }

    private static String baseUrl(LoopbackServer server, boolean tls) {
        return tls ? "https://localhost:" + server.port() + "/v3" : server.baseUrl();
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** Writes one byte every 300 ms until the client goes away (the write fails) or the test ends. */
    private static void drip(OutputStream out, byte[] first, byte filler) throws IOException, InterruptedException {
        for (byte b : first) {
            out.write(b);
            out.flush();
            Thread.sleep(300); // deliberate stall: the drip under test
        }
        while (true) {
            out.write(filler);
            out.flush();
            Thread.sleep(300); // deliberate stall: the drip under test
        }
    }

    // ---- 6. a server that drips its answer ----

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void aDrippingAnswerEndsAtTheCallTimeoutAndItsConnectionIsClosed(boolean tls) throws Exception {
        AtomicBoolean dripping = new AtomicBoolean(true);
        // Over TLS each byte is a record of its own: every read of the response returns one byte.
        LoopbackServer.RequestHandler handler = (conn, request) -> {
            if (dripping.get()) {
                drip(conn.out, "HTTP/1.1 200 OK\r\nX-Drip: ".getBytes(StandardCharsets.US_ASCII), (byte) 'a');
            }
            conn.write(ok(request.lastSegment()));
            return true;
        };
        try (LoopbackServer server =
                tls ? LoopbackServer.https(TestTls.serverContext(), handler) : LoopbackServer.http(handler)) {
            // Defaults: a read is retried after a timeout, but all of it must fit in the call timeout. 5 s: a cold TLS
            // handshake took over 1.5 s on a busy machine, and the request must reach the server.
            ConversationsApi api = builder(baseUrl(server, tls))
                    .retryPolicy(RetryPolicy.defaults())
                    .sslSocketFactory(TestTls.trustingSocketFactory())
                    .readTimeout(Duration.ofSeconds(1))
                    .callTimeout(Duration.ofSeconds(5))
                    .build();

            long start = System.nanoTime();
            BrevoConnectionException e =
                    assertThrows(BrevoConnectionException.class, () -> api.conversationsMessagesIdGet("A"));
            long millis = millisSince(start);

            assertTrue(e.isTimeout(), e.getMessage());
            assertTrue(millis < BOUND_MILLIS, "a 5 s call timeout ended the call after " + millis + " ms");
            assertTrue(server.requests().size() >= 1);
            assertTrue(
                    server.awaitNoOpenConnections(Duration.ofSeconds(5)),
                    "the client did not close the dripping connection: " + server.openConnections() + " still open");

            dripping.set(false);
            assertEquals("B", api.conversationsMessagesIdGet("B").getId());
        }
    }

    // ---- 7. a dripped TLS handshake ----

    @Test
    void aDrippedTlsHandshakeEndsAtTheCallTimeoutAndNothingWasSent() throws Exception {
        AtomicBoolean dripping = new AtomicBoolean(true);
        AtomicInteger clientHellos = new AtomicInteger();
        try (LoopbackServer server = LoopbackServer.start(conn -> {
            if (!dripping.get()) {
                serveOverTls(conn.socket);
                return;
            }
            if (conn.in.read() == 0x16) { // the client's TLS record: a handshake began
                clientHellos.incrementAndGet();
            }
            // A TLS record header announcing a 16,128-byte handshake record, then its content, byte by byte, forever.
            drip(conn.out, new byte[] {0x16, 0x03, 0x03, 0x3F, 0x00, 0x02}, (byte) 0);
        })) {
            ConversationsApi api = builder("https://127.0.0.1:" + server.port() + "/v3")
                    .retryPolicy(RetryPolicy.defaults())
                    .sslSocketFactory(TestTls.trustingSocketFactory())
                    .connectTimeout(Duration.ofSeconds(10))
                    .callTimeout(Duration.ofSeconds(5))
                    .build();

            long start = System.nanoTime();
            BrevoConnectionException e = assertThrows(
                    BrevoConnectionException.class, () -> api.conversationsMessagesPost(Operations.body8()));
            long millis = millisSince(start);

            assertTrue(e.isTimeout(), e.getMessage());
            assertFalse(e.mayHaveReachedServer(), e.getMessage());
            assertTrue(millis < BOUND_MILLIS, "a 5 s call timeout ended the handshake after " + millis + " ms");
            assertTrue(clientHellos.get() >= 1, "the client never began a handshake");
            assertTrue(server.awaitNoOpenConnections(Duration.ofSeconds(5)), "the client kept the dripping connection");

            dripping.set(false);
            assertEquals(
                    "m-tls",
                    api.conversationsMessagesPost(Operations.body8().text("m-tls"))
                            .getId());
        }
    }

    /** Serves requests over TLS on an accepted socket. */
    private static void serveOverTls(Socket raw) throws IOException {
        SSLSocket ssl =
                (SSLSocket) TestTls.serverContext().getSocketFactory().createSocket(raw, null, raw.getPort(), true);
        ssl.setUseClientMode(false);
        try (ssl) {
            InputStream in = new java.io.BufferedInputStream(ssl.getInputStream());
            OutputStream out = ssl.getOutputStream();
            String line;
            while ((line = LoopbackServer.readLine(in)) != null) {
                Map<String, List<String>> headers = LoopbackServer.readHeaders(in);
                String length = LoopbackServer.first(headers, "Content-Length");
                byte[] body = in.readNBytes(length == null ? 0 : Integer.parseInt(length));
                Req request = new Req(0, 0, line, line.split(" ")[0], line.split(" ")[1], headers, body);
                out.write(ok(request.method().equals("POST") ? request.text() : request.lastSegment())
                        .getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        }
    }

    // ---- 8. a server that never reads ----

    private static final String EIGHT_MEGABYTES = "x".repeat(8 * 1024 * 1024);

    private void neverReadingServer(boolean tls, BrevoConversations.Builder settings, String what) throws Exception {
        AtomicBoolean reading = new AtomicBoolean(false);
        CountDownLatch release = new CountDownLatch(1);
        List<Long> drainedUntilClose = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (LoopbackServer server = LoopbackServer.start(tls ? TestTls.serverContext() : null, 4096, conn -> {
            if (reading.get()) {
                conn.serveRequests((c, request) -> {
                    c.write(ok(request.text()));
                    return true;
                });
                return;
            }
            release.await(30, TimeUnit.SECONDS); // reads nothing until the test has its answer
            long drained = 0;
            byte[] buffer = new byte[65536];
            try {
                int n;
                while ((n = conn.in.read(buffer)) >= 0) {
                    drained += n;
                }
            } catch (IOException reset) {
                // a reset also tells that the client closed
            }
            drainedUntilClose.add(drained);
        })) {
            ConversationsApi api = settings.baseUrl(baseUrl(server, tls))
                    .sslSocketFactory(TestTls.trustingSocketFactory())
                    .build();

            long start = System.nanoTime();
            BrevoConnectionException e = assertThrows(
                    BrevoConnectionException.class,
                    () -> api.conversationsMessagesPost(Operations.body8().text(EIGHT_MEGABYTES)));
            long millis = millisSince(start);

            assertTrue(e.isTimeout(), e.getMessage());
            assertTrue(millis < BOUND_MILLIS, what + " ended the blocked write after " + millis + " ms");
            int connections = server.accepted();
            assertTrue(connections >= 1);
            release.countDown();
            assertTrue(server.awaitNoOpenConnections(Duration.ofSeconds(5)), "the client kept a blocked connection");
            assertEquals(connections, drainedUntilClose.size(), "the server did not see every connection closed");
            for (long drained : drainedUntilClose) {
                assertTrue(drained < EIGHT_MEGABYTES.length(), "a whole request went through after all: " + drained);
            }

            reading.set(true);
            assertEquals(
                    "small",
                    api.conversationsMessagesPost(Operations.body8().text("small"))
                            .getId());
            assertEquals(
                    List.of("small"), server.requests().stream().map(Req::text).collect(Collectors.toList()));
        }
    }

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void aWriteThatBlocksEndsAtTheWriteTimeout(boolean tls) throws Exception {
        neverReadingServer(
                tls,
                BrevoConversations.builder()
                        .apiKey("k")
                        .retryPolicy(RetryPolicy.none())
                        .writeTimeout(Duration.ofMillis(500)),
                "a 500 ms write timeout");
    }

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void aWriteThatBlocksEndsAtTheCallTimeout(boolean tls) throws Exception {
        // Defaults: whether or not the send is retried, all of it must fit in the call timeout. 8 s: the SDK encodes
        // the 8 MB inside the call, which took more than 3 s with six busy loops on 2 cores, and the write must be
        // reached.
        neverReadingServer(
                tls,
                BrevoConversations.builder()
                        .apiKey("k")
                        .retryPolicy(RetryPolicy.defaults())
                        .callTimeout(Duration.ofSeconds(8)),
                "an 8 s call timeout");
    }

    // ---- 11. the per-host connection cap ----

    @Test
    void noMoreConnectionsThanTheCapAndEveryCallSucceeds() throws Exception {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        try (LoopbackServer server = LoopbackServer.http((conn, request) -> {
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                Thread.sleep(100); // deliberate stall: each call holds its connection, so that calls pile up on the cap
            } finally {
                inFlight.decrementAndGet();
            }
            conn.write(ok(request.lastSegment()));
            return true;
        })) {
            ConversationsApi api =
                    builder(server.baseUrl()).maxConnectionsPerHost(2).build();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<String>> answers = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    String id = "c" + i;
                    answers.add(pool.submit(() -> {
                        start.await();
                        return api.conversationsMessagesIdGet(id).getId();
                    }));
                }
                start.countDown();
                for (int i = 0; i < 8; i++) {
                    assertEquals("c" + i, answers.get(i).get(20, TimeUnit.SECONDS));
                }
            } finally {
                pool.shutdownNow();
            }
            assertEquals(8, server.requests().size());
            assertTrue(
                    server.maxOpenConnections() <= 2,
                    "the server saw " + server.maxOpenConnections() + " connections at once, cap 2");
            assertTrue(maxInFlight.get() <= 2, maxInFlight.get() + " requests at once, cap 2");
            assertEquals("next", api.conversationsMessagesIdGet("next").getId());
        }
    }

    /**
     * A send whose body blocks while it is being encoded (not while it is validated), until the test lets it go:
     * its call has started, so its call timeout runs, but it has not asked for a connection yet.
     */
    static final class StallingBody8 extends Body8 {
        private static final long serialVersionUID = 1L;
        final transient CountDownLatch stalled = new CountDownLatch(1);
        final transient CountDownLatch go = new CountDownLatch(1);

        @Override
        public String getText() {
            boolean validating = StackWalker.getInstance()
                    .walk(frames -> frames.anyMatch(f -> f.getClassName().endsWith("RequestValidator")));
            if (!validating && stalled.getCount() > 0) {
                stalled.countDown();
                try {
                    go.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return super.getText();
        }
    }

    @Test
    void aCallWaitingForAConnectionPastItsCallTimeoutFailsWithoutSending() throws Exception {
        CountDownLatch heldReceived = new CountDownLatch(1);
        CountDownLatch releaseHeld = new CountDownLatch(1);
        try (LoopbackServer server = LoopbackServer.http((conn, request) -> {
            if (request.target().endsWith("/held")) {
                heldReceived.countDown();
                releaseHeld.await(10, TimeUnit.SECONDS);
            }
            conn.write(ok(request.method().equals("POST") ? request.text() : request.lastSegment()));
            return true;
        })) {
            ConversationsApi api = builder(server.baseUrl())
                    .maxConnectionsPerHost(1)
                    .callTimeout(Duration.ofMillis(500))
                    .build();
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                // The send starts first, so that its call timeout ends before the held call's: it then can only have
                // waited for the one connection the whole time, never got it, and never sent.
                StallingBody8 body = new StallingBody8();
                body.visitorId(Operations.VISITOR_ID)
                        .agentId(Operations.AGENT_ID)
                        .text("waiting-send");
                AtomicReference<Long> sendMillis = new AtomicReference<>();
                Future<BrevoException> send = pool.submit(() -> {
                    long start = System.nanoTime();
                    try {
                        api.conversationsMessagesPost(body);
                        return null;
                    } catch (BrevoException e) {
                        return e;
                    } finally {
                        sendMillis.set(millisSince(start));
                    }
                });
                assertTrue(body.stalled.await(5, TimeUnit.SECONDS), "the send never began encoding its body");
                Future<String> held =
                        pool.submit(() -> api.conversationsMessagesIdGet("held").getId());
                assertTrue(heldReceived.await(5, TimeUnit.SECONDS), "the held call never reached the server");
                body.go.countDown();

                BrevoException e = send.get(10, TimeUnit.SECONDS);
                releaseHeld.countDown();
                assertNotNull(e, "the send got the only connection although the held call had it");
                assertTrue(e instanceof BrevoConnectionException, e.toString());
                BrevoConnectionException c = (BrevoConnectionException) e;
                assertTrue(c.isTimeout(), c.getMessage());
                assertFalse(c.mayHaveReachedServer(), c.getMessage());
                assertTrue(sendMillis.get() < BOUND_MILLIS, "the send waited " + sendMillis.get() + " ms");
                try {
                    held.get(10, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException ignored) {
                    // the held call may well have timed out itself: not what this test is about
                }
            } finally {
                releaseHeld.countDown();
                pool.shutdownNow();
            }
            assertEquals("next", api.conversationsMessagesIdGet("next").getId());
            assertEquals(
                    List.of(),
                    server.requests().stream()
                            .filter(r -> r.method().equals("POST"))
                            .collect(Collectors.toList()),
                    "the send that timed out waiting for a connection reached the server");
        }
    }

    // ---- 13. interruption ----

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void interruptingACallBlockedOnTheResponseEndsItPromptly(boolean tls) throws Exception {
        CountDownLatch received = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        LoopbackServer.RequestHandler handler = (conn, request) -> {
            if (request.target().endsWith("/hang")) {
                received.countDown();
                release.await(30, TimeUnit.SECONDS); // never answers while the test runs
                return false;
            }
            conn.write(ok(request.lastSegment()));
            return true;
        };
        try (LoopbackServer server =
                tls ? LoopbackServer.https(TestTls.serverContext(), handler) : LoopbackServer.http(handler)) {
            FakeSleeper sleeper = new FakeSleeper();
            ConversationsApi api = builder(baseUrl(server, tls))
                    .retryPolicy(RetryPolicy.defaults())
                    .sleeper(sleeper)
                    .sslSocketFactory(TestTls.trustingSocketFactory())
                    .readTimeout(Duration.ofSeconds(30))
                    .build();
            AtomicReference<Object> outcome = new AtomicReference<>();
            AtomicBoolean interruptedAfter = new AtomicBoolean();
            Thread caller = new Thread(
                    () -> {
                        try {
                            outcome.set(api.conversationsMessagesIdGet("hang"));
                        } catch (RuntimeException e) {
                            outcome.set(e);
                        }
                        interruptedAfter.set(Thread.currentThread().isInterrupted());
                    },
                    "interrupted-caller");
            caller.setDaemon(true);
            try {
                caller.start();
                assertTrue(received.await(5, TimeUnit.SECONDS), "the call never reached the server");
                long start = System.nanoTime();
                caller.interrupt();
                caller.join(BOUND_MILLIS);
                long millis = millisSince(start);

                assertFalse(caller.isAlive(), "the interrupted call still runs after " + millis + " ms");
                assertTrue(outcome.get() instanceof BrevoException, "the call ended with " + outcome.get());
                BrevoException e = (BrevoException) outcome.get();
                assertEquals(1, e.attempts(), "an interrupted call was retried: " + e.getMessage());
                assertTrue(interruptedAfter.get(), "the interrupt flag was cleared");
                assertEquals(List.of(), sleeper.sleeps());
                assertEquals(1, server.requests().size());
            } finally {
                release.countDown();
                caller.interrupt();
            }
            assertEquals("B", api.conversationsMessagesIdGet("B").getId());
        }
    }
}
