package io.github.conversations4j.examples;

import io.github.conversations4j.BrevoConversations;
import io.github.conversations4j.ConversationsClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

/** Run in a fresh JVM: many threads make the JVM's first SDK failures at once (validation, connection, loads). */
public final class FirstUseMain {
    public static void main(String[] args) throws Exception {
        ConversationsClient client = BrevoConversations.builder()
                .apiKey("k")
                .baseUrl("http://127.0.0.1:1/v3")
                .maxRetries(0)
                .build();
        int n = 24;
        CyclicBarrier barrier = new CyclicBarrier(n);
        List<Thread> threads = new ArrayList<>();
        List<String> results = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < n; i++) {
            int kind = i % 4;
            Thread t = new Thread(() -> {
                try {
                    barrier.await(10, TimeUnit.SECONDS);
                    switch (kind) {
                        case 0:
                            client.conversationsMessagesPost(null);
                            break;
                        case 1:
                            client.conversationsMessagesIdGet("x");
                            break;
                        case 2:
                            Class.forName("io.github.conversations4j.errors.NotFoundException");
                            results.add("loaded");
                            return;
                        default:
                            client.conversationsMessagesIdGet(" ");
                            break;
                    }
                    results.add("no exception?!");
                } catch (Throwable e) {
                    results.add(e.getClass().getSimpleName());
                }
            });
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join(20_000);
            if (t.isAlive()) {
                System.out.println("HUNG");
                System.exit(3);
            }
        }
        client.close();
        java.util.TreeMap<String, Integer> counts = new java.util.TreeMap<>();
        results.forEach(r -> counts.merge(r, 1, Integer::sum));
        System.out.println("RESULT " + counts);
    }
}
