package io.github.conversations4j.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Optional behaviour: the rate limit and injected faults, none of which may change state. */
class SandboxRateLimitAndFaultTest {
    private static final String PUSH = "{\"visitorId\":\"v1\",\"text\":\"t\"}";

    @Test
    void rateLimit_headersOnEveryResponse_then429WithoutProcessing() {
        MutableClock clock = new MutableClock(Instant.parse("2024-05-01T10:00:00Z"));
        try (ConversationsSandbox sandbox = ConversationsSandbox.builder()
                .clock(clock)
                .rateLimit(2, Duration.ofSeconds(10))
                .start()) {
            RawHttp http = new RawHttp(sandbox);

            HttpResponse<String> first = http.send("POST", "/conversations/pushedMessages", PUSH);
            clock.advance(Duration.ofMillis(2500));
            HttpResponse<String> second = http.send("GET", "/conversations/messages/unknown1234567890", null);
            HttpResponse<String> third = http.send("POST", "/conversations/pushedMessages", PUSH);

            assertEquals(200, first.statusCode());
            assertEquals(
                    "2", first.headers().firstValue("x-sib-ratelimit-limit").orElse(null));
            assertEquals(
                    "1", first.headers().firstValue("x-sib-ratelimit-remaining").orElse(null));
            assertEquals(
                    "10", first.headers().firstValue("x-sib-ratelimit-reset").orElse(null));
            assertEquals(404, second.statusCode(), "a 404 counts and carries the headers too");
            assertEquals(
                    "0",
                    second.headers().firstValue("x-sib-ratelimit-remaining").orElse(null));
            assertEquals(
                    "8", second.headers().firstValue("x-sib-ratelimit-reset").orElse(null), "7.5 s rounded up");
            assertEquals(429, third.statusCode());
            assertEquals("too_many_requests", RawHttp.json(third).get("code").asText());
            assertEquals(
                    "0", third.headers().firstValue("x-sib-ratelimit-remaining").orElse(null));
            assertEquals(
                    "8", third.headers().firstValue("x-sib-ratelimit-reset").orElse(null));
            assertEquals(1, sandbox.messagesFor("v1").size(), "the refused send was not processed");

            clock.advance(Duration.ofMillis(7500));
            HttpResponse<String> afterReset = http.send("POST", "/conversations/pushedMessages", PUSH);
            assertEquals(200, afterReset.statusCode());
            assertEquals(
                    "1",
                    afterReset.headers().firstValue("x-sib-ratelimit-remaining").orElse(null));
            assertEquals(2, sandbox.messagesFor("v1").size());
        }
    }

    @Test
    void rateLimit_badKeyIsNotCounted() {
        try (ConversationsSandbox sandbox =
                ConversationsSandbox.builder().rateLimit(1, Duration.ofHours(1)).start()) {
            RawHttp http = new RawHttp(sandbox);
            HttpResponse<String> refused = http.send("POST", "/conversations/pushedMessages", PUSH, "bad");
            HttpResponse<String> ok = http.send("POST", "/conversations/pushedMessages", PUSH);
            assertEquals(401, refused.statusCode());
            assertEquals(
                    "1",
                    refused.headers().firstValue("x-sib-ratelimit-remaining").orElse(null));
            assertEquals(200, ok.statusCode());
        }
    }

    @Test
    void noRateLimit_noHeaders() {
        try (ConversationsSandbox sandbox = ConversationsSandbox.start()) {
            HttpResponse<String> response = new RawHttp(sandbox).send("POST", "/conversations/pushedMessages", PUSH);
            assertTrue(response.headers().firstValue("x-sib-ratelimit-limit").isEmpty());
        }
    }

    @Test
    void failNext_answersTheStatusWithoutProcessing_thenRecovers() {
        try (ConversationsSandbox sandbox = ConversationsSandbox.start()) {
            RawHttp http = new RawHttp(sandbox);
            sandbox.failNext(2, 503);

            HttpResponse<String> first = http.send("POST", "/conversations/pushedMessages", PUSH);
            HttpResponse<String> second = http.send("POST", "/conversations/agentOnlinePing", "{\"agentId\":\"a1\"}");
            HttpResponse<String> third = http.send("POST", "/conversations/pushedMessages", PUSH);

            assertEquals(503, first.statusCode());
            assertEquals(
                    "application/json",
                    first.headers().firstValue("Content-Type").orElse(null));
            assertEquals("internal_error", RawHttp.json(first).get("code").asText());
            assertEquals(503, second.statusCode());
            assertEquals(200, third.statusCode());
            assertEquals(1, sandbox.messagesFor("v1").size(), "only the third send was stored");
            assertTrue(sandbox.onlineAgents().isEmpty(), "the failed ping did nothing");
            assertEquals(503, sandbox.requests().get(0).status());
        }
    }

    @Test
    void failNext_rejectsNonErrorStatus() {
        try (ConversationsSandbox sandbox = ConversationsSandbox.start()) {
            assertThrows(IllegalArgumentException.class, () -> sandbox.failNext(1, 200));
            assertThrows(IllegalArgumentException.class, () -> sandbox.failNext(0, 500));
        }
    }

    @Test
    void dropNext_closesTheConnectionWithoutResponseOrProcessing() {
        try (ConversationsSandbox sandbox = ConversationsSandbox.start()) {
            RawHttp http = new RawHttp(sandbox);
            sandbox.dropNext(1);

            UncheckedIOException dropped = assertThrows(
                    UncheckedIOException.class, () -> http.send("POST", "/conversations/pushedMessages", PUSH));

            assertTrue(dropped.getCause() instanceof IOException);
            assertTrue(sandbox.messagesFor("v1").isEmpty());
            assertEquals(0, sandbox.requests().get(0).status());
            assertEquals(
                    200,
                    http.send("POST", "/conversations/pushedMessages", PUSH).statusCode());
        }
    }

    @Test
    void delayNext_holdsTheResponse_soAClientTimeoutFires() throws Exception {
        try (ConversationsSandbox sandbox = ConversationsSandbox.start()) {
            sandbox.delayNext(1, Duration.ofSeconds(2));
            HttpClient client = HttpClient.newHttpClient();
            HttpRequest request = HttpRequest.newBuilder(
                            URI.create(sandbox.baseUrl() + "/conversations/pushedMessages"))
                    .header("api-key", sandbox.apiKey())
                    .timeout(Duration.ofMillis(200))
                    .POST(HttpRequest.BodyPublishers.ofString(PUSH))
                    .build();

            assertThrows(HttpTimeoutException.class, () -> client.send(request, HttpResponse.BodyHandlers.ofString()));
            // The delay is before processing, not instead of it: like a slow server, the send still happens.
            HttpResponse<String> next = new RawHttp(sandbox).send("GET", "/conversations/messages/x", null);
            assertEquals(404, next.statusCode(), "the fault was used up by one request");
        }
    }
}
