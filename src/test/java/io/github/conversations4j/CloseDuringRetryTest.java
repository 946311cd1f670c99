package io.github.conversations4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.conversations4j.errors.BrevoException;
import io.github.conversations4j.testing.RawHttpServer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * close() while a call is in its wait between retries: the call goes on and retries after close().
 * README/Javadoc: "close() closes its connections at once; a call after it fails with an IllegalStateException
 * before anything is sent", and "attempts() on every exception is the exact number of requests the call made".
 */
class CloseDuringRetryTest {

    /** A sleeper that closes the client during the retry wait (as another thread would), then returns at once. */
    private static Sleeper closingSleeper(AtomicReference<ConversationsClient> client) {
        return new Sleeper() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public void sleep(Duration d) {
                client.get().close();
            }
        };
    }

    @Test
    void withAPluggedInTransportTheRetryIsSentAfterClose() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        try (RawHttpServer server = RawHttpServer.start((request, out) -> {
            requests.incrementAndGet();
            RawHttpServer.respond(out, 503, "{\"code\":\"x\",\"message\":\"down\"}", true);
            return false;
        })) {
            AtomicReference<ConversationsClient> ref = new AtomicReference<>();
            ConversationsClient client = BrevoConversations.builder()
                    .apiKey("k")
                    .baseUrl(server.baseUrl())
                    .client(new feign.Client.Default(null, null))
                    .maxRetries(1)
                    .sleeper(closingSleeper(ref))
                    .build();
            ref.set(client);
            assertThrows(BrevoException.class, () -> client.conversationsMessagesIdGet("m1"));
            assertEquals(1, requests.get(), "no request should go out after close(); requests seen: " + requests.get());
        }
    }
    // The SDK's own transport: ClientLifecycleTest.closeDuringTheWaitBeforeARetryEndsTheCallWithoutAnotherRequest.
}
