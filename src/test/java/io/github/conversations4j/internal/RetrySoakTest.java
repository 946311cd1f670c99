package io.github.conversations4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import feign.Client;
import feign.Request;
import feign.Response;
import io.github.conversations4j.BrevoConversations;
import io.github.conversations4j.RetryPolicy;
import io.github.conversations4j.api.ConversationsApi;
import io.github.conversations4j.errors.BrevoConnectionException;
import io.github.conversations4j.errors.BrevoException;
import io.github.conversations4j.errors.ServerErrorException;
import io.github.conversations4j.errors.TooManyRequestsException;
import io.github.conversations4j.model.Body10;
import io.github.conversations4j.testing.RawHttpServer;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * 10,000 automated messages from 16 threads to a server that fails about 10% of requests with transient faults
 * (429 and 503 answered before processing, connections refused). At the end the server holds each message the
 * caller was told succeeded exactly once, and none of those it was told failed.
 */
class RetrySoakTest {
    private static final int MESSAGES = 10_000;
    private static final int THREADS = 16;

    /** Counts connection attempts the operating system refused, as the transport saw them. */
    static final class CountingClient implements Client {
        final Client delegate;
        final AtomicInteger refused = new AtomicInteger();

        CountingClient(Client delegate) {
            this.delegate = delegate;
        }

        @Override
        public Response execute(Request request, Request.Options options) throws IOException {
            try {
                return delegate.execute(request, options);
            } catch (ConnectException e) {
                refused.incrementAndGet();
                throw e;
            }
        }
    }

    @Test
    void everyMessageIsStoredExactlyOnceOrReportedFailedAndAbsent() throws Exception {
        ObjectMapper json = new ObjectMapper();
        Map<String, AtomicInteger> stored = new ConcurrentHashMap<>();
        AtomicInteger tooMany = new AtomicInteger();
        AtomicInteger unavailable = new AtomicInteger();
        AtomicInteger ids = new AtomicInteger();

        try (RawHttpServer server = RawHttpServer.start((request, out) -> {
            double dice = ThreadLocalRandom.current().nextDouble();
            if (dice < 0.035) {
                tooMany.incrementAndGet();
                RawHttpServer.respond(out, 429, "{\"code\":\"too_many_requests\",\"message\":\"slow down\"}", true);
                return false;
            }
            if (dice < 0.07) {
                unavailable.incrementAndGet();
                RawHttpServer.respond(out, 503, "{\"code\":\"service_unavailable\",\"message\":\"try later\"}", true);
                return false;
            }
            JsonNode body = json.readTree(request.body());
            String text = body.get("text").asText();
            stored.computeIfAbsent(text, t -> new AtomicInteger()).incrementAndGet();
            RawHttpServer.respond(
                    out,
                    200,
                    "{\"id\":\"m" + ids.incrementAndGet() + "\",\"type\":\"agent\",\"text\":"
                            + json.writeValueAsString(text) + ",\"visitorId\":\"v\",\"createdAt\":1,\"isPushed\":true}",
                    true);
            return false; // Connection: close, so every request needs a new connection and can be refused
        })) {
            // Each refusal window closes the listening socket for a millisecond: attempts in the window are refused
            // (retried: nothing was sent), and connections still in the closed socket's backlog are reset after the
            // client wrote its request (not retried: as far as the client can tell, the message may have arrived).
            server.refuseConnections(0.01, 1);
            CountingClient transport = new CountingClient(new Http11Client(Duration.ofSeconds(2), null, Map.of()));
            ConversationsApi api = BrevoConversations.builder()
                    .apiKey("soak-key")
                    .baseUrl(server.baseUrl())
                    .client(transport)
                    .retryPolicy(RetryPolicy.defaults()
                            .withMaxRetries(3)
                            .withBackoff(Duration.ofMillis(1), Duration.ofMillis(8)))
                    .callTimeout(Duration.ofSeconds(20))
                    .build();

            Map<String, Boolean> outcome = new ConcurrentHashMap<>();
            Map<String, BrevoException> failures = new ConcurrentHashMap<>();
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            List<Future<?>> futures = new ArrayList<>();
            long start = System.nanoTime();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int i = thread; i < MESSAGES; i += THREADS) {
                        String text = "order-" + i + " has shipped";
                        try {
                            api.conversationsPushedMessagesPost(
                                    new Body10().visitorId("v").text(text));
                            outcome.put(text, true);
                        } catch (BrevoException e) {
                            outcome.put(text, false);
                            failures.put(text, e);
                        }
                    }
                }));
            }
            for (Future<?> future : futures) {
                future.get(2, TimeUnit.MINUTES);
            }
            pool.shutdown();
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            assertEquals(MESSAGES, outcome.size());
            int succeeded = 0;
            for (Map.Entry<String, Boolean> entry : outcome.entrySet()) {
                AtomicInteger copies = stored.get(entry.getKey());
                int count = copies == null ? 0 : copies.get();
                if (entry.getValue()) {
                    succeeded++;
                    assertEquals(1, count, "told sent, stored " + count + " times: " + entry.getKey());
                } else {
                    assertEquals(
                            0,
                            count,
                            "told failed, yet stored: " + entry.getKey() + " " + failures.get(entry.getKey()));
                }
            }
            assertEquals(
                    succeeded,
                    stored.values().stream().mapToInt(AtomicInteger::get).sum(),
                    "no stray copies");
            for (BrevoException e : failures.values()) {
                boolean expected = e instanceof ServerErrorException && ((ServerErrorException) e).statusCode() == 503
                        || e instanceof TooManyRequestsException
                        || e instanceof BrevoConnectionException;
                assertTrue(expected, "only transient faults end a call: " + e);
            }
            // The faults really happened, and retries really recovered from some of them.
            assertTrue(tooMany.get() > 100, "429s: " + tooMany.get());
            assertTrue(unavailable.get() > 100, "503s: " + unavailable.get());
            assertTrue(transport.refused.get() > 0, "refused connections: " + transport.refused.get());
            Map<String, Long> kinds = new java.util.TreeMap<>();
            failures.values()
                    .forEach(e -> kinds.merge(
                            e.getClass().getSimpleName()
                                    + (e instanceof BrevoConnectionException
                                                    && !((BrevoConnectionException) e).mayHaveReachedServer()
                                            ? "(not sent)"
                                            : ""),
                            1L,
                            Long::sum));
            assertTrue(succeeded > MESSAGES * 0.8, "succeeded: " + succeeded + ", failures " + kinds);
            assertFalse(failures.isEmpty(), "503s on sends are reported, never retried");
            System.out.printf(
                    "soak: %d messages, %d stored, %d failed %s, %d x 429, %d x 503, %d refused connects "
                            + "(%d refusal windows), %d ms%n",
                    MESSAGES,
                    succeeded,
                    failures.size(),
                    kinds,
                    tooMany.get(),
                    unavailable.get(),
                    transport.refused.get(),
                    server.refusalWindows(),
                    millis);
        }
    }
}
