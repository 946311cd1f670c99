package io.github.conversations4j;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import io.github.conversations4j.errors.BrevoApiException;
import io.github.conversations4j.errors.BrevoConnectionException;
import io.github.conversations4j.errors.BrevoDecodeException;
import io.github.conversations4j.errors.BrevoException;
import io.github.conversations4j.errors.ServerErrorException;
import io.github.conversations4j.errors.TooManyRequestsException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * WireMock's fault injection against every operation: each fault ends in the documented outcome, with the right
 * number of attempts, and never repeats a send that may have reached the server.
 */
class FaultTest extends WireMockTestBase {
    /**
     * The read timeout of the one fault that is a timeout: the server waits 3 s, far past it. It also bounds the
     * healthy answer after it, which took more than 250 ms with six busy loops on 2 cores: 1 s.
     */
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(1);
    /** Every other fault's read timeout: generous, so that a loaded machine never turns an answer into a timeout. */
    private static final Duration PATIENT = Duration.ofSeconds(30);

    /**
     * The read timeout when every attempt is the delayed answer (no healthy answer follows): any value well under the
     * server's 3 s delay ends in the same timeout, whatever the machine's load, so a short one saves ~18 s a run.
     */
    private static final Duration ONLY_DELAYED = Duration.ofMillis(250);

    private static Duration readTimeoutFor(FaultCase fault) {
        return fault.name().startsWith("delay") ? READ_TIMEOUT : PATIENT;
    }

    private static Duration readTimeoutWhenEveryAttemptIs(FaultCase fault) {
        return fault.name().startsWith("delay") ? ONLY_DELAYED : PATIENT;
    }

    private static final String HTML_502 = "<html><body><h1>502 Bad Gateway</h1><p>nginx</p></body></html>";

    /** What a fault should end in for one operation. */
    enum Outcome {
        RETRIED_THEN_FAILS,
        FAILS_AT_ONCE,
        SUCCEEDS
    }

    /**
     * One fault.
     *
     * @param name for the test name
     * @param response what the server answers
     * @param exception the exception a failing call ends in
     * @param idempotentOutcome what happens to reads, edits, deletes and the ping
     * @param sendOutcome what happens to the two sends
     * @param voidOutcome overrides both for operations that return nothing (the body is not read), or null
     */
    record FaultCase(
            String name,
            Supplier<ResponseDefinitionBuilder> response,
            Class<? extends BrevoException> exception,
            Outcome idempotentOutcome,
            Outcome sendOutcome,
            Outcome voidOutcome) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<FaultCase> faults() {
        return List.of(
                new FaultCase(
                        "connection reset",
                        () -> aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER),
                        BrevoConnectionException.class,
                        Outcome.RETRIED_THEN_FAILS,
                        Outcome.FAILS_AT_ONCE,
                        null),
                new FaultCase(
                        "empty response",
                        () -> aResponse().withFault(Fault.EMPTY_RESPONSE),
                        BrevoConnectionException.class,
                        Outcome.RETRIED_THEN_FAILS,
                        Outcome.FAILS_AT_ONCE,
                        null),
                new FaultCase(
                        "malformed chunk",
                        () -> aResponse().withStatus(200).withFault(Fault.MALFORMED_RESPONSE_CHUNK),
                        BrevoConnectionException.class,
                        Outcome.RETRIED_THEN_FAILS,
                        Outcome.FAILS_AT_ONCE,
                        null),
                new FaultCase(
                        "random data then close",
                        () -> aResponse().withFault(Fault.RANDOM_DATA_THEN_CLOSE),
                        BrevoConnectionException.class,
                        Outcome.RETRIED_THEN_FAILS,
                        Outcome.FAILS_AT_ONCE,
                        null),
                new FaultCase(
                        "delay past the read timeout",
                        () -> aResponse().withStatus(200).withFixedDelay(3000).withBody(fixture("agent-message.json")),
                        BrevoConnectionException.class,
                        Outcome.RETRIED_THEN_FAILS,
                        Outcome.FAILS_AT_ONCE,
                        null),
                new FaultCase(
                        "429 with Retry-After",
                        () -> aResponse()
                                .withStatus(429)
                                .withHeader("Retry-After", "3")
                                .withBody("{\"code\":\"too_many_requests\",\"message\":\"slow down\"}"),
                        TooManyRequestsException.class,
                        Outcome.RETRIED_THEN_FAILS,
                        Outcome.RETRIED_THEN_FAILS,
                        null),
                new FaultCase(
                        "429 without Retry-After",
                        () -> aResponse().withStatus(429),
                        TooManyRequestsException.class,
                        Outcome.RETRIED_THEN_FAILS,
                        Outcome.RETRIED_THEN_FAILS,
                        null),
                new FaultCase(
                        "500",
                        () -> aResponse()
                                .withStatus(500)
                                .withBody("{\"code\":\"internal_error\",\"message\":\"oops\"}"),
                        ServerErrorException.class,
                        Outcome.FAILS_AT_ONCE,
                        Outcome.FAILS_AT_ONCE,
                        null),
                new FaultCase(
                        "502",
                        () -> aResponse().withStatus(502),
                        ServerErrorException.class,
                        Outcome.RETRIED_THEN_FAILS,
                        Outcome.FAILS_AT_ONCE,
                        null),
                new FaultCase(
                        "503",
                        () -> aResponse().withStatus(503).withHeader("Retry-After", "1"),
                        ServerErrorException.class,
                        Outcome.RETRIED_THEN_FAILS,
                        Outcome.FAILS_AT_ONCE,
                        null),
                new FaultCase(
                        "HTML 502 page from a proxy",
                        () -> aResponse()
                                .withStatus(502)
                                .withHeader("Content-Type", "text/html")
                                .withBody(HTML_502),
                        ServerErrorException.class,
                        Outcome.RETRIED_THEN_FAILS,
                        Outcome.FAILS_AT_ONCE,
                        null),
                new FaultCase(
                        "200 whose body is not JSON",
                        () -> aResponse()
                                .withStatus(200)
                                .withHeader("Content-Type", "text/html")
                                .withBody("<html>ok</html>"),
                        BrevoDecodeException.class,
                        Outcome.FAILS_AT_ONCE,
                        Outcome.FAILS_AT_ONCE,
                        Outcome.SUCCEEDS),
                new FaultCase(
                        "200 whose body is JSON of the wrong shape",
                        () -> aResponse()
                                .withStatus(200)
                                .withHeader("Content-Type", "application/json")
                                .withBody("{\"id\":{\"nested\":true},\"createdAt\":[],\"visitorId\":{\"a\":1}}"),
                        BrevoDecodeException.class,
                        Outcome.FAILS_AT_ONCE,
                        Outcome.FAILS_AT_ONCE,
                        Outcome.SUCCEEDS));
    }

    static List<Arguments> faultsPerOperation() {
        List<Arguments> cases = new ArrayList<>();
        for (Operations.Case op : Operations.all()) {
            for (FaultCase fault : faults()) {
                cases.add(Arguments.of(op, fault));
            }
        }
        return cases;
    }

    /** Only the pairs whose fault is retried: the others are covered above and have nothing to recover from. */
    static List<Arguments> retriedFaultsPerOperation() {
        List<Arguments> cases = new ArrayList<>();
        for (Arguments arguments : faultsPerOperation()) {
            Object[] pair = arguments.get();
            if (expected((Operations.Case) pair[0], (FaultCase) pair[1]) == Outcome.RETRIED_THEN_FAILS) {
                cases.add(arguments);
            }
        }
        return cases;
    }

    private static boolean isSend(Operations.Case op) {
        return op.method().equals("POST") && !op.path().endsWith("agentOnlinePing");
    }

    private static Outcome expected(Operations.Case op, FaultCase fault) {
        if (fault.voidOutcome() != null && op.responseFixture() == null) {
            return fault.voidOutcome();
        }
        return isSend(op) ? fault.sendOutcome() : fault.idempotentOutcome();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("faultsPerOperation")
    void faultEndsInTheDocumentedOutcome(Operations.Case op, FaultCase fault) {
        wm.stubFor(any(anyUrl()).willReturn(fault.response().get()));
        FakeSleeper sleeper = new FakeSleeper();
        var api = builder()
                .retryPolicy(RetryPolicy.defaults())
                .sleeper(sleeper)
                .readTimeout(readTimeoutWhenEveryAttemptIs(fault))
                .build();

        Outcome outcome = expected(op, fault);
        if (outcome == Outcome.SUCCEEDS) {
            assertNull(op.call().apply(api));
            assertEquals(1, receivedAtLeast(1).size());
            return;
        }
        BrevoException e = assertThrows(BrevoException.class, () -> op.call().apply(api));
        assertSame(fault.exception(), e.getClass(), e.toString());
        int attempts = outcome == Outcome.RETRIED_THEN_FAILS ? 3 : 1;
        assertEquals(attempts, e.attempts(), e.getMessage());
        assertEquals(attempts, receivedAtLeast(attempts).size(), "requests the server saw");
        assertEquals(attempts - 1, sleeper.sleeps().size());
        if (fault.name().equals("429 with Retry-After")) {
            assertEquals(List.of(Duration.ofSeconds(3), Duration.ofSeconds(3)), sleeper.sleeps());
        }
        if (e instanceof BrevoConnectionException) {
            assertTrue(((BrevoConnectionException) e).mayHaveReachedServer());
        }
        if (fault.name().startsWith("HTML")) {
            assertNull(((BrevoApiException) e).errorCode());
            assertEquals(HTML_502, ((BrevoApiException) e).rawBody());
        }
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("retriedFaultsPerOperation")
    void transientFaultThenSuccessSucceedsWhenRetryIsSafe(Operations.Case op, FaultCase fault) {
        wm.stubFor(any(anyUrl())
                .inScenario("flaky")
                .whenScenarioStateIs(STARTED)
                .willReturn(fault.response().get())
                .willSetStateTo("healthy"));
        ResponseDefinitionBuilder ok = aResponse().withStatus(op.successStatus());
        if (op.responseFixture() != null) {
            ok.withHeader("Content-Type", "application/json").withBody(fixture(op.responseFixture()));
        }
        wm.stubFor(
                any(anyUrl()).inScenario("flaky").whenScenarioStateIs("healthy").willReturn(ok));
        FakeSleeper sleeper = new FakeSleeper();

        Object result = op.call()
                .apply(builder()
                        .retryPolicy(RetryPolicy.defaults())
                        .sleeper(sleeper)
                        .readTimeout(readTimeoutFor(fault))
                        .build());

        assertEquals(op.responseFixture() == null, result == null);
        assertEquals(2, receivedAtLeast(2).size());
        assertEquals(1, sleeper.sleeps().size());
        if (!isSend(op)) {
            return;
        }
        assertTrue(fault.name().startsWith("429"), "a send is retried only after a 429: " + fault.name());
    }

    @org.junit.jupiter.api.Test
    void backoffGrowsExponentiallyWithJitterAndACap() {
        wm.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(503)));
        FakeSleeper sleeper = new FakeSleeper();
        RetryPolicy policy =
                RetryPolicy.defaults().withMaxRetries(6).withBackoff(Duration.ofMillis(100), Duration.ofMillis(1000));

        assertThrows(
                ServerErrorException.class,
                () -> builder()
                        .retryPolicy(policy)
                        .callTimeout(Duration.ofMinutes(5))
                        .sleeper(sleeper)
                        .build()
                        .conversationsMessagesIdGet(MESSAGE_ID));

        List<Duration> sleeps = sleeper.sleeps();
        long[] bases = {100, 200, 400, 800, 1000, 1000};
        assertEquals(bases.length, sleeps.size());
        for (int i = 0; i < bases.length; i++) {
            long millis = sleeps.get(i).toMillis();
            assertTrue(millis >= bases[i] / 2 && millis <= bases[i], "retry " + (i + 1) + " waited " + millis + " ms");
        }
        assertEquals(7, receivedAtLeast(7).size());
    }

    @org.junit.jupiter.api.Test
    void rateLimitResetIsHonouredWhenThereIsNoRetryAfter() {
        wm.stubFor(any(anyUrl())
                .willReturn(aResponse()
                        .withStatus(429)
                        .withHeader("x-sib-ratelimit-reset", "4")
                        .withHeader("x-sib-ratelimit-remaining", "0")
                        .withHeader("x-sib-ratelimit-limit", "10")));
        FakeSleeper sleeper = new FakeSleeper();

        TooManyRequestsException e = assertThrows(
                TooManyRequestsException.class,
                () -> builder()
                        .retryPolicy(RetryPolicy.defaults())
                        .sleeper(sleeper)
                        .build()
                        .conversationsMessagesPost(Operations.body8()));

        assertEquals(List.of(Duration.ofSeconds(4), Duration.ofSeconds(4)), sleeper.sleeps());
        assertEquals(3, e.attempts());
        assertEquals(0, e.rateLimit().remaining());
    }

    @org.junit.jupiter.api.Test
    void retryAfterAsAnHttpDateIsHonoured() {
        java.time.Instant now = java.time.Instant.parse("2026-11-25T10:00:00Z");
        wm.stubFor(any(anyUrl())
                .willReturn(aResponse().withStatus(503).withHeader("Retry-After", "Wed, 25 Nov 2026 10:00:07 GMT")));
        FakeSleeper sleeper = new FakeSleeper();

        assertThrows(
                ServerErrorException.class,
                () -> builder()
                        .retryPolicy(RetryPolicy.defaults().withMaxRetries(1))
                        .sleeper(sleeper)
                        .clock(java.time.Clock.fixed(now, java.time.ZoneOffset.UTC))
                        .build()
                        .conversationsPushedMessagesIdGet(PUSHED_ID));

        assertEquals(List.of(Duration.ofSeconds(7)), sleeper.sleeps());
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(
            strings = {
                "x-sib-ratelimit-reset: 10000000000",
                "Retry-After: Fri, 31 Dec 9999 23:59:59 GMT",
                "Retry-After: 99999999999999999999999"
            })
    void absurdServerWaitIsNoRetryAndNoOverflow(String header) {
        String[] parts = header.split(": ", 2);
        wm.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(429).withHeader(parts[0], parts[1])));
        FakeSleeper sleeper = new FakeSleeper();

        TooManyRequestsException e = assertThrows(
                TooManyRequestsException.class,
                () -> builder()
                        .retryPolicy(RetryPolicy.defaults())
                        .sleeper(sleeper)
                        .build()
                        .conversationsPushedMessagesPost(Operations.body10()));

        assertEquals(1, e.attempts());
        assertEquals(List.of(), sleeper.sleeps());
    }

    @org.junit.jupiter.api.Test
    void noRetryWhoseWaitWouldPassTheDeadline() {
        wm.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "30")));
        FakeSleeper sleeper = new FakeSleeper();

        TooManyRequestsException e = assertThrows(
                TooManyRequestsException.class,
                () -> builder()
                        .callTimeout(Duration.ofSeconds(10))
                        .sleeper(sleeper)
                        .build()
                        .conversationsMessagesIdGet(MESSAGE_ID));

        assertEquals(1, e.attempts());
        assertEquals(List.of(), sleeper.sleeps());
    }

    @org.junit.jupiter.api.Test
    void sendIsRetriedWhenTheConnectionWasRefused() throws Exception {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        var server = new com.github.tomakehurst.wiremock.WireMockServer(
                com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig()
                        .port(port));
        server.stubFor(any(anyUrl())
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody(fixture("pushed-message.json"))));
        FakeSleeper sleeper = new FakeSleeper().onSleep(() -> {
            if (!server.isRunning()) {
                server.start(); // the server comes up while the client waits to retry
            }
        });
        try {
            var message = builder()
                    .baseUrl("http://127.0.0.1:" + port + "/v3")
                    .retryPolicy(RetryPolicy.defaults())
                    .sleeper(sleeper)
                    .build()
                    .conversationsPushedMessagesPost(Operations.body10());

            assertEquals(PUSHED_ID, message.getId());
            assertEquals(1, sleeper.sleeps().size());
            assertEquals(1, server.getAllServeEvents().size(), "delivered exactly once");
        } finally {
            server.stop();
        }
    }

    @org.junit.jupiter.api.Test
    void refusedConnectionsExhaustRetriesAndSayNothingWasSent() throws Exception {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        FakeSleeper sleeper = new FakeSleeper();

        BrevoConnectionException e = assertThrows(
                BrevoConnectionException.class,
                () -> builder()
                        .baseUrl("http://127.0.0.1:" + port + "/v3")
                        .retryPolicy(RetryPolicy.defaults())
                        .sleeper(sleeper)
                        .build()
                        .conversationsMessagesPost(Operations.body8()));

        assertFalse(e.mayHaveReachedServer());
        assertEquals(3, e.attempts());
        assertTrue(e.getMessage().endsWith("(the request did not reach the server) after 3 attempts"), e.getMessage());
    }

    @org.junit.jupiter.api.Test
    void interruptDuringTheWaitStopsRetryingAndKeepsTheFlag() {
        wm.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(503)));
        Sleeper interrupted = new Sleeper() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public void sleep(Duration duration) throws InterruptedException {
                throw new InterruptedException("shutting down");
            }
        };
        try {
            ServerErrorException e = assertThrows(
                    ServerErrorException.class,
                    () -> builder()
                            .retryPolicy(RetryPolicy.defaults())
                            .sleeper(interrupted)
                            .build()
                            .conversationsMessagesIdGet(MESSAGE_ID));
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt flag is kept");
            assertEquals(1, e.attempts());
            assertTrue(e.getSuppressed()[0] instanceof InterruptedException);
        } finally {
            if (!Thread.interrupted()) {
                fail("interrupt flag was not set");
            }
        }
    }
}
