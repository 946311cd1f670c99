package io.github.conversations4j.webhooks.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.conversations4j.model.ConversationsMessage;
import io.github.conversations4j.webhooks.WebhookEvent;
import io.github.conversations4j.webhooks.WebhookHandler;
import io.github.conversations4j.webhooks.WebhookIntake.Admission;
import io.github.conversations4j.webhooks.WebhookIntake.StopReport;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The store on a real PostgreSQL and on H2: de-duplication, one instance or two on one database, retries with
 * backoff on a controllable clock, events kept when their retries run out, and what a restart hands over.
 */
class JdbcWebhookIntakeTest {
    static final Duration LIMIT = Duration.ofSeconds(60); // catches a hang; conditions end the waits long before
    final List<JdbcWebhookIntake> intakes = new ArrayList<>();
    final TestClock clock = new TestClock();

    @AfterEach
    void stopAll() {
        intakes.forEach(i -> i.stop(Duration.ofSeconds(10)));
    }

    JdbcWebhookIntake.Builder builder(Databases.Db db) {
        return JdbcWebhookIntake.builder(db.dataSource())
                .createSchema(true)
                .clock(clock)
                .pollInterval(Duration.ofMillis(50))
                .backoff(Duration.ofSeconds(10), Duration.ofMinutes(5));
    }

    JdbcWebhookIntake started(JdbcWebhookIntake.Builder builder, WebhookHandler handler) {
        JdbcWebhookIntake intake = builder.build();
        intakes.add(intake);
        intake.start(handler);
        return intake;
    }

    /** Records each hand-over: conversation id and new message ids. */
    static final class Recorder implements WebhookHandler {
        final List<String> handled = new CopyOnWriteArrayList<>();

        @Override
        public void handle(WebhookEvent event, List<ConversationsMessage> newMessages) throws Exception {
            List<String> ids = new ArrayList<>();
            newMessages.forEach(m -> ids.add(m.getId()));
            handled.add(event.eventName() + " " + event.conversationId() + " " + ids);
        }
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        // The intake's pollers signal nobody outside the store: a named poll.
        io.github.conversations4j.testing.Await.until(what, LIMIT, condition::getAsBoolean);
    }

    static Admission offer(JdbcWebhookIntake intake, String body) {
        return intake.offer(Events.parse(body), Events.bytes(body));
    }

    @ParameterizedTest
    @ValueSource(strings = {"PostgreSQL", "H2", "MariaDB"})
    void aRedeliveredEventIsDuplicateAndHandedOverOnce(String database) throws Exception {
        Recorder recorder = new Recorder();
        JdbcWebhookIntake intake = started(builder(Databases.named(database)), recorder);

        assertEquals(Admission.ACCEPTED, offer(intake, Events.fragment("c1", "m1", "m2")));
        assertEquals(Admission.DUPLICATE, offer(intake, Events.fragment("c1", "m2", "m1")), "same ids, other order");
        await("handed over", () -> recorder.handled.size() == 1);
        assertEquals(Admission.DUPLICATE, offer(intake, Events.fragment("c1", "m1", "m2")), "after handling too");
        assertEquals(Admission.ACCEPTED, offer(intake, Events.fragment("c1", "m1", "m2", "m3")));
        await("second event", () -> recorder.handled.size() == 2);

        assertEquals(
                List.of("conversationFragment c1 [m1, m2]", "conversationFragment c1 [m3]"),
                recorder.handled,
                "a message is new in one event only");
        await("marked done", () -> intake.pendingEvents() == 0); // a handler returns before its event is marked
    }

    @ParameterizedTest
    @ValueSource(strings = {"PostgreSQL", "H2", "MariaDB"})
    void twoInstancesOnOneDatabaseHandleEachEventOnce(String database) throws Exception {
        Databases.Db db = Databases.named(database);
        Map<String, AtomicInteger> handled = new ConcurrentHashMap<>();
        List<String> newIds = new CopyOnWriteArrayList<>();
        WebhookHandler handler = (event, fresh) -> {
            handled.computeIfAbsent(event.conversationId(), k -> new AtomicInteger())
                    .incrementAndGet();
            fresh.forEach(m -> newIds.add(m.getId()));
        };
        JdbcWebhookIntake one = started(builder(db).handlerThreads(3), handler);
        JdbcWebhookIntake two = started(builder(db).handlerThreads(3), handler);

        // The same event delivered to each instance: stored once.
        assertEquals(Admission.ACCEPTED, offer(one, Events.fragment("same", "s1")));
        assertEquals(Admission.DUPLICATE, offer(two, Events.fragment("same", "s1")));
        // A burst spread over both, each event delivered to both, from many threads: each handled once.
        int n = 200;
        List<Thread> senders = new ArrayList<>();
        List<Admission> admissions = Collections.synchronizedList(new ArrayList<>());
        for (JdbcWebhookIntake intake : List.of(one, two)) {
            Thread t = new Thread(() -> {
                for (int i = 0; i < n; i++) {
                    admissions.add(offer(intake, Events.fragment("c" + i, "id" + i)));
                }
            });
            senders.add(t);
            t.start();
        }
        for (Thread t : senders) {
            t.join(LIMIT.toMillis());
        }
        // A transcript of one conversation, repeating its message: no new message in it.
        assertEquals(Admission.ACCEPTED, offer(two, Events.transcript("c7", "id7")));

        await(
                "all handed over",
                () -> handled.values().stream().mapToInt(AtomicInteger::get).sum() == n + 2);
        assertEquals(n, admissions.stream().filter(a -> a == Admission.ACCEPTED).count());
        assertEquals(
                n, admissions.stream().filter(a -> a == Admission.DUPLICATE).count());
        assertEquals(n + 1, handled.size());
        handled.forEach(
                (conversation, count) -> assertEquals(conversation.equals("c7") ? 2 : 1, count.get(), conversation));
        assertEquals(n + 1, newIds.size(), "each message id new once: " + newIds.size());
        assertEquals(n + 1, newIds.stream().distinct().count());
        await("all marked done", () -> one.pendingEvents() == 0); // a handler returns before its event is marked
    }

    @ParameterizedTest
    @ValueSource(strings = {"PostgreSQL", "H2", "MariaDB"})
    void aHandlerThatFailsTwiceIsRetriedWithBackoffThenSucceeds(String database) throws Exception {
        AtomicInteger calls = new AtomicInteger();
        List<List<String>> newIds = new CopyOnWriteArrayList<>();
        JdbcWebhookIntake intake = started(builder(Databases.named(database)), (event, fresh) -> {
            newIds.add(fresh.stream().map(ConversationsMessage::getId).toList());
            if (calls.incrementAndGet() <= 2) {
                throw new IllegalStateException("secret text of the failure");
            }
        });

        assertEquals(Admission.ACCEPTED, offer(intake, Events.fragment("c1", "m1")));
        await("first attempt", () -> calls.get() == 1);
        // Many polls (each reads the clock): none hands it over before its backoff (10 s on the test clock) has passed.
        clock.awaitReads(10, LIMIT);
        assertEquals(1, calls.get(), "not before the backoff");
        clock.advance(Duration.ofSeconds(10));
        await("second attempt", () -> calls.get() == 2);
        clock.advance(Duration.ofSeconds(10));
        clock.awaitReads(10, LIMIT); // many polls, 10 s after the second failure
        assertEquals(2, calls.get(), "the backoff doubles: 20 s after the second failure");
        clock.advance(Duration.ofSeconds(10));
        await("third attempt", () -> calls.get() == 3);
        await("done", () -> intake.pendingEvents() == 0);

        assertEquals(
                List.of(List.of("m1"), List.of("m1"), List.of("m1")),
                newIds,
                "a retried event brings its messages again");
        assertTrue(intake.failedEvents().isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"PostgreSQL", "H2", "MariaDB"})
    void anEventWhoseRetriesRunOutIsKeptVisibleAndCanBeQueuedAgain(String database) throws Exception {
        AtomicInteger calls = new AtomicInteger();
        List<String> logged = captureLog();
        boolean[] fail = {true};
        JdbcWebhookIntake intake = started(builder(Databases.named(database)).maxAttempts(3), (event, fresh) -> {
            calls.incrementAndGet();
            if (fail[0]) {
                throw new java.io.IOException("secret text of the failure");
            }
        });

        assertEquals(Admission.ACCEPTED, offer(intake, Events.fragment("conv-9", "m1")));
        for (int attempt = 1; attempt <= 3; attempt++) {
            int a = attempt;
            await("attempt " + attempt, () -> calls.get() == a);
            clock.advance(Duration.ofMinutes(5));
        }
        await("kept as failed", () -> !intake.failedEvents().isEmpty());
        clock.awaitReads(10, LIMIT); // many polls, 5 min after the third failure
        assertEquals(3, calls.get(), "no fourth attempt");

        FailedWebhookEvent failed = intake.failedEvents().get(0);
        assertEquals("conversationFragment", failed.eventName());
        assertEquals("conv-9", failed.conversationId());
        assertEquals(3, failed.attempts());
        assertEquals("java.io.IOException", failed.lastError());
        assertEquals(0, intake.pendingEvents());
        assertTrue(logged.stream().anyMatch(l -> l.contains("kept as failed") && l.contains("conv-9")), "" + logged);
        assertFalse(logged.stream().anyMatch(l -> l.contains("secret text")), "no body or exception message in logs");

        fail[0] = false;
        assertTrue(intake.retry(failed.id()));
        assertFalse(intake.retry(failed.id()), "queued already: no failed event with that id now");
        await("handed over again", () -> calls.get() == 4);
        await("done", () -> intake.pendingEvents() == 0);
        assertTrue(intake.failedEvents().isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"PostgreSQL", "H2", "MariaDB"})
    void aRestartHandsOverWhatWasStoredAndNotTheMessagesHandledBefore(String database) throws Exception {
        Databases.Db db = Databases.named(database);
        Recorder before = new Recorder();
        JdbcWebhookIntake first = started(builder(db), before);
        assertEquals(Admission.ACCEPTED, offer(first, Events.fragment("c1", "m1")));
        await("handed over", () -> before.handled.size() == 1);
        // Stopped while the handler is held: the event stays in the store.
        java.util.concurrent.CountDownLatch entered = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch never = new java.util.concurrent.CountDownLatch(1);
        JdbcWebhookIntake second = started(builder(db), (event, fresh) -> {
            entered.countDown();
            never.await();
        });
        first.stop(Duration.ofSeconds(10));
        assertEquals(Admission.ACCEPTED, offer(second, Events.fragment("c1", "m2")));
        assertTrue(entered.await(LIMIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS));
        StopReport report = second.stop(Duration.ofMillis(100));
        assertEquals(new StopReport(1, List.of("c1"), true), report);
        assertEquals(Admission.STOPPING, offer(second, Events.fragment("c1", "m3")));

        Recorder after = new Recorder();
        JdbcWebhookIntake third = started(builder(db), after);
        clock.advance(Duration.ofMinutes(5)); // the stopped handler's lease
        await("the pending event", () -> after.handled.size() == 1);
        assertEquals(Admission.ACCEPTED, offer(third, Events.transcript("c1", "m1", "m2", "m3")));
        await("the transcript", () -> after.handled.size() == 2);

        assertEquals(
                List.of("conversationFragment c1 [m2]", "conversationTranscript c1 [m3]"),
                after.handled,
                "a transcript after a restart brings only the message never handed over");
    }

    @ParameterizedTest
    @ValueSource(strings = {"PostgreSQL", "H2", "MariaDB"})
    void aDatabaseThatFailsIsUnavailableNotAnError(String database) throws Exception {
        Databases.Db db = Databases.named(database);
        JdbcWebhookIntake intake = started(builder(db), new Recorder());
        try (Connection c = db.dataSource().getConnection();
                Statement s = c.createStatement()) {
            s.execute("ALTER TABLE c4j_webhook_event RENAME TO c4j_webhook_event_away");
        }
        assertEquals(Admission.UNAVAILABLE, offer(intake, Events.fragment("c1", "m1")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"PostgreSQL", "H2", "MariaDB"})
    void missingTablesFailTheBuildNamingTheSchemaFile(String database) {
        Databases.Db db = Databases.named(database);
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> JdbcWebhookIntake.builder(db.dataSource())
                        .tablePrefix("other_")
                        .build());
        assertTrue(
                e.getMessage().contains("other_webhook_event")
                        && e.getMessage()
                                .contains("schema-"
                                        + Map.of("H2", "h2", "PostgreSQL", "postgresql", "MariaDB", "mysql")
                                                .get(database)
                                        + ".sql")
                        && e.getMessage().contains("createSchema(true)"),
                e.getMessage());
        JdbcWebhookIntake.builder(db.dataSource())
                .tablePrefix("other_")
                .createSchema(true)
                .build();
        JdbcWebhookIntake.builder(db.dataSource()).tablePrefix("other_").build(); // there now
    }

    @ParameterizedTest
    @ValueSource(strings = {"PostgreSQL", "H2"})
    void aConstraintOtherThanTheKeyIsUnavailableNotDuplicate(String database) throws Exception {
        Databases.Db db = Databases.named(database);
        JdbcWebhookIntake intake = started(builder(db), new Recorder());
        // A table restored from a backup without its id sequence: the next generated id is taken.
        try (Connection c = db.dataSource().getConnection();
                Statement s = c.createStatement()) {
            s.execute("INSERT INTO c4j_webhook_event (id, dedup_key, event_name, status, attempts, due_at, received_at)"
                    + " VALUES (1, 'restored', 'conversationFragment', 'D', 1, 0, 0)");
        }
        assertEquals(
                Admission.UNAVAILABLE,
                offer(intake, Events.fragment("c1", "m1")),
                "a 200 for an event never stored loses it");
    }

    @ParameterizedTest
    @ValueSource(strings = {"PostgreSQL", "H2"})
    void aHandlerThatOutlivesItsLeaseDoesNotCutTheNextAttemptsLease(String database) throws Exception {
        java.util.concurrent.CountDownLatch firstIn = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch secondIn = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch releaseFirst = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch releaseSecond = new java.util.concurrent.CountDownLatch(1);
        AtomicInteger slowCalls = new AtomicInteger();
        List<String> handled = new CopyOnWriteArrayList<>();
        JdbcWebhookIntake intake = started(builder(Databases.named(database)).handlerThreads(2), (event, fresh) -> {
            if (event.conversationId().equals("slow")) {
                switch (slowCalls.incrementAndGet()) {
                    case 1 -> {
                        firstIn.countDown();
                        releaseFirst.await();
                        throw new java.io.IOException("late failure");
                    }
                    case 2 -> {
                        secondIn.countDown();
                        releaseSecond.await();
                    }
                    default -> {}
                }
            }
            handled.add(event.conversationId());
        });
        assertEquals(Admission.ACCEPTED, offer(intake, Events.fragment("slow", "m1")));
        assertTrue(firstIn.await(LIMIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS));
        clock.advance(Duration.ofMinutes(6)); // past the lease of 5 minutes: handed over again (at least once)
        assertTrue(secondIn.await(LIMIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS));

        releaseFirst.countDown(); // the first attempt fails now, long after its lease
        // The first attempt's thread is the only free one: it records its outcome, then takes this event.
        assertEquals(Admission.ACCEPTED, offer(intake, Events.fragment("next", "m2")));
        await("next", () -> handled.contains("next"));
        clock.advance(
                Duration.ofSeconds(11)); // past the first attempt's backoff (10 s), well within the second's lease
        assertEquals(Admission.ACCEPTED, offer(intake, Events.fragment("after", "m3")));
        await("after", () -> handled.contains("after")); // claimed in due order: a due "slow" would come first
        assertEquals(2, slowCalls.get(), "a third hand-over while the second still runs");

        releaseSecond.countDown();
        await("done", () -> intake.pendingEvents() == 0);
        assertTrue(intake.failedEvents().isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"PostgreSQL", "H2"})
    void aPoolWithoutAutoCommitKeepsTheEventWhoseRetriesRanOut(String database) throws Exception {
        Databases.Db db = Databases.named(database);
        DataSource noAutoCommit =
                new SimplePool(new StoreInstance.DriverDataSource(db.url(), db.user(), db.password()), false);
        List<String> logged = captureLog();
        JdbcWebhookIntake intake = JdbcWebhookIntake.builder(noAutoCommit)
                .createSchema(true)
                .clock(clock)
                .pollInterval(Duration.ofMillis(50))
                .maxAttempts(1)
                .build();
        intakes.add(intake);
        java.util.concurrent.atomic.AtomicBoolean failedOnce = new java.util.concurrent.atomic.AtomicBoolean();
        intake.start((event, fresh) -> {
            // Fails once only: were the retried event to fail again before the second retry(), that retry would
            // rightly find it failed again, and the test would pass or fail by the workers' timing.
            if (event.conversationId().equals("fails") && failedOnce.compareAndSet(false, true)) {
                throw new java.io.IOException("secret text of the failure");
            }
        });
        assertEquals(Admission.ACCEPTED, offer(intake, Events.fragment("fails", "m1")));
        assertEquals(Admission.ACCEPTED, offer(intake, Events.fragment("works", "m2")));
        await("given up", () -> logged.stream().anyMatch(l -> l.contains("kept as failed after 1 attempts")));
        await("the other one done", () -> intake.pendingEvents() == 0);

        List<FailedWebhookEvent> failed = intake.failedEvents();
        assertEquals(1, failed.size(), "the give-up was committed");
        assertEquals("java.io.IOException", failed.get(0).lastError());
        assertTrue(intake.retry(failed.get(0).id()));
        assertFalse(intake.retry(failed.get(0).id()), "the retry was committed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"PostgreSQL", "H2"})
    void aMessageIdTheDatabaseRefusesBlocksNoOtherEvent(String database) throws Exception {
        Recorder recorder = new Recorder();
        JdbcWebhookIntake intake = started(builder(Databases.named(database)), recorder);
        // JSON allows any character in an id; PostgreSQL's text refuses NUL, and every claim of the event failed,
        // first in due order, so that no event behind it was ever handed over.
        assertEquals(Admission.ACCEPTED, offer(intake, Events.fragment("odd", "a\\u0000b", "caf\\u00e9", "x")));
        assertEquals(Admission.ACCEPTED, offer(intake, Events.fragment("next", "m2")));
        await("both", () -> recorder.handled.size() == 2);
        // Two conversations: handed over in either order (several handler threads).
        assertEquals(
                java.util.Set.of("conversationFragment odd [a\u0000b, caf\u00e9, x]", "conversationFragment next [m2]"),
                java.util.Set.copyOf(recorder.handled));
        assertEquals(Admission.ACCEPTED, offer(intake, Events.transcript("odd", "a\\u0000b", "caf\\u00e9", "x", "y")));
        await("the transcript", () -> recorder.handled.size() == 3);
        assertEquals("conversationTranscript odd [y]", recorder.handled.get(2));
    }

    @ParameterizedTest
    @ValueSource(strings = {"PostgreSQL", "H2"})
    void anEventWhoseClaimAlwaysFailsIsKeptAndBlocksNoOtherEvent(String database) throws Exception {
        Databases.Db db = Databases.named(database);
        Recorder recorder = new Recorder();
        JdbcWebhookIntake intake = started(builder(db).maxAttempts(1), recorder);
        try (Connection c = db.dataSource().getConnection();
                Statement s = c.createStatement()) {
            s.execute("ALTER TABLE c4j_webhook_message ADD CONSTRAINT poison CHECK (message_id <> 'poison')");
        }
        assertEquals(Admission.ACCEPTED, offer(intake, Events.fragment("refused", "poison")));
        assertEquals(Admission.ACCEPTED, offer(intake, Events.fragment("next", "m2")));
        await("the next event", () -> recorder.handled.size() == 1);
        assertEquals("conversationFragment next [m2]", recorder.handled.get(0));
        // The next event may be handed over before the refused one's failed claim is recorded.
        await("kept as failed", () -> intake.failedEvents().size() == 1);
        List<FailedWebhookEvent> failed = intake.failedEvents();
        assertEquals(1, failed.size());
        assertEquals("refused", failed.get(0).conversationId());
        assertTrue(
                failed.get(0).lastError().startsWith("claim: ")
                        && failed.get(0).lastError().contains("SQLState 23"),
                failed.get(0).lastError());
    }

    @ParameterizedTest
    @ValueSource(strings = {"PostgreSQL", "H2"})
    void aStoreThatCannotClaimFailsTheBuild(String database) throws Exception {
        // Tables with every column but one the claim cannot use (as a database without SKIP LOCKED cannot run it):
        // built, it would answer 200 to every event and hand none over.
        Databases.Db db = Databases.named(database);
        try (Connection c = db.dataSource().getConnection();
                Statement s = c.createStatement()) {
            s.execute(
                    "CREATE TABLE bad_webhook_event (id BIGINT PRIMARY KEY, dedup_key CHAR(64), event_name VARCHAR(200),"
                            + " conversation_id VARCHAR(200), body " + (database.equals("H2") ? "BLOB" : "BYTEA")
                            + ", status INTEGER,"
                            + " attempts INTEGER, due_at BIGINT, received_at BIGINT, finished_at BIGINT, last_error VARCHAR(200))");
            s.execute("CREATE TABLE bad_webhook_message (message_id VARCHAR(255) PRIMARY KEY, event_id BIGINT,"
                    + " received_at BIGINT)");
        }
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> JdbcWebhookIntake.builder(db.dataSource())
                        .tablePrefix("bad_")
                        .build());
        assertTrue(e.getMessage().contains("cannot claim events"), e.getMessage());
    }

    @org.junit.jupiter.api.Test
    void messageIdsThatDifferInCaseAreTwoMessagesOnMariaDb() throws Exception {
        // MySQL and MariaDB compare strings without case (and accents) unless the column's collation is binary.
        Recorder recorder = new Recorder();
        JdbcWebhookIntake intake = started(builder(Databases.named("MariaDB")), recorder);
        assertEquals(Admission.ACCEPTED, offer(intake, Events.fragment("c1", "dkmyYPxJyh5rKDhRT")));
        await("first", () -> recorder.handled.size() == 1);
        assertEquals(
                Admission.ACCEPTED, offer(intake, Events.fragment("c1", "dkmyYPxJyh5rKDhRT", "DKMYypXjYH5RkdHrt")));
        await("second", () -> recorder.handled.size() == 2);
        assertEquals("conversationFragment c1 [DKMYypXjYH5RkdHrt]", recorder.handled.get(1));
    }

    static int count(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection();
                Statement s = c.createStatement();
                var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** What the store logs (System.Logger goes to java.util.logging here); held, so that the logger stays. */
    static final Logger STORE_LOG = Logger.getLogger("io.github.conversations4j.webhooks");

    static final List<String> LOGGED = new CopyOnWriteArrayList<>();

    static {
        STORE_LOG.addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                LOGGED.add(record.getMessage());
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        });
    }

    static List<String> captureLog() {
        LOGGED.clear();
        return LOGGED;
    }
}
