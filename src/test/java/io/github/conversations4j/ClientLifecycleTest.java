package io.github.conversations4j;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.conversations4j.api.ConversationsApi;
import io.github.conversations4j.errors.BrevoConnectionException;
import io.github.conversations4j.testing.RawHttpServer;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A client is closed once, at once, and refuses calls afterwards without sending them. */
class ClientLifecycleTest {
    private static final String MESSAGE = "{\"id\":\"m1\",\"type\":\"agent\",\"text\":\"Hi\"}";

    @Test
    void aCallAfterCloseFailsBeforeAnythingIsSentAndCloseTwiceIsHarmless() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        try (RawHttpServer server = RawHttpServer.start((request, out) -> {
            requests.incrementAndGet();
            RawHttpServer.respond(out, 200, MESSAGE, false);
            return true;
        })) {
            ConversationsClient client = BrevoConversations.builder()
                    .apiKey("k")
                    .baseUrl(server.baseUrl())
                    .build();
            assertEquals("Hi", client.conversationsMessagesIdGet("m1").getText());

            client.close();
            IllegalStateException e = assertThrows(
                    IllegalStateException.class, () -> client.conversationsMessagesPost(Operations.body8()));
            assertDoesNotThrow(client::close);

            assertTrue(e.getMessage().contains("closed"), e.getMessage());
            assertEquals(1, requests.get(), "nothing was sent after close()");
        }
    }

    @Test
    void closeClosesThePooledConnectionsAtOnce() throws Exception {
        try (RawHttpServer server = RawHttpServer.start((request, out) -> {
            RawHttpServer.respond(out, 200, MESSAGE, false);
            return true;
        })) {
            ConversationsClient client = BrevoConversations.builder()
                    .apiKey("k")
                    .baseUrl(server.baseUrl())
                    .build();
            client.conversationsMessagesIdGet("m1");
            assertEquals(1, server.openConnections(), "the connection is pooled");

            client.close();

            assertTrue(
                    server.awaitNoOpenConnections(java.time.Duration.ofSeconds(20)),
                    "the server saw the pooled connection closed");
        }
    }

    @Test
    void aCallUnderWayWhenTheClientClosesEndsAtOnce() throws Exception {
        CountDownLatch requestArrived = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (RawHttpServer server = RawHttpServer.start((request, out) -> {
            requestArrived.countDown();
            try {
                release.await(30, TimeUnit.SECONDS); // longer than the test waits: only close() ends the call
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return false;
        })) {
            ConversationsClient client = BrevoConversations.builder()
                    .apiKey("k")
                    .baseUrl(server.baseUrl())
                    .retryPolicy(RetryPolicy.none())
                    .readTimeout(Duration.ofSeconds(30))
                    .build();
            ExecutorService caller = Executors.newSingleThreadExecutor();
            try {
                Future<?> call = caller.submit(() -> client.conversationsMessagesIdGet("m1"));
                assertTrue(requestArrived.await(5, TimeUnit.SECONDS));
                long start = System.nanoTime();

                client.close();

                // 10 s for a loaded machine: the call's own read timeout is 30 s.
                Exception e = assertThrows(Exception.class, () -> call.get(10, TimeUnit.SECONDS));
                assertTrue(e.getCause() instanceof BrevoConnectionException, String.valueOf(e.getCause()));
                assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10));
            } finally {
                release.countDown();
                caller.shutdownNow();
            }
        }
    }

    @Test
    void codeWrittenAgainstConversationsApiKeepsCompiling() {
        ConversationsApi api = BrevoConversations.builder()
                .apiKey("k")
                .baseUrl("http://127.0.0.1:9/v3")
                .build();
        assertTrue(api instanceof ConversationsClient, "the same object is the closeable client");
        assertDoesNotThrow(() -> ((ConversationsClient) api).close());
    }

    @Test
    void closeDuringTheWaitBeforeARetryEndsTheCallWithoutAnotherRequest() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        try (RawHttpServer server = RawHttpServer.start((request, out) -> {
            requests.incrementAndGet();
            RawHttpServer.respond(out, 503, "{\"code\":\"x\",\"message\":\"down\"}", false);
            return true;
        })) {
            java.util.concurrent.atomic.AtomicReference<ConversationsClient> ref =
                    new java.util.concurrent.atomic.AtomicReference<>();
            Sleeper closing = new Sleeper() {
                @Override
                public long nanoTime() {
                    return System.nanoTime();
                }

                @Override
                public void sleep(Duration d) {
                    ref.get().close(); // as another thread would, during the wait
                }
            };
            ConversationsClient client = BrevoConversations.builder()
                    .apiKey("k")
                    .baseUrl(server.baseUrl())
                    .maxRetries(2)
                    .sleeper(closing)
                    .build();
            ref.set(client);

            io.github.conversations4j.errors.ServerErrorException e = assertThrows(
                    io.github.conversations4j.errors.ServerErrorException.class,
                    () -> client.conversationsMessagesIdGet("m1"));

            assertEquals(1, e.attempts());
            assertEquals(1, requests.get(), "no request went out after close()");
            assertTrue(e.getSuppressed().length == 1 && e.getSuppressed()[0] instanceof IllegalStateException);
        }
    }
}
