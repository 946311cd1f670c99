package io.github.conversations4j.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The sandbox's state holds up under parallel clients. */
class SandboxConcurrencyTest {
    private static final int THREADS = 8;
    private static final int PER_THREAD = 500;

    @Test
    void eightThreadsSending500Each_store4000DistinctMessages() throws Exception {
        try (ConversationsSandbox sandbox = ConversationsSandbox.start()) {
            RawHttp http = new RawHttp(sandbox);
            Set<String> ids = ConcurrentHashMap.newKeySet();
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    String visitor = "visitor-" + t;
                    boolean pushed = t % 2 == 0;
                    futures.add(pool.submit(() -> {
                        go.await();
                        for (int i = 0; i < PER_THREAD; i++) {
                            HttpResponse<String> response = pushed
                                    ? http.send(
                                            "POST",
                                            "/conversations/pushedMessages",
                                            "{\"visitorId\":\"" + visitor + "\",\"text\":\"" + i + "\"}")
                                    : http.send(
                                            "POST",
                                            "/conversations/messages",
                                            "{\"visitorId\":\"" + visitor + "\",\"text\":\"" + i
                                                    + "\",\"agentId\":\"a1\"}");
                            assertEquals(200, response.statusCode(), response.body());
                            ids.add(RawHttp.json(response).get("id").asText());
                        }
                        return null;
                    }));
                }
                go.countDown();
                for (Future<?> future : futures) {
                    future.get(2, TimeUnit.MINUTES);
                }
            } finally {
                pool.shutdownNow();
            }

            assertEquals(THREADS * PER_THREAD, ids.size(), "ids must be distinct");
            int stored = 0;
            for (int t = 0; t < THREADS; t++) {
                List<SandboxMessage> conversation = sandbox.messagesFor("visitor-" + t);
                stored += conversation.size();
                for (int i = 0; i < conversation.size(); i++) {
                    assertEquals(Integer.toString(i), conversation.get(i).text(), "per-visitor order kept");
                }
            }
            assertEquals(THREADS * PER_THREAD, stored);
            for (String id : ids) {
                assertNotNull(sandbox.message(id));
            }
            assertEquals(THREADS * PER_THREAD, sandbox.requests().size());
        }
    }

    @Test
    void concurrentEditsAndDeletesOfOneMessage_endConsistent() throws Exception {
        try (ConversationsSandbox sandbox = ConversationsSandbox.start()) {
            RawHttp http = new RawHttp(sandbox);
            String id = RawHttp.json(
                            http.send("POST", "/conversations/pushedMessages", "{\"visitorId\":\"v\",\"text\":\"0\"}"))
                    .get("id")
                    .asText();
            String path = "/conversations/pushedMessages/" + id;
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            Set<Integer> deleteStatuses = ConcurrentHashMap.newKeySet();
            List<Integer> successfulDeletes = java.util.Collections.synchronizedList(new ArrayList<>());
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    int n = t;
                    futures.add(pool.submit(() -> {
                        for (int i = 0; i < 20; i++) {
                            int status = http.send("PUT", path, "{\"text\":\"" + n + "-" + i + "\"}")
                                    .statusCode();
                            assertTrue(status == 200 || status == 404, "PUT " + status);
                        }
                        int status = http.send("DELETE", path, null).statusCode();
                        deleteStatuses.add(status);
                        if (status == 204) {
                            successfulDeletes.add(n);
                        }
                        return null;
                    }));
                }
                for (Future<?> future : futures) {
                    future.get(1, TimeUnit.MINUTES);
                }
            } finally {
                pool.shutdownNow();
            }
            assertEquals(1, successfulDeletes.size(), "exactly one delete succeeds");
            assertTrue(Set.of(204, 404).containsAll(deleteStatuses), deleteStatuses.toString());
            assertNull(sandbox.message(id));
        }
    }
}
