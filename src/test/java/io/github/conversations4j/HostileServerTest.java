package io.github.conversations4j;

import static io.github.conversations4j.testing.LoopbackServer.message;
import static io.github.conversations4j.testing.LoopbackServer.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.conversations4j.api.ConversationsApi;
import io.github.conversations4j.errors.BrevoConnectionException;
import io.github.conversations4j.errors.BrevoException;
import io.github.conversations4j.errors.ServerErrorException;
import io.github.conversations4j.testing.LoopbackServer;
import io.github.conversations4j.testing.LoopbackServer.Req;
import io.github.conversations4j.testing.TestTls;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The default transport against servers that misbehave on the wire: stray responses, bodies that do not match
 * their framing, malformed heads, connections closed after every answer, and an untrusted certificate. Each test
 * checks what the server received, what the caller got, and that the next call on the same client is right.
 */
class HostileServerTest {
    private static final String MESSAGES = "/v3/conversations/messages";

    private static BrevoConversations.Builder builder(LoopbackServer server) {
        return BrevoConversations.builder()
                .apiKey("k")
                .baseUrl(server.baseUrl())
                .retryPolicy(RetryPolicy.none())
                .readTimeout(Duration.ofSeconds(5))
                .callTimeout(Duration.ofSeconds(10));
    }

    /** A server over plain HTTP or TLS (the test certificate), with a client for it. */
    private static LoopbackServer server(boolean tls, LoopbackServer.RequestHandler handler) throws Exception {
        return tls ? LoopbackServer.https(TestTls.serverContext(), handler) : LoopbackServer.http(handler);
    }

    private static BrevoConversations.Builder builder(LoopbackServer server, boolean tls) {
        return tls
                ? builder(server)
                        .baseUrl("https://localhost:" + server.port() + "/v3")
                        .sslSocketFactory(TestTls.trustingSocketFactory())
                : builder(server);
    }

    private static List<String> targets(LoopbackServer server) {
        return server.requests().stream()
                .map(r -> r.method() + " " + r.target())
                .collect(Collectors.toList());
    }

    private static List<String> sendsReceived(LoopbackServer server) {
        return server.requests().stream()
                .filter(r -> r.method().equals("POST"))
                .map(Req::text)
                .collect(Collectors.toList());
    }

    private static String strayTooManyRequests() {
        return "HTTP/1.1 429 Too Many Requests\r\nContent-Type: application/json\r\nRetry-After: 0\r\n"
                + "Content-Length: 41\r\n\r\n{\"code\":\"too_many\",\"message\":\"stray 429\"}";
    }

    // ---- 1. stray responses ----

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void aStrayResponseInTheSameWriteIsNeverTakenForTheNextAnswer(boolean tls) throws Exception {
        try (LoopbackServer server = server(tls, (conn, request) -> {
            String id = request.lastSegment();
            conn.write(id.equals("A") ? ok("A") + ok("STRAY") : ok(id)); // one write, two complete responses
            return true;
        })) {
            ConversationsApi api = builder(server, tls).build();

            assertEquals("A", api.conversationsMessagesIdGet("A").getId());
            assertEquals("B", api.conversationsMessagesIdGet("B").getId(), "the stray response was taken for B's");
            assertEquals("C", api.conversationsMessagesIdGet("C").getId());

            assertEquals(
                    List.of("GET " + MESSAGES + "/A", "GET " + MESSAGES + "/B", "GET " + MESSAGES + "/C"),
                    targets(server));
        }
    }

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void aStrayResponseWrittenAfterTheAnswerIsNeverTakenForTheNextAnswer(boolean tls) throws Exception {
        CountDownLatch strayWritten = new CountDownLatch(1);
        CountDownLatch answerTaken = new CountDownLatch(1);
        try (LoopbackServer server = server(tls, (conn, request) -> {
            String id = request.lastSegment();
            conn.write(ok(id));
            if (id.equals("A")) {
                assertTrue(answerTaken.await(20, TimeUnit.SECONDS), "the client never had its answer");
                conn.write(ok("STRAY")); // after the client's call is over: the connection is idle in its pool
                strayWritten.countDown();
            }
            return true;
        })) {
            ConversationsApi api = builder(server, tls).build();

            assertEquals("A", api.conversationsMessagesIdGet("A").getId());
            answerTaken.countDown();
            assertTrue(strayWritten.await(20, TimeUnit.SECONDS), "the server wrote its stray response");
            assertEquals("B", api.conversationsMessagesIdGet("B").getId(), "the stray response was taken for B's");
            assertEquals("C", api.conversationsMessagesIdGet("C").getId());

            assertEquals(
                    List.of("GET " + MESSAGES + "/A", "GET " + MESSAGES + "/B", "GET " + MESSAGES + "/C"),
                    targets(server));
        }
    }

    // ---- 2. a stray 429 on an idle connection ----

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void aStray429OnAnIdleConnectionIsNotTheAnswerToTheNextSend(boolean tls) throws Exception {
        CountDownLatch strayWritten = new CountDownLatch(1);
        CountDownLatch answerTaken = new CountDownLatch(1);
        try (LoopbackServer server = server(tls, (conn, request) -> {
            if (request.method().equals("POST")) {
                conn.write(ok(request.text()));
                return true;
            }
            conn.write(ok(request.lastSegment()));
            if (strayWritten.getCount() > 0) {
                assertTrue(answerTaken.await(20, TimeUnit.SECONDS), "the client never had its answer");
                // the client's call is over: the connection is idle in its pool
                conn.write(strayTooManyRequests());
                strayWritten.countDown();
            }
            return true;
        })) {
            FakeSleeper sleeper = new FakeSleeper();
            // Defaults: a 429 would be retried, so a send taken by the stray 429 would reach the server twice.
            ConversationsApi api = builder(server, tls)
                    .retryPolicy(RetryPolicy.defaults())
                    .sleeper(sleeper)
                    .build();

            assertEquals("A", api.conversationsMessagesIdGet("A").getId());
            answerTaken.countDown();
            assertTrue(strayWritten.await(20, TimeUnit.SECONDS));

            assertEquals(
                    "send-1",
                    api.conversationsMessagesPost(Operations.body8().text("send-1"))
                            .getId());

            assertEquals(List.of("send-1"), sendsReceived(server), "the send reached the server exactly once");
            assertEquals(List.of(), sleeper.sleeps(), "nothing was retried");
            assertEquals("B", api.conversationsMessagesIdGet("B").getId());
        }
    }

    // ---- 3. a 204 with a body ----

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void a204WithABodyIsASuccessAndItsConnectionIsNotReused(boolean tls) throws Exception {
        try (LoopbackServer server = server(tls, (conn, request) -> {
            if (request.method().equals("DELETE")) {
                conn.write("HTTP/1.1 204 No Content\r\nContent-Length: 2\r\n\r\n{}");
            } else {
                conn.write(ok(request.text()));
            }
            return true;
        })) {
            FakeSleeper sleeper = new FakeSleeper();
            ConversationsApi api = builder(server, tls)
                    .retryPolicy(RetryPolicy.defaults())
                    .sleeper(sleeper)
                    .build();

            api.conversationsMessagesIdDelete("A"); // 204 in openapi/conversations.yaml: success, whatever follows

            assertEquals(
                    "after-204",
                    api.conversationsMessagesPost(Operations.body8().text("after-204"))
                            .getId());
            assertEquals(List.of("DELETE " + MESSAGES + "/A", "POST " + MESSAGES), targets(server));
            assertEquals(List.of("after-204"), sendsReceived(server));
            assertEquals(2, server.accepted(), "the connection that carried a 204 with a body was reused");
            assertEquals(List.of(), sleeper.sleeps(), "nothing was retried");
        }
    }

    // ---- 4. a body longer than its Content-Length ----

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void bytesBeyondTheContentLengthAreNotReadAsTheNextResponse(boolean tls) throws Exception {
        try (LoopbackServer server = server(tls, (conn, request) -> {
            String id = request.lastSegment();
            if (id.equals("A")) {
                String json = message("A");
                conn.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                        + json.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + json + "\r\n" + ok("LEFTOVER"));
            } else {
                conn.write(ok(id));
            }
            return true;
        })) {
            ConversationsApi api = builder(server, tls).build();

            assertEquals("A", api.conversationsMessagesIdGet("A").getId());
            assertEquals(
                    "B", api.conversationsMessagesIdGet("B").getId(), "the leftover bytes were read as B's answer");
            assertEquals("C", api.conversationsMessagesIdGet("C").getId());

            assertEquals(
                    List.of("GET " + MESSAGES + "/A", "GET " + MESSAGES + "/B", "GET " + MESSAGES + "/C"),
                    targets(server));
            assertTrue(server.accepted() >= 2, "the connection with leftover bytes was reused");
        }
    }

    // ---- 5. close after every (third) answer, under 16 threads ----

    @ParameterizedTest(name = "the server closes after every {0}. answer")
    @ValueSource(ints = {1, 3})
    void serverClosingAfterAnswersNeverGetsASendTwice(int answersPerConnection) throws Exception {
        closingAfterAnswers(answersPerConnection, false, 16, 50);
    }

    @Test
    void serverClosingAfterEveryAnswerOverTlsNeverGetsASendTwice() throws Exception {
        closingAfterAnswers(1, true, 8, 25);
    }

    private static void closingAfterAnswers(int answersPerConnection, boolean tls, int threads, int callsPerThread)
            throws Exception {
        Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
        AtomicInteger lastAnswers = new AtomicInteger();
        java.util.concurrent.Semaphore closedAfterLastAnswer =
                new java.util.concurrent.Semaphore(0); // a permit a close
        try (LoopbackServer server = LoopbackServer.start(tls ? TestTls.serverContext() : null, 0, conn -> {
            for (int answered = 1; answered <= answersPerConnection; answered++) {
                Req request = conn.readRequest();
                if (request == null) {
                    return;
                }
                String text = request.text();
                received.computeIfAbsent(text, t -> new AtomicInteger()).incrementAndGet();
                if (answered == answersPerConnection) {
                    lastAnswers.incrementAndGet();
                }
                conn.write(ok(text)); // no Connection: close; the connection just ends after it
            }
            conn.socket.close();
            closedAfterLastAnswer.release();
        })) {
            ConversationsApi api = builder(server, tls)
                    .retryPolicy(RetryPolicy.defaults().withBackoff(Duration.ofMillis(1), Duration.ofMillis(5)))
                    .build();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            Map<String, Object> outcomes = new ConcurrentHashMap<>();
            CountDownLatch start = new CountDownLatch(1);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int thread = t;
                    done.add(pool.submit(() -> {
                        start.await();
                        for (int i = 0; i < callsPerThread; i++) {
                            String text = "t" + thread + "-" + i;
                            try {
                                outcomes.put(
                                        text,
                                        api.conversationsMessagesPost(
                                                        Operations.body8().text(text))
                                                .getId());
                            } catch (BrevoException e) {
                                outcomes.put(text, e);
                            }
                        }
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> f : done) {
                    f.get(60, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }

            List<String> twice = new ArrayList<>();
            List<String> successNotReceivedOnce = new ArrayList<>();
            List<String> wrongAnswer = new ArrayList<>();
            List<String> saidNotSentButReceived = new ArrayList<>();
            List<String> failures = new ArrayList<>();
            received.forEach((text, count) -> {
                if (count.get() > 1) {
                    twice.add(text + " x" + count.get());
                }
            });
            outcomes.forEach((text, outcome) -> {
                int count = received.getOrDefault(text, new AtomicInteger()).get();
                if (outcome instanceof String) {
                    if (!outcome.equals(text)) {
                        wrongAnswer.add(text + " got " + outcome);
                    }
                    if (count != 1) {
                        successNotReceivedOnce.add(text + " received " + count + " times");
                    }
                } else {
                    BrevoException e = (BrevoException) outcome;
                    failures.add(text + ": " + e);
                    if (e instanceof BrevoConnectionException
                            && !((BrevoConnectionException) e).mayHaveReachedServer()
                            && count > 0) {
                        saidNotSentButReceived.add(text + ": " + e.getMessage());
                    }
                }
            });
            System.out.printf(
                    "close after every %d. answer%s: %d calls, %d failed, %d connections%n",
                    answersPerConnection, tls ? " (TLS)" : "", outcomes.size(), failures.size(), server.accepted());
            failures.stream().limit(5).forEach(f -> System.out.println("  failed: " + f));

            assertEquals(threads * callsPerThread, outcomes.size());
            assertEquals(List.of(), twice, "sends received twice");
            assertEquals(List.of(), successNotReceivedOnce, "successful sends not received exactly once");
            assertEquals(List.of(), wrongAnswer, "calls that got another call's answer");
            assertEquals(
                    List.of(),
                    saidNotSentButReceived,
                    "failures that said the request did not reach the server, though the server had received it");
            for (String failure : failures) {
                assertTrue(
                        failure.contains("BrevoConnectionException"), "a failure other than no response: " + failure);
            }
            // What remains is the race no client can tell from a lost request: the server's close crossing the write
            // of the next request, before the transport has seen this server close right after answering (it then
            // stops pooling its connections for a while). Measured on 2 cores: 0-1 of 800 over plain HTTP, 0 of 200
            // over TLS; with the probe alone up to 3.75% (cold JVM); before the probe, a quarter to a half failed. The
            // bound, 40 times what was measured, catches the loss of the distrust rule or of the probe.
            assertTrue(
                    failures.size() <= outcomes.size() * 5 / 100,
                    failures.size() + " of " + outcomes.size() + " sends failed: "
                            + failures.stream().limit(3).toList());
            // Before the next call, let every connection the server meant to close be closed, so that no reuse can
            // race its close (which, for a send, no client can tell from a lost request).
            assertTrue(
                    closedAfterLastAnswer.tryAcquire(lastAnswers.get(), 20, TimeUnit.SECONDS),
                    "the server closed every connection it answered last on");
            assertEquals(
                    "next",
                    api.conversationsMessagesPost(Operations.body8().text("next"))
                            .getId());
            assertEquals(1, received.get("next").get());
        }
    }

    // ---- sends opt in to at-least-once retries ----

    @ParameterizedTest(name = "withAtLeastOnceSends({0})")
    @ValueSource(booleans = {false, true})
    void aSendIsRetriedAfterA503OrALostAnswerOnlyWhenOptedIn(boolean atLeastOnce) throws Exception {
        Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
        try (LoopbackServer server = LoopbackServer.http((conn, request) -> {
            String text = request.text();
            int n = received.computeIfAbsent(text, t -> new AtomicInteger()).incrementAndGet();
            if (n == 1 && text.equals("after-503")) {
                conn.write(
                        LoopbackServer.response(503, "Service Unavailable", "{\"code\":\"x\",\"message\":\"busy\"}"));
                return true;
            }
            if (n == 1 && text.equals("after-close")) {
                return false; // read it, then closed without an answer: it may well have been delivered
            }
            conn.write(ok(text));
            return true;
        })) {
            FakeSleeper sleeper = new FakeSleeper();
            ConversationsApi api = builder(server)
                    .sleeper(sleeper)
                    .retryPolicy(RetryPolicy.defaults().withAtLeastOnceSends(atLeastOnce))
                    .build();

            if (atLeastOnce) {
                assertEquals(
                        "after-503",
                        api.conversationsMessagesPost(Operations.body8().text("after-503"))
                                .getId());
                assertEquals(
                        "after-close",
                        api.conversationsMessagesPost(Operations.body8().text("after-close"))
                                .getId());
                assertEquals(2, received.get("after-503").get());
                assertEquals(2, received.get("after-close").get());
                assertEquals(2, sleeper.sleeps().size());
            } else {
                ServerErrorException e503 = assertThrows(
                        ServerErrorException.class,
                        () -> api.conversationsMessagesPost(Operations.body8().text("after-503")));
                assertEquals(1, e503.attempts());
                BrevoConnectionException lost = assertThrows(
                        BrevoConnectionException.class,
                        () -> api.conversationsMessagesPost(Operations.body8().text("after-close")));
                assertTrue(lost.mayHaveReachedServer(), lost.getMessage());
                assertEquals(1, lost.attempts());
                assertEquals(1, received.get("after-503").get());
                assertEquals(1, received.get("after-close").get());
                assertEquals(List.of(), sleeper.sleeps());
            }
            assertEquals(
                    "next",
                    api.conversationsMessagesPost(Operations.body8().text("next"))
                            .getId());
            assertEquals(1, received.get("next").get());
        }
    }

    // ---- 9. strict parsing ----

    private static final String BODY = message("LENIENT");
    private static final int LENGTH = BODY.getBytes(StandardCharsets.UTF_8).length;

    static Stream<Arguments> malformed() {
        String json = "Content-Type: application/json\r\n";
        return Stream.of(
                Arguments.of(
                        "four-digit status",
                        "HTTP/1.1 2000 OK\r\n" + json + "Content-Length: " + LENGTH + "\r\n\r\n" + BODY),
                Arguments.of(
                        "two-digit status",
                        "HTTP/1.1 20 OK\r\n" + json + "Content-Length: " + LENGTH + "\r\n\r\n" + BODY),
                Arguments.of(
                        "HTTP/2 status line",
                        "HTTP/2 200 OK\r\n" + json + "Content-Length: " + LENGTH + "\r\n\r\n" + BODY),
                Arguments.of(
                        "Content-Length with a plus sign",
                        "HTTP/1.1 200 OK\r\n" + json + "Content-Length: +" + LENGTH + "\r\n\r\n" + BODY),
                Arguments.of("Content-Length -0", "HTTP/1.1 200 OK\r\n" + json + "Content-Length: -0\r\n\r\n"),
                Arguments.of(
                        "hexadecimal Content-Length",
                        "HTTP/1.1 200 OK\r\n" + json + "Content-Length: 0x" + Integer.toHexString(LENGTH) + "\r\n\r\n"
                                + BODY),
                Arguments.of(
                        "obs-fold continuing Connection",
                        "HTTP/1.1 200 OK\r\n" + json + "Content-Length: " + LENGTH
                                + "\r\nConnection: keep-alive,\r\n close\r\n\r\n" + BODY),
                Arguments.of(
                        "obs-fold continuing Transfer-Encoding",
                        "HTTP/1.1 200 OK\r\n" + json
                                + "Transfer-Encoding:\r\n\tchunked\r\n\r\n" + Integer.toHexString(LENGTH) + "\r\n"
                                + BODY
                                + "\r\n0\r\n\r\n"),
                Arguments.of(
                        "NUL in a header value",
                        "HTTP/1.1 200 OK\r\n" + json + "X-Test: a\0b\r\nContent-Length: " + LENGTH + "\r\n\r\n" + BODY),
                Arguments.of(
                        "bare CR in a header",
                        "HTTP/1.1 200 OK\r\n" + json + "X-Test: a\rb\r\nContent-Length: " + LENGTH + "\r\n\r\n" + BODY),
                Arguments.of(
                        "unknown transfer coding",
                        "HTTP/1.1 200 OK\r\n" + json + "Transfer-Encoding: gzip\r\n\r\n" + BODY),
                Arguments.of(
                        "unsolicited 101",
                        "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\n" + "Upgrade: websocket\r\n\r\n"
                                + BODY));
    }

    @ParameterizedTest(name = "{0} is rejected")
    @MethodSource("malformed")
    void aMalformedResponseIsNoResponseAndTheNextCallIsRight(String name, String response) throws Exception {
        try (LoopbackServer server = LoopbackServer.http((conn, request) -> {
            String id = request.lastSegment();
            // The bad response's connection stays open: a parser that waits for more hangs until its timeout.
            conn.write(id.equals("bad") ? response : ok(id));
            return true;
        })) {
            // A parser that waits for more ends at the 20 s read timeout: not a timeout, and well before it (a loaded
            // machine gets 10 s), means the response was rejected as it came.
            ConversationsApi api = builder(server)
                    .readTimeout(Duration.ofSeconds(20))
                    .callTimeout(Duration.ofSeconds(30))
                    .build();

            long start = System.nanoTime();
            BrevoConnectionException e = assertThrows(
                    BrevoConnectionException.class,
                    () -> api.conversationsMessagesIdGet("bad"),
                    name + " was accepted");
            long millis = (System.nanoTime() - start) / 1_000_000;

            assertFalse(e.isTimeout(), "the client waited for more instead of rejecting: " + e.getMessage());
            assertTrue(millis < 10_000, name + " took " + millis + " ms to reject");
            assertEquals(1, e.attempts());
            assertEquals("good", api.conversationsMessagesIdGet("good").getId());
            assertEquals(List.of("GET " + MESSAGES + "/bad", "GET " + MESSAGES + "/good"), targets(server));
            assertEquals(2, server.accepted(), "the connection that carried a malformed response was reused");
        }
    }

    static Stream<Arguments> wellFormed() {
        String json = "Content-Type: application/json\r\n";
        String a = message("A");
        int length = a.getBytes(StandardCharsets.UTF_8).length;
        return Stream.of(
                Arguments.of(
                        "HTTP/1.1 200 OK", "HTTP/1.1 200 OK\r\n" + json + "Content-Length: " + length + "\r\n\r\n" + a),
                Arguments.of(
                        "no reason phrase", "HTTP/1.1 200\r\n" + json + "Content-Length: " + length + "\r\n\r\n" + a),
                Arguments.of(
                        "empty reason phrase",
                        "HTTP/1.1 200 \r\n" + json + "Content-Length: " + length + "\r\n\r\n" + a),
                Arguments.of(
                        "HTTP/1.0 with Content-Length",
                        "HTTP/1.0 200 OK\r\n" + json + "Content-Length: " + length + "\r\n\r\n" + a),
                Arguments.of(
                        "100 Continue first",
                        "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n" + json + "Content-Length: " + length
                                + "\r\n\r\n" + a),
                Arguments.of(
                        "chunked with extensions and trailers",
                        "HTTP/1.1 200 OK\r\n" + json
                                + "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(10)
                                + ";name=value;x=\"q\"\r\n"
                                + a.substring(0, 10) + "\r\n" + Integer.toHexString(length - 10) + "\r\n"
                                + a.substring(10)
                                + "\r\n0;last\r\nX-Trailer: yes\r\nX-Other: 1\r\n\r\n"));
    }

    @ParameterizedTest(name = "{0} is accepted")
    @MethodSource("wellFormed")
    void aWellFormedResponseIsAccepted(String name, String response) throws Exception {
        try (LoopbackServer server = LoopbackServer.http((conn, request) -> {
            String id = request.lastSegment();
            conn.write(id.equals("A") ? response : ok(id));
            return true;
        })) {
            ConversationsApi api = builder(server).build();

            assertEquals("A", api.conversationsMessagesIdGet("A").getId(), name);
            assertEquals("B", api.conversationsMessagesIdGet("B").getId());
            assertEquals(List.of("GET " + MESSAGES + "/A", "GET " + MESSAGES + "/B"), targets(server));
        }
    }

    // ---- 12. an untrusted certificate ----

    @Test
    void anUntrustedCertificateIsNotRetriedAndNothingReachedTheServer() throws Exception {
        try (LoopbackServer server = LoopbackServer.https(TestTls.serverContext(), (conn, request) -> {
            conn.write(ok(request.lastSegment()));
            return true;
        })) {
            FakeSleeper sleeper = new FakeSleeper();
            // No trusting socket factory: the JDK's trust store does not know the test certificate.
            ConversationsApi api = BrevoConversations.builder()
                    .apiKey("k")
                    .baseUrl("https://localhost:" + server.port() + "/v3")
                    .retryPolicy(RetryPolicy.defaults())
                    .sleeper(sleeper)
                    .callTimeout(Duration.ofSeconds(10))
                    .build();

            // A read: idempotent, so only the nature of the failure can keep it from being retried.
            BrevoConnectionException e =
                    assertThrows(BrevoConnectionException.class, () -> api.conversationsMessagesIdGet("A"));

            assertEquals(1, e.attempts(), "a certificate failure was retried: " + e.getMessage());
            assertFalse(e.mayHaveReachedServer(), e.getMessage());
            assertEquals(List.of(), sleeper.sleeps());
            assertEquals(1, server.accepted());
            assertEquals(List.of(), server.requests());

            // The next call fails the same way, again in one attempt.
            BrevoConnectionException again = assertThrows(
                    BrevoConnectionException.class, () -> api.conversationsMessagesPost(Operations.body8()));
            assertEquals(1, again.attempts());
            assertFalse(again.mayHaveReachedServer());
            assertEquals(2, server.accepted());
            assertEquals(List.of(), server.requests());
            assertNotNull(e.getCause());
        }
    }
}
