package io.github.conversations4j;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.conversations4j.errors.ServerErrorException;
import io.github.conversations4j.testing.RawHttpServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RateLimitAndRetriesTest {
    private static final Sleeper NO_SLEEP = new Sleeper() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleep(Duration d) {}
    };

    @Test
    void absentPartsAreNull() {
        RateLimit r = RateLimit.fromHeaders(Map.of("X-Sib-RateLimit-Limit", List.of(" 100 ")));
        assertEquals(100L, r.limit());
        assertEquals(null, r.remaining());
        assertEquals(null, r.reset());
        assertEquals(null, RateLimit.fromHeaders(Map.of()), "no header at all: no state");
        assertEquals(
                null,
                RateLimit.fromHeaders(Map.of(
                                "x-sib-ratelimit-limit", List.of("1"), "x-sib-ratelimit-remaining", List.of("-5")))
                        .remaining(),
                "a negative count is not a count");
    }

    /** The README's and RateLimit's Javadoc example calls limit.reset().toSeconds(): NPE when reset is absent. */
    @Test
    void theDocumentedLogExampleSurvivesAMissingReset() {
        RateLimit r = RateLimit.fromHeaders(
                Map.of("x-sib-ratelimit-limit", List.of("100"), "x-sib-ratelimit-remaining", List.of("98")));
        // The README's example, as it now reads: the absent reset prints as null, nothing dereferences it.
        assertDoesNotThrow(
                () -> String.format("%d of %d calls left, window resets in %s", r.remaining(), r.limit(), r.reset()));
        assertEquals(
                null,
                RateLimit.fromHeaders(Map.of("x-sib-ratelimit-reset", List.of("5")))
                        .limit());
    }

    private static int requestsWith(java.util.function.UnaryOperator<BrevoConversations.Builder> config)
            throws Exception {
        AtomicInteger requests = new AtomicInteger();
        try (RawHttpServer server = RawHttpServer.start((request, out) -> {
                    requests.incrementAndGet();
                    RawHttpServer.respond(out, 503, "{\"code\":\"x\",\"message\":\"down\"}", false);
                    return true;
                });
                ConversationsClient client = config.apply(BrevoConversations.builder()
                                .apiKey("k")
                                .baseUrl(server.baseUrl())
                                .sleeper(NO_SLEEP))
                        .build()) {
            assertThrows(ServerErrorException.class, () -> client.conversationsMessagesIdGet("m"));
        }
        return requests.get();
    }

    @Test
    void maxRetriesWinsInEitherOrder() throws Exception {
        assertEquals(3, requestsWith(b -> b));
        assertEquals(
                2,
                requestsWith(
                        b -> b.maxRetries(1).retryPolicy(RetryPolicy.defaults().withMaxRetries(5))));
        assertEquals(
                2,
                requestsWith(b ->
                        b.retryPolicy(RetryPolicy.defaults().withMaxRetries(5)).maxRetries(1)));
        assertEquals(4, requestsWith(b -> b.retryPolicy(RetryPolicy.none()).maxRetries(3)));
        assertEquals(1, requestsWith(b -> b.retryPolicy(RetryPolicy.none())));
        assertEquals(6, requestsWith(b -> b.retryPolicy(RetryPolicy.defaults().withMaxRetries(5))));
        assertThrows(
                IllegalArgumentException.class,
                () -> BrevoConversations.builder().maxRetries(11));
        assertThrows(
                IllegalArgumentException.class,
                () -> BrevoConversations.builder().maxRetries(-1));
    }
}
