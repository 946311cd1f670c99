package io.github.conversations4j.webhooks.jdbc;

import io.github.conversations4j.model.ConversationsMessage;
import io.github.conversations4j.webhooks.ConversationsWebhooks;
import io.github.conversations4j.webhooks.WebhookEvent;
import io.github.conversations4j.webhooks.WebhookHandler;
import io.github.conversations4j.webhooks.WebhookIntake;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * A durable {@link WebhookIntake} on the application's own relational database (PostgreSQL, MySQL 8, MariaDB 10.6+
 * or H2 2.x), through nothing but {@code java.sql}: each webhook is stored before the endpoint answers Brevo, handed
 * over from the store, retried with backoff when the handler throws, and kept when its retries run out. Several
 * instances of an application share one store: each event is handled by one of them.
 *
 * <pre>{@code
 * JdbcWebhookIntake intake = JdbcWebhookIntake.builder(dataSource).build();   // checks its tables
 * intake.start((event, newMessages) -> { for (ConversationsMessage m : newMessages) answer(m); });
 * // in the HTTP handler, after the token check:
 * WebhookEvent event = ConversationsWebhooks.parse(body);
 * answer(intake.offer(event, body).status());                                  // 200, or 429: Brevo tries again
 * }</pre>
 *
 * <p><b>What it promises.</b> {@link #offer} returns {@link Admission#ACCEPTED} only once the event is committed: a
 * crash after the answer loses nothing, the next start (or another instance) hands it over. An event delivered again
 * (same event name, conversation and message ids) is {@link Admission#DUPLICATE} and not handed over again, across
 * instances. A message (by id) is handed over in {@code newMessages} of one event only: a transcript repeating a
 * conversation's messages brings none of them again, even after a restart (a message without an id is always
 * new). Handing over is at least once: an instance killed while its handler runs leaves the event to be handed over
 * again after {@link Builder#leaseTime}, so a handler should be quick to repeat (or check its own effects).
 *
 * <p><b>How.</b> Workers claim due events with {@code SELECT ... FOR UPDATE SKIP LOCKED} and take a lease on each
 * (its due time moves {@code leaseTime} ahead); the claim also records the event's message ids, each owned by the
 * first event that claimed it, in the same transaction. A handled event is marked done and its body dropped; a
 * failed one is due again after a backoff; after {@link Builder#maxAttempts} attempts it is kept as failed:
 * {@link #failedEvents()}, {@link #retry(long)}. Done events and message ids are deleted after
 * {@link Builder#retention}. Times are the instances' clocks (keep them in sync, as NTP does).
 *
 * <p><b>Schema.</b> The tables are in {@code io/github/conversations4j/webhooks/jdbc/schema-<database>.sql} in the
 * jar; apply them with your migrations, or build with {@link Builder#createSchema(boolean) createSchema(true)}.
 * {@link Builder#build()} checks them and names the file when they are missing.
 *
 * <p>Logs (to the {@code System.Logger} named {@code io.github.conversations4j.webhooks}) carry an event's store id,
 * name, conversation id and exception type: never its body. Thread-safe.
 */
public final class JdbcWebhookIntake implements WebhookIntake {
    private static final System.Logger LOG = System.getLogger("io.github.conversations4j.webhooks");
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9_]{0,30}");
    private static final int MAX_ID = 255;
    private static final int MAX_NAME = 200;
    private static final int MAX_ERROR = 200;
    private static final int REPORTED_CONVERSATIONS = 100;

    private final DataSource dataSource;
    private final Dialect dialect;
    private final String events;
    private final String messages;
    private final int handlerThreads;
    private final Duration pollInterval;
    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Duration leaseTime;
    private final Duration retention;
    private final Clock clock;

    private final Object signal = new Object();
    /** Guarded by {@code signal}: a local offer or a stop since the workers last looked. */
    private long wakeups;

    private volatile boolean accepting;
    private volatile boolean running;
    private boolean started;
    private final List<Thread> workers = new ArrayList<>();
    private volatile long lastPurge;

    private JdbcWebhookIntake(Builder b, Dialect dialect) {
        this.dataSource = b.dataSource;
        this.dialect = dialect;
        this.events = b.tablePrefix + "webhook_event";
        this.messages = b.tablePrefix + "webhook_message";
        this.handlerThreads = b.handlerThreads;
        this.pollInterval = b.pollInterval;
        this.maxAttempts = b.maxAttempts;
        this.initialBackoff = b.initialBackoff;
        this.maxBackoff = b.maxBackoff;
        this.leaseTime = b.leaseTime;
        this.retention = b.retention;
        this.clock = b.clock;
    }

    /**
     * Starts a builder.
     *
     * @param dataSource the application's database (a pooled {@code DataSource}: each offer takes a connection; set
     *     the pool's connection timeout short, as {@link #offer} waits for it)
     * @return the builder
     */
    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    /**
     * Stores the event, in one transaction, before returning {@link Admission#ACCEPTED}; {@link Admission#DUPLICATE}
     * when an event with the same de-duplication key is stored already (kept for {@link Builder#retention});
     * {@link Admission#UNAVAILABLE} when the database fails; {@link Admission#STOPPING} before {@link #start} and after
     * {@link #stop}.
     *
     * <p>The de-duplication key is a SHA-256 of the event name, the conversation id and the event's message ids,
     * sorted; for an event without any message id, of the event name, the conversation id and the body.
     */
    @Override
    public Admission offer(WebhookEvent event, byte[] body) {
        Objects.requireNonNull(event, "event must not be null");
        Objects.requireNonNull(body, "body must not be null");
        if (!accepting) {
            return Admission.STOPPING;
        }
        long now = clock.millis();
        String key = dedupKey(event, body);
        try {
            autoCommitted(c -> execute(
                    c,
                    "INSERT INTO " + events
                            + " (dedup_key, event_name, conversation_id, body, status, attempts, due_at,"
                            + " received_at) VALUES (?, ?, ?, ?, 'P', 0, ?, ?)",
                    key,
                    cut(event.eventName(), MAX_NAME),
                    cut(event.conversationId(), MAX_NAME),
                    body,
                    now,
                    now));
        } catch (SQLException | RuntimeException e) {
            String what = " a " + event.eventName() + " event of conversation " + event.conversationId();
            if (e instanceof SQLException sql && isUniqueViolation(sql)) {
                // Class 23 is any integrity violation: only a stored row with this key makes it a duplicate. Another
                // one (an id sequence behind its table after a restore, a constraint of the application's) answered
                // 200 would lose the event.
                Boolean stored = isStored(key);
                if (Boolean.TRUE.equals(stored)) {
                    return Admission.DUPLICATE;
                }
                if (stored != null) {
                    LOG.log(
                            Level.WARNING,
                            () -> "The webhook store refused" + what
                                    + " for a constraint other than its de-duplication key (answered 429, Brevo"
                                    + " delivers it again; is the id sequence of " + events + " behind its rows?): "
                                    + describe(e));
                    return Admission.UNAVAILABLE;
                }
            }
            LOG.log(
                    Level.WARNING,
                    () -> "The webhook store could not store" + what + " (answered 429, Brevo delivers it again): "
                            + describe(e));
            return Admission.UNAVAILABLE;
        }
        wake();
        return Admission.ACCEPTED;
    }

    /** Whether an event with this de-duplication key is stored; null when the database cannot say. */
    private Boolean isStored(String key) {
        try (Connection c = dataSource.getConnection()) {
            return query(c, "SELECT 1 FROM " + events + " WHERE dedup_key = ?", ResultSet::next, key);
        } catch (SQLException | RuntimeException e) {
            return null;
        }
    }

    static String dedupKey(WebhookEvent event, byte[] body) {
        MessageDigest sha = sha256();
        update(sha, event.eventName());
        update(sha, event.conversationId());
        TreeSet<String> ids = event.messages().stream()
                .map(ConversationsMessage::getId)
                .filter(Objects::nonNull)
                .collect(Collectors.toCollection(TreeSet::new));
        if (ids.isEmpty()) {
            sha.update((byte) 1);
            sha.update(body);
        } else {
            sha.update((byte) 2);
            ids.forEach(id -> update(sha, id));
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static void update(MessageDigest sha, String s) {
        if (s == null) {
            sha.update((byte) 0);
        } else {
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            sha.update((byte) 1);
            sha.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
            sha.update(bytes);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /**
     * A message id as stored: as it is when it is printable ASCII and fits the column, else a digest. Any other
     * character may not be storable (PostgreSQL refuses NUL; a MySQL column not in utf8mb4 refuses 4-byte characters,
     * or a non-binary collation makes ids that differ in case or accents one): the claim would fail on every try.
     */
    static String storedId(String id) {
        boolean plain = !id.isEmpty() && id.length() <= MAX_ID - 7;
        for (int i = 0; plain && i < id.length(); i++) {
            char ch = id.charAt(i);
            plain = ch > ' ' && ch < 0x7f;
        }
        return plain ? id : "sha256:" + HexFormat.of().formatHex(sha256().digest(id.getBytes(StandardCharsets.UTF_8)));
    }

    /** Starts {@link Builder#handlerThreads} workers that hand the stored events over, this instance's and others'. */
    @Override
    public synchronized void start(WebhookHandler handler) {
        Objects.requireNonNull(handler, "handler must not be null");
        if (started) {
            throw new IllegalStateException("this JdbcWebhookIntake was started already");
        }
        started = true;
        running = true;
        accepting = true;
        for (int i = 0; i < handlerThreads; i++) {
            Thread t = new Thread(() -> work(handler), "conversations4j-webhook-store-" + (i + 1));
            t.setDaemon(true); // what it holds is in the database: nothing is lost when the JVM ends without stop()
            workers.add(t);
            t.start();
        }
    }

    /**
     * Stops taking events, lets the handlers finish the events they hold (up to {@code drainTimeout}; then they are
     * interrupted, and their events handed over again after the lease), and reports the events still pending in the
     * store: kept, for the next start or another instance.
     */
    @Override
    public StopReport stop(Duration drainTimeout) {
        Objects.requireNonNull(drainTimeout, "drainTimeout must not be null");
        List<Thread> threads;
        synchronized (this) {
            accepting = false;
            running = false;
            threads = List.copyOf(workers);
            workers.clear();
        }
        wake();
        long deadline = System.nanoTime() + Math.max(0, drainTimeout.toNanos());
        boolean interrupted = false;
        for (Thread t : threads) {
            try {
                long left = deadline - System.nanoTime();
                if (left > 0) {
                    t.join(Math.max(1, left / 1_000_000));
                }
                if (t.isAlive()) {
                    t.interrupt();
                }
            } catch (InterruptedException e) {
                interrupted = true;
                t.interrupt();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Set<String> ids = new LinkedHashSet<>();
        int pending;
        try (Connection c = dataSource.getConnection()) {
            pending = query(c, "SELECT conversation_id FROM " + events + " WHERE status = 'P' ORDER BY id", rs -> {
                int n = 0;
                for (; rs.next(); n++) {
                    String id = rs.getString(1);
                    if (id != null && ids.size() < REPORTED_CONVERSATIONS) {
                        ids.add(id);
                    }
                }
                return n;
            });
        } catch (SQLException e) {
            LOG.log(
                    Level.WARNING,
                    () -> "The webhook store could not count its pending events at stop: " + describe(e));
            return new StopReport(0, List.of(), true);
        }
        if (pending > 0) {
            LOG.log(
                    Level.INFO,
                    () -> pending + " webhook events stay pending in the store, for the next start or another"
                            + " instance (conversations " + ids + ")");
        }
        return new StopReport(pending, List.copyOf(ids), true);
    }

    private void wake() {
        synchronized (signal) {
            wakeups++;
            signal.notifyAll();
        }
    }

    private void work(WebhookHandler handler) {
        long seen = -1;
        while (running) {
            Claimed claimed = null;
            try {
                purgeIfDue();
                claimed = claim();
            } catch (SQLException | RuntimeException e) {
                LOG.log(Level.DEBUG, () -> "The webhook store could not claim an event (tried again): " + describe(e));
            }
            if (claimed == LOST) {
                continue;
            }
            if (claimed != null) {
                handOver(handler, claimed);
                continue;
            }
            synchronized (signal) {
                if (seen == wakeups && running) {
                    try {
                        signal.wait(Math.max(1, pollInterval.toMillis()));
                    } catch (InterruptedException e) {
                        return; // stop() gave up waiting
                    }
                }
                seen = wakeups;
            }
        }
    }

    private record Claimed(
            long id, String eventName, String conversationId, int attempts, byte[] body, Set<String> ownedIds) {
        /** How a log line names the event: never its body. */
        String label() {
            return "Webhook event " + id + " (" + eventName + ", conversation " + conversationId + ")";
        }

        /** The attempt this claim starts, with the message ids the event owns. */
        Claimed attempt(Set<String> owned) {
            return new Claimed(id, eventName, conversationId, attempts + 1, body, owned);
        }
    }

    /** What {@link #claim} returns when another worker took the event first: look again at once. */
    private static final Claimed LOST = new Claimed(0, null, null, 0, null, Set.of());

    /** Claims one due event, and records its message ids (each owned by the first event that claims it). */
    private Claimed claim() throws SQLException {
        long now = clock.millis();
        Claimed selected = null;
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                Claimed claimed = query(
                        c,
                        dialect.claim(events, 1),
                        rs -> rs.next()
                                ? new Claimed(
                                        rs.getLong(1),
                                        rs.getString(4),
                                        rs.getString(5),
                                        rs.getInt(3),
                                        rs.getBytes(2),
                                        Set.of())
                                : null,
                        now);
                if (claimed == null) {
                    c.commit();
                    return null;
                }
                if (claimed.attempts >= maxAttempts || claimed.body == null) {
                    // Its last attempt never reported (the instance died, or the handler outlived the lease): no more.
                    giveUp(
                            c,
                            claimed,
                            claimed.body == null ? "no body" : "lease expired",
                            now,
                            " after " + claimed.attempts
                                    + " attempts: its last attempt did not finish within the lease");
                    return null;
                }
                // Compare-and-set on attempts: H2 returns a row another transaction claimed and committed meanwhile (it
                // does not check the row again as PostgreSQL does); this statement reads the committed row.
                if (execute(
                                c,
                                "UPDATE " + events
                                        + " SET attempts = attempts + 1, due_at = ? WHERE id = ? AND attempts = ?"
                                        + " AND status = 'P'",
                                now + leaseTime.toMillis(),
                                claimed.id,
                                claimed.attempts)
                        != 1) {
                    c.rollback();
                    return LOST;
                }
                selected = claimed;
                List<ConversationsMessage> eventMessages;
                try {
                    eventMessages = ConversationsWebhooks.parse(claimed.body).messages();
                } catch (RuntimeException e) { // read at offer, unreadable now (another version): kept, for a person
                    String type = e.getClass().getName();
                    giveUp(c, claimed, type, now, ": its stored body cannot be read (" + type + ")");
                    return null;
                }
                TreeSet<String> ids = eventMessages.stream() // sorted: two claims insert in the same order, no deadlock
                        .map(ConversationsMessage::getId)
                        .filter(Objects::nonNull)
                        .map(JdbcWebhookIntake::storedId)
                        .collect(Collectors.toCollection(TreeSet::new));
                Set<String> owned = new HashSet<>();
                if (!ids.isEmpty()) {
                    try (PreparedStatement ps = c.prepareStatement(dialect.insertMessageIfAbsent(messages))) {
                        for (String id : ids) {
                            bind(ps, id, claimed.id, now);
                            ps.addBatch();
                        }
                        ps.executeBatch();
                    }
                    query(
                            c,
                            "SELECT message_id FROM " + messages + " WHERE event_id = ?",
                            rs -> {
                                while (rs.next()) {
                                    owned.add(rs.getString(1));
                                }
                                return null;
                            },
                            claimed.id);
                }
                c.commit();
                return claimed.attempt(owned);
            } catch (SQLException | RuntimeException e) {
                rollback(c);
                if (selected != null && !transient_(e)) {
                    claimFailed(c, selected, e, now);
                    return null;
                }
                throw e;
            } finally {
                restore(c, autoCommit);
            }
        }
    }

    /**
     * A failure a new try may not meet: a lost race for a message id (H2's MERGE: 23505), a deadlock or serialization
     * failure (class 40), a lost connection (class 08).
     */
    private static boolean transient_(Throwable e) {
        if (!(e instanceof SQLException sql) || sql.getSQLState() == null) {
            return false;
        }
        String state = sql.getSQLState();
        return state.equals("23505") || state.startsWith("40") || state.startsWith("08");
    }

    /**
     * Recording an event's claim failed for a reason that a new try would meet again (a value the database refuses):
     * counted as an attempt and due again after the backoff, so that this event, first in due order, does not stop
     * every other event behind it; kept as failed when its attempts run out.
     */
    private void claimFailed(Connection c, Claimed claimed, Throwable e, long now) {
        try {
            c.setAutoCommit(true);
            if (recordFailure(c, claimed, claimed.attempts + 1, "claim: " + describe(e), now) == 0) {
                // Not recorded (a later attempt has the event), but the failure itself must still be seen.
                LOG.log(
                        Level.WARNING,
                        () -> claimed.label() + " could not be claimed (" + describe(e)
                                + "); a later attempt has taken it over");
            }
        } catch (SQLException | RuntimeException x) {
            LOG.log(
                    Level.WARNING,
                    () -> "The webhook store could not record that event " + claimed.id + " failed to be claimed ("
                            + describe(e) + "): " + describe(x));
        }
    }

    /**
     * Records and logs a failed attempt, fenced by the attempts the row must still have (those of {@code claimed}):
     * counted as {@code attempts}, due again after the backoff, or kept as failed when it was the last.
     *
     * @return how many rows it changed: 0 when a later attempt has taken the event over
     */
    private int recordFailure(Connection c, Claimed claimed, int attempts, String error, long now) throws SQLException {
        boolean last = attempts >= maxAttempts;
        Duration backoff = backoff(attempts);
        List<Object> values = new ArrayList<>(List.of(attempts, now + backoff.toMillis(), cut(error, MAX_ERROR)));
        if (last) {
            values.add(now);
        }
        values.add(claimed.id);
        values.add(claimed.attempts);
        int changed = execute(
                c,
                "UPDATE " + events + " SET attempts = ?, due_at = ?, last_error = ?, "
                        + (last ? "status = 'F', finished_at = ?" : "status = 'P', finished_at = NULL")
                        + " WHERE id = ? AND attempts = ? AND status = 'P'",
                values.toArray());
        if (changed == 1) {
            LOG.log(
                    Level.WARNING,
                    () -> claimed.label()
                            + (last
                                    ? " kept as failed after " + attempts + " attempts, the last " + error
                                            + "; see failedEvents(), retry(id)"
                                    : " failed attempt " + attempts + " of " + maxAttempts + ": " + error
                                            + "; next attempt in " + backoff));
        }
        return changed;
    }

    private void handOver(WebhookHandler handler, Claimed claimed) {
        Throwable failure;
        try {
            WebhookEvent event = ConversationsWebhooks.parse(claimed.body);
            handler.handle(
                    event,
                    event.messages().stream()
                            .filter(m -> m.getId() == null || claimed.ownedIds.contains(storedId(m.getId())))
                            .toList());
            failure = null;
        } catch (Throwable e) { // an Error too: the event is kept, and the worker goes on
            failure = e;
        }
        long now = clock.millis();
        try {
            // Each outcome is fenced by the attempt it belongs to: a handler that outlived its lease (the event was
            // claimed again meanwhile) must not cut the new attempt's lease with its backoff, nor fail the event while
            // the new attempt runs. Its success is recorded still: the event was handled.
            if (failure == null) {
                update(c -> execute(
                        c,
                        "UPDATE " + events + " SET status = 'D', body = NULL, finished_at = ?, last_error = NULL"
                                + " WHERE id = ? AND status IN ('P', 'F')",
                        now,
                        claimed.id));
            } else {
                String type = failure.getClass().getName();
                if (update(c -> recordFailure(c, claimed, claimed.attempts, type, now)) != 1) {
                    LOG.log(
                            Level.WARNING,
                            () -> claimed.label() + ": attempt " + claimed.attempts + " failed (" + type
                                    + ") after its lease of " + leaseTime + " had run out (the event was handed over"
                                    + " again, or given up, meanwhile): the later attempt decides. Make leaseTime"
                                    + " longer than the slowest handler");
                }
            }
        } catch (SQLException | RuntimeException e) {
            LOG.log(
                    Level.WARNING,
                    () -> "The webhook store could not record the outcome of event " + claimed.id
                            + " (handed over again after the lease): " + describe(e));
        }
        if (failure instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
    }

    Duration backoff(int attempts) {
        long factor = 1L << Math.min(30, Math.max(0, attempts - 1));
        long millis = initialBackoff.toMillis() > maxBackoff.toMillis() / factor
                ? maxBackoff.toMillis()
                : initialBackoff.toMillis() * factor;
        return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
    }

    /** Keeps the claimed event as failed without counting an attempt, commits, and says why ({@code why}). */
    private void giveUp(Connection c, Claimed claimed, String error, long now, String why) throws SQLException {
        execute(
                c,
                "UPDATE " + events + " SET status = 'F', finished_at = ?, last_error = ? WHERE id = ? AND status = 'P'",
                now,
                cut(error, MAX_ERROR),
                claimed.id);
        c.commit();
        LOG.log(Level.WARNING, () -> claimed.label() + " kept as failed" + why + "; see failedEvents(), retry(id)");
    }

    /**
     * Runs one update in its own transaction. A deadlock or serialization failure (MySQL's InnoDB picks this statement
     * as the victim against a claim's locks on the due index) is tried again: a lost outcome hands the event over again
     * after the lease.
     */
    private int update(Sql<Integer> work) throws SQLException {
        for (int tries = 1; ; tries++) {
            try {
                return autoCommitted(work);
            } catch (SQLException e) {
                if (tries >= 10 || e.getSQLState() == null || !e.getSQLState().startsWith("40")) {
                    throw e;
                }
            }
        }
    }

    private void purgeIfDue() throws SQLException {
        long now = clock.millis();
        if (now - lastPurge
                < Math.min(retention.toMillis(), Duration.ofMinutes(10).toMillis())) {
            return;
        }
        lastPurge = now;
        long before = now - retention.toMillis();
        autoCommitted(c -> execute(c, "DELETE FROM " + events + " WHERE status = 'D' AND finished_at < ?", before)
                + execute(c, "DELETE FROM " + messages + " WHERE received_at < ?", before));
    }

    /**
     * The events whose retries ran out, oldest first (at most 1000).
     *
     * @return the failed events, without their bodies
     * @throws IllegalStateException when the database fails (the cause is its {@link SQLException})
     */
    public List<FailedWebhookEvent> failedEvents() {
        String sql = "SELECT id, event_name, conversation_id, attempts, last_error, received_at, finished_at FROM "
                + events + " WHERE status = 'F' ORDER BY id";
        List<FailedWebhookEvent> failed = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setMaxRows(1000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long finished = rs.getLong(7);
                    boolean unfinished = rs.wasNull(); // asked right after column 7, before column 6 is read
                    failed.add(new FailedWebhookEvent(
                            rs.getLong(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getInt(4),
                            rs.getString(5),
                            Instant.ofEpochMilli(rs.getLong(6)),
                            unfinished ? null : Instant.ofEpochMilli(finished)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("The webhook store could not list its failed events: " + describe(e), e);
        }
        return List.copyOf(failed);
    }

    /**
     * Queues a failed event again, with its attempts counted from zero: it is handed over as soon as a worker is free.
     *
     * @param id the event's id, from {@link #failedEvents()}
     * @return true when it was a failed event and is queued now; false when there is no failed event with this id
     * @throws IllegalStateException when the database fails
     */
    public boolean retry(long id) {
        try {
            boolean queued = autoCommitted(c -> execute(
                            c,
                            "UPDATE " + events + " SET status = 'P', attempts = 0, due_at = ?, finished_at = NULL"
                                    + " WHERE id = ? AND status = 'F'",
                            clock.millis(),
                            id))
                    == 1;
            if (queued) {
                wake();
            }
            return queued;
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "The webhook store could not queue event " + id + " again: " + describe(e), e);
        }
    }

    /**
     * How many events wait in the store to be handed over (due or not, held by a handler or not): a backlog to watch.
     *
     * @return the number of pending events, of every instance
     * @throws IllegalStateException when the database fails
     */
    public long pendingEvents() {
        try (Connection c = dataSource.getConnection()) {
            return query(c, "SELECT COUNT(*) FROM " + events + " WHERE status = 'P'", rs -> {
                rs.next();
                return rs.getLong(1);
            });
        } catch (SQLException e) {
            throw new IllegalStateException("The webhook store could not count its pending events: " + describe(e), e);
        }
    }

    @Override
    public String toString() {
        return "JdbcWebhookIntake(" + dialect + ", " + events + ", " + handlerThreads + " handler threads)";
    }

    /** Work on a connection. */
    @FunctionalInterface
    private interface Sql<T> {
        T apply(Connection c) throws SQLException;
    }

    /** What a query makes of its rows. */
    @FunctionalInterface
    private interface Rows<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /**
     * Runs the work on a connection of its own with auto-commit on (each statement its own transaction, committed when
     * it returns), and gives the connection back in the mode it had.
     */
    private <T> T autoCommitted(Sql<T> work) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            try {
                c.setAutoCommit(true);
                return work.apply(c);
            } finally {
                restore(c, autoCommit);
            }
        }
    }

    private static int execute(Connection c, String sql, Object... values) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, values);
            return ps.executeUpdate();
        }
    }

    private static <T> T query(Connection c, String sql, Rows<T> rows, Object... values) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, values);
            try (ResultSet rs = ps.executeQuery()) {
                return rows.read(rs);
            }
        }
    }

    /** Sets the parameters: longs, ints, bytes and strings (a null is a string's: no other parameter is ever null). */
    private static void bind(PreparedStatement ps, Object... values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            if (values[i] instanceof Long l) {
                ps.setLong(i + 1, l);
            } else if (values[i] instanceof Integer n) {
                ps.setInt(i + 1, n);
            } else if (values[i] instanceof byte[] bytes) {
                ps.setBytes(i + 1, bytes);
            } else {
                ps.setString(i + 1, (String) values[i]);
            }
        }
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    /** Integrity constraint violation (SQLState class 23): the unique de-duplication key. */
    private static boolean isUniqueViolation(SQLException e) {
        for (SQLException x = e; x != null; x = x.getNextException()) {
            String state = x.getSQLState();
            if (state != null && state.startsWith("23")) {
                return true;
            }
        }
        return false;
    }

    /** An exception without its message, which may quote a value (a database echoes the row it refused). */
    private static String describe(Throwable e) {
        if (e instanceof SQLException sql) {
            return e.getClass().getName() + " (SQLState " + sql.getSQLState() + ", error code " + sql.getErrorCode()
                    + ")";
        }
        return e.getClass().getName();
    }

    private static void rollback(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is broken: the pool drops it, and the database rolls back
        }
    }

    private static void restore(Connection c, boolean autoCommit) {
        try {
            if (c.getAutoCommit() != autoCommit) {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException ignored) {
            // a broken connection: the pool drops it
        }
    }

    /** Builds a {@link JdbcWebhookIntake}. Not thread-safe. */
    public static final class Builder {
        private final DataSource dataSource;
        private String tablePrefix = "c4j_";
        private int handlerThreads = 2;
        private Duration pollInterval = Duration.ofSeconds(1);
        private int maxAttempts = 8;
        private Duration initialBackoff = Duration.ofSeconds(2);
        private Duration maxBackoff = Duration.ofMinutes(10);
        private Duration leaseTime = Duration.ofMinutes(5);
        private Duration retention = Duration.ofDays(30);
        private Clock clock = Clock.systemUTC();
        private boolean createSchema;

        private Builder(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource must not be null");
        }

        /**
         * The prefix of the two tables, {@code <prefix>webhook_event} and {@code <prefix>webhook_message}. Default
         * {@code c4j_}.
         *
         * @param tablePrefix letters, digits and {@code _}, at most 30 (it goes into SQL as it is); may be empty
         * @return this builder
         */
        public Builder tablePrefix(String tablePrefix) {
            Objects.requireNonNull(tablePrefix, "tablePrefix must not be null");
            if (!PREFIX.matcher(tablePrefix).matches()) {
                throw new IllegalArgumentException(
                        "tablePrefix must be at most 30 letters, digits or _, was \"" + tablePrefix + "\"");
            }
            this.tablePrefix = tablePrefix;
            return this;
        }

        /**
         * How many threads hand events over, each one event at a time. Default 2.
         *
         * @param handlerThreads 1 to 256
         * @return this builder
         */
        public Builder handlerThreads(int handlerThreads) {
            if (handlerThreads < 1 || handlerThreads > 256) {
                throw new IllegalArgumentException("handlerThreads must be 1 to 256, was " + handlerThreads);
            }
            this.handlerThreads = handlerThreads;
            return this;
        }

        /**
         * How often an idle worker looks for due events: those offered to another instance, or due again after a
         * backoff or a lease. An event offered to this instance wakes its workers at once. Default 1 second.
         *
         * @param pollInterval positive
         * @return this builder
         */
        public Builder pollInterval(Duration pollInterval) {
            this.pollInterval = positive(pollInterval, "pollInterval");
            return this;
        }

        /**
         * How many times an event is handed over before it is kept as failed. Default 8.
         *
         * @param maxAttempts 1 or more
         * @return this builder
         */
        public Builder maxAttempts(int maxAttempts) {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be 1 or more, was " + maxAttempts);
            }
            this.maxAttempts = maxAttempts;
            return this;
        }

        /**
         * The wait after a failed attempt: {@code initial}, doubled after each failure, at most {@code max}. Default 2
         * seconds to 10 minutes.
         *
         * @param initial the wait after the first failure, positive
         * @param max the longest wait, not shorter than {@code initial}
         * @return this builder
         */
        public Builder backoff(Duration initial, Duration max) {
            positive(initial, "backoff initial");
            positive(max, "backoff max");
            if (max.compareTo(initial) < 0) {
                throw new IllegalArgumentException(
                        "backoff max (" + max + ") must not be shorter than initial (" + initial + ")");
            }
            this.initialBackoff = initial;
            this.maxBackoff = max;
            return this;
        }

        /**
         * How long a worker holds an event it handles: when its instance dies (or its handler is still running after
         * it), the event is handed over again after this time. Longer than the slowest handler. Default 5 minutes.
         *
         * <p>A handler still running after its lease is not stopped: the event is then handled twice at once. Its late
         * success marks the event done; its late failure is logged and left to the newer attempt. A handler that never
         * returns holds its worker thread for good (give its own calls timeouts): after {@link #maxAttempts} leases the
         * event is kept as failed, but each hung call keeps a thread.
         *
         * @param leaseTime positive
         * @return this builder
         */
        public Builder leaseTime(Duration leaseTime) {
            this.leaseTime = positive(leaseTime, "leaseTime");
            return this;
        }

        /**
         * How long handled events (their de-duplication keys; their bodies are dropped when handled) and message ids
         * are kept: a delivery of the same event, or a transcript repeating a message, later than this is handed over
         * again. Failed events are kept until retried. Default 30 days.
         *
         * @param retention positive
         * @return this builder
         */
        public Builder retention(Duration retention) {
            this.retention = positive(retention, "retention");
            return this;
        }

        /**
         * The clock of due times, leases, backoff and retention (a test's controllable clock). Default UTC system
         * clock.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock must not be null");
            return this;
        }

        /**
         * Whether {@link #build()} creates the tables when they are missing, from the shipped
         * {@code schema-<database>.sql}. Default false: the tables are the application's, applied with its migrations
         * (and its database user may have no right to create tables); {@link #build()} then only checks them.
         *
         * @param createSchema true to create missing tables
         * @return this builder
         */
        public Builder createSchema(boolean createSchema) {
            this.createSchema = createSchema;
            return this;
        }

        /**
         * Connects, finds the database, creates the tables if asked, and checks them.
         *
         * @return the intake, not started
         * @throws IllegalStateException when the database is not supported, cannot be reached, or lacks the tables (the
         *     message names the schema file to apply)
         */
        public JdbcWebhookIntake build() {
            Dialect dialect;
            try (Connection c = dataSource.getConnection()) {
                dialect = Dialect.of(c);
                String file = "schema-" + dialect.schemaName() + ".sql";
                if (createSchema) {
                    createTables(c, file);
                }
                check(c, file);
                checkClaim(c, dialect);
            } catch (SQLException e) {
                throw new IllegalStateException("The webhook store cannot reach its database: " + describe(e), e);
            }
            return new JdbcWebhookIntake(this, dialect);
        }

        private void createTables(Connection c, String file) throws SQLException {
            String sql;
            try (InputStream in = JdbcWebhookIntake.class.getResourceAsStream(file)) {
                if (in == null) {
                    throw new IllegalStateException(file + " is missing from the jar");
                }
                sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + file + " from the jar", e);
            }
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                for (String statement : statements(sql)) {
                    try {
                        s.execute(statement.replace("c4j_", tablePrefix));
                    } catch (SQLException e) {
                        // Another instance creating the same tables at the same moment: the check below says if they
                        // are there.
                        LOG.log(Level.DEBUG, () -> "Creating the webhook store's tables: " + describe(e));
                    }
                }
            } finally {
                restore(c, autoCommit);
            }
        }

        static List<String> statements(String script) {
            String text = script.lines()
                    .filter(line -> !line.strip().startsWith("--"))
                    .collect(Collectors.joining("\n"));
            return Arrays.stream(text.split(";"))
                    .filter(s -> !s.isBlank())
                    .map(String::strip)
                    .toList();
        }

        private void check(Connection c, String file) {
            String[][] tables = {
                {
                    tablePrefix + "webhook_event",
                    "id, dedup_key, event_name, conversation_id, body, status, attempts, due_at,"
                            + " received_at, finished_at, last_error"
                },
                {tablePrefix + "webhook_message", "message_id, event_id, received_at"}
            };
            for (String[] table : tables) {
                try (Statement s = c.createStatement();
                        ResultSet rs = s.executeQuery("SELECT " + table[1] + " FROM " + table[0] + " WHERE 1 = 0")) {
                    rs.next();
                } catch (SQLException e) {
                    rollback(c);
                    throw new IllegalStateException(
                            "The webhook store's table " + table[0] + " is missing or lacks columns ("
                                    + describe(e) + "): apply io/github/conversations4j/webhooks/jdbc/" + file
                                    + " from the"
                                    + " conversations4j jar"
                                    + (tablePrefix.equals("c4j_") ? "" : " with c4j_ replaced by " + tablePrefix)
                                    + ", or build the intake with createSchema(true)",
                            e);
                }
            }
        }

        /**
         * Runs the claim once (it finds nothing): a database without {@code FOR UPDATE SKIP LOCKED} (MySQL 5.7, MariaDB
         * before 10.6) would otherwise accept every event and hand none over, its workers failing quietly.
         */
        private void checkClaim(Connection c, Dialect dialect) throws SQLException {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(dialect.claim(tablePrefix + "webhook_event", 1))) {
                ps.setLong(1, Long.MIN_VALUE);
                ps.executeQuery().close();
            } catch (SQLException e) {
                throw new IllegalStateException(
                        "The webhook store cannot claim events on this database (" + describe(e)
                                + "): it needs SELECT ... FOR UPDATE SKIP LOCKED (PostgreSQL 9.5+, MySQL 8, MariaDB 10.6+, H2 2.x)",
                        e);
            } finally {
                rollback(c);
                restore(c, autoCommit);
            }
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name + " must not be null");
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, was " + d);
            }
            return d;
        }
    }
}
