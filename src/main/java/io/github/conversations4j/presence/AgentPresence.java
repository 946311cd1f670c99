package io.github.conversations4j.presence;

import io.github.conversations4j.ConversationsClient;
import io.github.conversations4j.api.ConversationsApi;
import io.github.conversations4j.errors.BrevoApiException;
import io.github.conversations4j.errors.ForbiddenException;
import io.github.conversations4j.errors.InvalidRequestException;
import io.github.conversations4j.errors.TooManyRequestsException;
import io.github.conversations4j.errors.UnauthorizedException;
import io.github.conversations4j.internal.Clients;
import io.github.conversations4j.model.Body12;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * Keeps Brevo agents online: pings each agent every minute, from one small scheduler, for as long as it is to be
 * seen online. For bots and helpdesk bridges that stand in for their agents in Brevo's Conversations.
 *
 * <p>Brevo shows an agent online for 2-3 minutes after a ping and recommends a ping every minute.
 *
 * <pre>{@code
 * try (AgentPresence presence = AgentPresence.builder(conversations)
 *     .failureListener(failure -> log.warn("{}", failure))
 *     .build()) {
 *   presence.keepOnline(new Body12().agentId("d9nKoegKSjmCtyK78"));
 *   presence.keepOnline(new Body12()
 *       .agentEmail("ana@helpdesk.example").agentName("Ana").receivedFrom("my-helpdesk"));
 *   runTheBridge();
 * }
 * }</pre>
 *
 * <p><b>Pings.</b> {@link #keepOnline(Body12)} sends the agent's first ping at once, then one every
 * {@linkplain Builder#interval(Duration) interval} (one minute by default), measured from the start of the
 * previous ping, so a slow ping does not push the cadence back. Each wait is shortened by a random jitter of up
 * to 10% of the interval, never lengthened: agents started together drift apart instead of pinging in step, and
 * none waits longer than the interval.
 *
 * <p><b>Failures.</b> Each ping is one call of {@link ConversationsApi#conversationsAgentOnlinePingPost}, so a
 * client built by the SDK retries it by its own rules (connection failures, 429, 502-504) before the presence
 * sees a failure. Then:
 * <ul>
 *   <li>a 401 ({@link UnauthorizedException}) or 403 ({@link ForbiddenException}): a bad key, which every later
 *       ping would repeat. That agent is stopped, and the failure says so ({@link PingFailure#agentStopped()});
 *       </li>
 *   <li>a 429 ({@link TooManyRequestsException}): the next ping waits for the reset Brevo gave
 *       ({@code Retry-After}, else {@code x-sib-ratelimit-reset}) when that is later than its turn, never
 *       longer (and never more than a day);</li>
 *   <li>anything else (a 5xx after the client's retries, a connection failure, a 400, a
 *       {@code RuntimeException} or even an {@link Error} from a {@code ConversationsApi} of your own): the
 *       agent's next ping comes on time.</li>
 * </ul>
 * Every failure, an {@code Error} included, goes to the {@linkplain Builder#failureListener failure listener} as a
 * {@link PingFailure}, and is logged at DEBUG to the {@code System.Logger} named {@code io.github.conversations4j}
 * (an {@code Error} at WARNING when there is no listener). Nothing is ever thrown into the scheduler's threads. A
 * ping that fails after its agent was stopped is not reported.
 *
 * <p><b>The failure listener</b> runs on a thread of its own, {@code conversations4j-presence-P-listener}
 * (started at the first failure, also with a {@linkplain Builder#scheduler scheduler of your own}), one failure
 * at a time in the order they happened: a slow or blocked listener delays no ping. Failures wait for it in a
 * queue of at most 1024; past that a failure is not delivered (only logged: at WARNING for the
 * first of a run). What the listener throws, an {@code Error} included, is caught and logged (an exception at
 * DEBUG, an {@code Error} at WARNING), and the next failure is delivered.
 *
 * <p><b>Threads.</b> All agents share one {@link ScheduledThreadPoolExecutor} of
 * {@linkplain Builder#threads(int) 2 daemon threads} by default, named {@code conversations4j-presence-P-N},
 * started with the first agent; no thread per agent (and one more daemon thread for the failure listener, from
 * the first failure on). A thread makes one ping at a time, so at about 100 ms a
 * ping one thread keeps some 500 agents online at the default interval. {@link Builder#scheduler} uses a
 * scheduler of your own instead.
 *
 * <p><b>Lifecycle.</b> {@link #close()} stops every agent, waits for a ping under way to end and for the
 * failure listener to take the failures queued (both within the
 * {@linkplain Builder#closeTimeout(Duration) close timeout}, 5 seconds by default, after which the ping and the
 * listener are interrupted, which ends a call of the SDK's client at once), and shuts down the presence's own
 * threads, the listener's included. Given a
 * {@link ConversationsClient} built by the SDK, the presence is closed with it: {@code ConversationsClient.close()}
 * closes every presence built on it first. Brevo shows a stopped agent offline 2-3 minutes after its last ping.
 *
 * <p>Thread-safe: {@code keepOnline}, {@code close} and the handles' {@code close} may be called from any thread,
 * the failure listener included.
 */
public final class AgentPresence implements AutoCloseable {
    /** The default {@link Builder#interval(Duration)}: one minute, as Brevo recommends. */
    static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);
    /** The longest {@link Builder#interval(Duration)}: two minutes, so that an agent never drops offline. */
    static final Duration MAX_INTERVAL = Duration.ofMinutes(2);
    /** The default {@link Builder#threads(int)}: 2. */
    static final int DEFAULT_THREADS = 2;
    /** The most {@link Builder#threads(int)}: 64. */
    static final int MAX_THREADS = 64;
    /** The default {@link Builder#closeTimeout(Duration)}: 5 seconds. */
    static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(5);

    /** A wait is shortened by up to this share of the interval: 1/10. */
    static final int JITTER_DIVISOR = 10;
    /** The most a 429 may put off an agent's next ping: a guard against a {@code Retry-After} of years. */
    static final Duration MAX_RATE_LIMIT_WAIT = Duration.ofDays(1);
    /** How long {@code close()} waits once more, after interrupting pings, and for the threads to end. */
    static final Duration GRACE = Duration.ofSeconds(1);
    /** The most failures that wait for the failure listener: past that they are only logged. */
    static final int MAX_UNDELIVERED = 1024;

    private static final System.Logger LOG = System.getLogger("io.github.conversations4j");
    private static final AtomicInteger PRESENCES = new AtomicInteger();

    private final ConversationsApi api;
    private final long intervalNanos;
    private final long maxJitterNanos;
    private final Consumer<? super PingFailure> listener;
    private final String threadPrefix;
    /** Where the listener is called: null for the presence's own listener thread. */
    private final Executor listenerExecutor;

    private final ScheduledExecutorService scheduler;
    private final boolean ownsScheduler;
    private final long closeTimeoutNanos;
    private final RandomGenerator random;
    private final LongSupplier ticker;
    private final Clock clock;

    private final Object lock = new Object();
    /** The agents kept online, by {@link #key}. Guarded by {@link #lock}. */
    private final Map<String, Handle> agents = new HashMap<>();
    /** The pings under way, by the thread making each. Guarded by {@link #lock}. */
    private final Map<Thread, Handle> running = new HashMap<>();
    /** Threads {@code close()} interrupted during a ping: their flag is cleared when the ping ends. */
    private final Set<Thread> interruptedByClose = new HashSet<>();
    /** Guarded by {@link #lock}. */
    private boolean closed;

    private final AtomicBoolean closing = new AtomicBoolean();
    private final CountDownLatch closeDone = new CountDownLatch(1);

    /** Guards the failures waiting for the listener, and the fields below. */
    private final Object deliveries = new Object();

    private final ArrayDeque<PingFailure> undelivered = new ArrayDeque<>();
    /** Whether a drain task is queued or running. */
    private boolean draining;
    /** The thread running the listener now, or null. */
    private Thread delivering;
    /** Set by close(): nothing more is delivered. */
    private boolean deliveriesClosed;
    /** Failures not delivered since the queue was last empty. */
    private long dropped;
    /** The presence's own listener thread's executor, created at the first failure; null until then. */
    private ExecutorService ownListenerExecutor;

    private AgentPresence(Builder builder) {
        this.api = builder.api;
        this.intervalNanos = builder.interval.toNanos();
        this.maxJitterNanos = intervalNanos / JITTER_DIVISOR;
        this.listener = builder.listener;
        this.closeTimeoutNanos = builder.closeTimeout.toNanos();
        this.random = builder.random;
        this.ticker = builder.ticker;
        this.clock = builder.clock;
        this.threadPrefix = "conversations4j-presence-" + PRESENCES.incrementAndGet() + "-";
        this.listenerExecutor = builder.listenerExecutor;
        if (builder.scheduler != null) {
            this.scheduler = builder.scheduler;
            this.ownsScheduler = false;
        } else {
            ScheduledThreadPoolExecutor own = new ScheduledThreadPoolExecutor(
                    builder.threads == null ? DEFAULT_THREADS : builder.threads, daemonThreads(threadPrefix, true));
            own.setRemoveOnCancelPolicy(true); // a stopped agent leaves nothing in the queue
            own.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
            own.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
            this.scheduler = own;
            this.ownsScheduler = true;
        }
    }

    /** Names the threads prefix1, prefix2, ..., or all of them prefix when not {@code numbered}. */
    private static ThreadFactory daemonThreads(String prefix, boolean numbered) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, numbered ? prefix + count.incrementAndGet() : prefix);
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * Starts configuring a presence.
     *
     * @param api the client to ping through: a {@link ConversationsClient} built by the SDK (which then closes the
     *     presence when it closes), or any other {@code ConversationsApi}
     * @return a new builder
     */
    public static Builder builder(ConversationsApi api) {
        return new Builder(
                Objects.requireNonNull(api, "api must not be null: pass the ConversationsClient to ping " + "through"));
    }

    /**
     * Starts keeping an agent online: its first ping goes out at once, then one every interval until the handle
     * or the presence is closed, or Brevo refuses the key (401, 403).
     *
     * <p>The body is checked as the client checks a ping, and copied: changing it afterwards changes nothing. An
     * agent is kept online once per presence: a second {@code keepOnline} of the same agent (the same
     * {@code agentId}, or without one the same {@code agentEmail}, case ignored) is refused while the first one's
     * handle is open.
     *
     * @param agent the ping's body: {@code agentId}, or all three of {@code agentEmail}, {@code agentName} and
     *     {@code receivedFrom}
     * @return the handle that stops this one agent
     * @throws InvalidRequestException when the body names no agent the documented way, as the client would throw
     *     it (nothing is scheduled)
     * @throws IllegalArgumentException when this presence already keeps that agent online
     * @throws IllegalStateException when the presence is closed (also by its client's {@code close()}), or a
     *     scheduler of your own refuses the task
     */
    public Handle keepOnline(Body12 agent) {
        Objects.requireNonNull(
                agent,
                "agent must not be null: name the agent with agentId, or agentEmail, " + "agentName and receivedFrom");
        Body12 copy = copy(agent);
        Clients.validatePing(copy);
        String key = key(copy);
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException(
                        "this AgentPresence is closed: " + describe(copy) + " is not kept online");
            }
            if (agents.containsKey(key)) {
                throw new IllegalArgumentException("this AgentPresence already keeps " + describe(copy)
                        + " online: close its Handle first, or keep using it");
            }
            Handle handle = new Handle(copy, key);
            try {
                handle.next = scheduler.schedule(() -> ping(handle), 0, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                throw new IllegalStateException(
                        "the scheduler refused the first ping of " + describe(copy) + ": was it shut down?", e);
            }
            agents.put(key, handle);
            return handle;
        }
    }

    /** One ping, on a scheduler thread; schedules the next one and reports a failure. Throws nothing. */
    private void ping(Handle handle) {
        Thread me = Thread.currentThread();
        synchronized (lock) {
            if (handle.stopped) {
                return;
            }
            handle.next = null;
            running.put(me, handle);
        }
        try {
            long start = ticker.getAsLong();
            Throwable failure = null;
            try {
                api.conversationsAgentOnlinePingPost(copy(handle.agent));
            } catch (Throwable e) {
                // An Error too: thrown into the scheduler it would only end up in a Future that nobody reads.
                failure = e;
            }
            PingFailure report = next(handle, start, failure);
            if (report != null) {
                report(report);
            }
        } finally {
            synchronized (lock) {
                running.remove(me);
                if (interruptedByClose.remove(me)) {
                    Thread.interrupted(); // ours: the thread goes back to its pool without it
                }
                lock.notifyAll();
            }
        }
    }

    /** Schedules the agent's next ping, or stops it; the failure to report, or null. */
    private PingFailure next(Handle handle, long start, Throwable failure) {
        long elapsed = Math.max(0, ticker.getAsLong() - start);
        long delay = Math.max(0, intervalNanos - jitterNanos() - elapsed);
        boolean stop = failure instanceof UnauthorizedException || failure instanceof ForbiddenException;
        if (failure instanceof TooManyRequestsException) {
            Optional<Duration> wait = Clients.serverWait((BrevoApiException) failure, clock);
            if (wait.isPresent()) {
                Duration capped = wait.get().compareTo(MAX_RATE_LIMIT_WAIT) > 0 ? MAX_RATE_LIMIT_WAIT : wait.get();
                delay = Math.max(delay, capped.toNanos());
            }
        }
        synchronized (lock) {
            if (handle.stopped) {
                return null; // stopped during the ping: its outcome no longer matters
            }
            if (!stop) {
                try {
                    long wait = delay;
                    handle.next = scheduler.schedule(() -> ping(handle), wait, TimeUnit.NANOSECONDS);
                } catch (RejectedExecutionException e) {
                    // A scheduler of your own, shut down: this agent cannot go on.
                    if (failure == null) {
                        failure = e;
                    } else {
                        failure.addSuppressed(e);
                    }
                    stop = true;
                }
            }
            if (stop) {
                handle.stopped = true;
                agents.remove(handle.key, handle);
            }
        }
        return failure == null
                ? null
                : new PingFailure(handle.agent, failure, stop, stop ? null : Duration.ofNanos(delay));
    }

    private long jitterNanos() {
        if (maxJitterNanos <= 0) {
            return 0;
        }
        RandomGenerator source = random != null ? random : ThreadLocalRandom.current();
        return source.nextLong(maxJitterNanos + 1);
    }

    /** Logs a failure and queues it for the listener; never blocks on the listener. */
    private void report(PingFailure failure) {
        if (listener == null && failure.exception() instanceof Error) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "Agent online ping failed with an Error: " + failure,
                    failure.exception());
            return;
        }
        LOG.log(System.Logger.Level.DEBUG, () -> "Agent online ping failed: " + failure);
        if (listener == null) {
            return;
        }
        long droppedNow;
        synchronized (deliveries) {
            if (deliveriesClosed) {
                return;
            }
            if (undelivered.size() >= MAX_UNDELIVERED) {
                droppedNow = ++dropped;
            } else {
                undelivered.add(failure);
                if (draining) {
                    return;
                }
                draining = true;
                droppedNow = 0;
            }
        }
        if (droppedNow == 1) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    () -> "The AgentPresence failure listener is behind ("
                            + MAX_UNDELIVERED
                            + " failures wait for it): failures are no longer delivered to it until it catches up, "
                            + "only logged at DEBUG; the first not delivered: " + failure);
        }
        if (droppedNow > 0) {
            return;
        }
        try {
            listenerExecutor().execute(this::drain);
        } catch (RejectedExecutionException e) {
            // Closed meanwhile (or a test's executor refuses): what is queued is not delivered.
            synchronized (deliveries) {
                draining = false;
                undelivered.clear();
                deliveries.notifyAll();
            }
        }
    }

    /** The executor the listener runs on: the one given, else the presence's own thread, started now. */
    private Executor listenerExecutor() {
        if (listenerExecutor != null) {
            return listenerExecutor;
        }
        synchronized (deliveries) {
            if (deliveriesClosed) {
                throw new RejectedExecutionException("closed"); // no thread is started after close()
            }
            if (ownListenerExecutor == null) {
                ownListenerExecutor =
                        Executors.newSingleThreadExecutor(daemonThreads(threadPrefix + "listener", false));
            }
            return ownListenerExecutor;
        }
    }

    /** Hands the queued failures to the listener, one at a time, until none is left. */
    private void drain() {
        Thread me = Thread.currentThread();
        while (true) {
            PingFailure next;
            synchronized (deliveries) {
                next = deliveriesClosed ? null : undelivered.poll();
                if (next == null) {
                    draining = false;
                    delivering = null;
                    dropped = 0;
                    deliveries.notifyAll();
                    return;
                }
                delivering = me;
            }
            try {
                listener.accept(next);
            } catch (Throwable e) {
                if (e instanceof Error) {
                    LOG.log(System.Logger.Level.WARNING, "The AgentPresence failure listener threw an Error", e);
                } else {
                    LOG.log(System.Logger.Level.DEBUG, () -> "The AgentPresence failure listener threw: " + e);
                }
            } finally {
                synchronized (deliveries) {
                    delivering = null;
                    deliveries.notifyAll();
                }
            }
        }
    }

    /**
     * Stops every agent and releases the threads: no ping starts after it returns. Waits for a ping under way to
     * end, up to the {@linkplain Builder#closeTimeout(Duration) close timeout}, then interrupts it (a call of the
     * SDK's client then ends at once) and waits up to a second more. Then lets the failure listener take the
     * failures already queued, until the same close timeout ends; what is left is dropped (logged at DEBUG), a
     * listener still running is interrupted, and its thread waited for up to a second. Then shuts down the
     * presence's own scheduler (never one given to {@link Builder#scheduler}) and waits up to a second for its
     * threads to end. So it returns within the close timeout plus about three seconds, even when a
     * {@code ConversationsApi} of your own or the listener ignores interrupts (their threads then end when they
     * return; they are daemon threads). Closing again does nothing (a second caller waits for the first to finish);
     * called from the failure listener it does not wait for the listener nor for itself. Deregisters the presence
     * from its client. An interrupted caller does not wait: pings and the listener are interrupted at once, and the
     * flag is kept.
     */
    @Override
    public void close() {
        Thread me = Thread.currentThread();
        if (!closing.compareAndSet(false, true)) {
            boolean fromAPing;
            synchronized (lock) {
                fromAPing = running.containsKey(me);
            }
            synchronized (deliveries) {
                fromAPing |= delivering == me; // the listener: the first close() may be waiting for it
            }
            if (!fromAPing) {
                try {
                    closeDone.await(); // the first close() is bounded
                } catch (InterruptedException e) {
                    me.interrupt();
                }
            }
            return;
        }
        try {
            closeNow(me);
        } finally {
            closeDone.countDown();
        }
    }

    private void closeNow(Thread me) {
        long deadline = System.nanoTime() + closeTimeoutNanos;
        synchronized (lock) {
            closed = true;
            for (Handle handle : agents.values()) {
                handle.stopLocked();
            }
            agents.clear();
        }
        Clients.removeOnClose(api, this);
        boolean interrupted = me.isInterrupted();
        boolean fromAPing;
        synchronized (lock) {
            if (!interrupted) {
                interrupted = !awaitOtherPings(me, closeTimeoutNanos);
            }
            for (Thread thread : running.keySet()) {
                if (thread != me && interruptedByClose.add(thread)) {
                    thread.interrupt();
                }
            }
            if (!interrupted) {
                interrupted = !awaitOtherPings(me, GRACE.toNanos());
            }
            fromAPing = running.containsKey(me);
        }
        interrupted = closeDeliveries(me, deadline, interrupted);
        if (ownsScheduler) {
            // Every task was cancelled and removed: the threads end once their current task does.
            interrupted |= shutDown(scheduler, interrupted, !interrupted && !fromAPing);
        }
        if (interrupted) {
            me.interrupt();
        }
    }

    /**
     * Lets the listener take the failures queued until the deadline, then stops it: what is left is dropped, a
     * listener still running on the presence's own thread is interrupted, and that thread is waited for (a grace).
     * Never waits for itself (close() called from the listener). Returns whether the caller was interrupted.
     */
    private boolean closeDeliveries(Thread me, long deadline, boolean interrupted) {
        ExecutorService own;
        boolean busy;
        boolean fromTheListener;
        int left;
        synchronized (deliveries) {
            fromTheListener = delivering == me;
            while (!interrupted && !fromTheListener && (draining || delivering != null)) {
                long wait = deadline - System.nanoTime();
                if (wait <= 0) {
                    break;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(deliveries, wait);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            deliveriesClosed = true;
            left = undelivered.size();
            undelivered.clear();
            own = ownListenerExecutor;
            busy = delivering != null && !fromTheListener;
        }
        if (left > 0) {
            LOG.log(
                    System.Logger.Level.DEBUG,
                    () -> "AgentPresence closed: " + left + " failures were not delivered to the failure listener");
        }
        if (own != null) {
            // When busy, shutdownNow() interrupts the listener: close() does not wait for it any longer.
            interrupted |= shutDown(own, busy || interrupted, !interrupted && !fromTheListener);
        }
        return interrupted;
    }

    /**
     * Shuts down an executor of the presence's own, interrupting its tasks when {@code now}; when {@code await},
     * waits for its threads up to a grace, then interrupts them. Returns whether the caller was interrupted.
     */
    private static boolean shutDown(ExecutorService executor, boolean now, boolean await) {
        if (now) {
            executor.shutdownNow();
        } else {
            executor.shutdown();
        }
        try {
            if (await && !executor.awaitTermination(GRACE.toNanos(), TimeUnit.NANOSECONDS)) {
                executor.shutdownNow();
            }
            return false;
        } catch (InterruptedException e) {
            executor.shutdownNow();
            return true;
        }
    }

    /** Waits, holding {@link #lock}, until no ping but the caller's own is under way; false when interrupted. */
    private boolean awaitOtherPings(Thread me, long nanos) {
        long deadline = System.nanoTime() + nanos;
        while (running.size() > (running.containsKey(me) ? 1 : 0)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return true;
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            } catch (InterruptedException e) {
                return false;
            }
        }
        return true;
    }

    /**
     * Describes the presence without any key.
     *
     * @return for instance {@code AgentPresence(interval=PT1M, agents=3)}
     */
    @Override
    public String toString() {
        synchronized (lock) {
            return "AgentPresence(interval=" + Duration.ofNanos(intervalNanos) + ", agents=" + agents.size()
                    + (closed ? ", closed" : "") + ")";
        }
    }

    /** A copy of a ping's body, field by field (a test checks that every field of {@link Body12} is copied). */
    static Body12 copy(Body12 agent) {
        return new Body12()
                .agentId(agent.getAgentId())
                .agentEmail(agent.getAgentEmail())
                .agentName(agent.getAgentName())
                .receivedFrom(agent.getReceivedFrom());
    }

    /** Names the agent for a message: by id, else by email (the SDK never prints a key, and a body has none). */
    static String describe(Body12 agent) {
        return present(agent.getAgentId()) ? "agentId=" + agent.getAgentId() : "agentEmail=" + agent.getAgentEmail();
    }

    /** Who Brevo would set online: the agent of that id, else the agent of that address (case ignored). */
    private static String key(Body12 agent) {
        return present(agent.getAgentId())
                ? "id:" + agent.getAgentId()
                : "email:" + agent.getAgentEmail().toLowerCase(Locale.ROOT);
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    /**
     * Keeps one agent online until closed: what {@link AgentPresence#keepOnline(Body12)} returns.
     *
     * <p>Thread-safe. {@link #close()} never throws, so try-with-resources needs no {@code catch}.
     */
    public final class Handle implements AutoCloseable {
        private final Body12 agent;
        private final String key;
        /** Guarded by the presence's lock. */
        private boolean stopped;
        /** The agent's next ping, or null while one is under way. Guarded by the presence's lock. */
        private ScheduledFuture<?> next;

        private Handle(Body12 agent, String key) {
            this.agent = agent;
            this.key = key;
        }

        /**
         * The agent this handle keeps online.
         *
         * @return a copy of the body given to {@code keepOnline}
         */
        public Body12 agent() {
            return copy(agent);
        }

        /**
         * Whether this agent is no longer pinged: its handle or the presence was closed, or Brevo refused the key.
         *
         * @return true once stopped; it never starts again (call {@code keepOnline} anew)
         */
        public boolean isStopped() {
            synchronized (lock) {
                return stopped;
            }
        }

        /**
         * Stops pinging this agent; the others go on. Returns at once, waiting for nothing: a ping under way ends
         * as it would have, and neither schedules another nor is reported. The same agent may then be kept online
         * again. Closing again does nothing.
         */
        @Override
        public void close() {
            synchronized (lock) {
                if (!stopped) {
                    stopLocked();
                    agents.remove(key, this);
                }
            }
        }

        /** Marks the agent stopped and cancels its next ping; the caller holds the presence's lock. */
        private void stopLocked() {
            stopped = true;
            if (next != null) {
                next.cancel(false);
                next = null;
            }
        }

        /**
         * Names the agent and says whether it is stopped.
         *
         * @return for instance {@code AgentPresence.Handle(agentId=d9nKoegKSjmCtyK78)}
         */
        @Override
        public String toString() {
            return "AgentPresence.Handle(" + describe(agent) + (isStopped() ? ", stopped" : "") + ")";
        }
    }

    /**
     * Configures an {@link AgentPresence}. Not thread-safe; what {@link #build()} returns is. Every setter checks
     * its argument at once.
     */
    public static final class Builder {
        private final ConversationsApi api;
        private Duration interval = DEFAULT_INTERVAL;
        private Consumer<? super PingFailure> listener;
        private Integer threads;
        private ScheduledExecutorService scheduler;
        private Duration closeTimeout = DEFAULT_CLOSE_TIMEOUT;
        private RandomGenerator random;
        private LongSupplier ticker = System::nanoTime;
        private Clock clock = Clock.systemUTC();
        private Executor listenerExecutor;

        private Builder(ConversationsApi api) {
            this.api = api;
        }

        /**
         * Sets the time between two pings of an agent, before jitter. Defaults to one minute, as Brevo recommends.
         *
         * @param interval positive and at most two minutes: Brevo shows an agent online for 2-3 minutes after a ping,
         *     so a longer wait would let it drop offline between pings. Short intervals are allowed, for tests
         * @return this builder
         * @throws IllegalArgumentException when zero, negative or longer than two minutes
         */
        public Builder interval(Duration interval) {
            Objects.requireNonNull(interval, "interval must not be null");
            if (interval.isZero() || interval.isNegative()) {
                throw new IllegalArgumentException("interval must be positive, was " + interval);
            }
            if (interval.compareTo(MAX_INTERVAL) > 0) {
                throw new IllegalArgumentException("interval must be at most " + MAX_INTERVAL + ", was " + interval
                        + ": Brevo shows an agent online for 2-3 minutes after a ping, so the agent would drop offline "
                        + "between pings (Brevo recommends one a minute)");
            }
            this.interval = interval;
            return this;
        }

        /**
         * Sets what is told of each failed ping: the agent, the exception (or {@code Error}), whether the agent was
         * stopped, and when its next ping goes out. Called on the presence's listener thread
         * ({@code conversations4j-presence-P-listener}), one failure at a time, in order: a slow or blocking listener
         * delays no ping (at most 1024 failures wait for it; past that they are
         * only logged). What it throws is caught and logged (an exception at DEBUG, an {@code Error} at WARNING).
         * {@link AgentPresence#close()} interrupts it once the close timeout has passed. Optional: without it
         * failures are only logged (at DEBUG; an {@code Error} at WARNING).
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder failureListener(Consumer<? super PingFailure> listener) {
            this.listener = Objects.requireNonNull(listener, "listener must not be null");
            return this;
        }

        /**
         * Sets the number of daemon threads of the presence's own scheduler. Defaults to 2. One thread makes one ping
         * at a time: more threads keep more agents on time when pings are slow.
         *
         * @param threads 1 to 64
         * @return this builder
         * @throws IllegalArgumentException when out of range
         */
        public Builder threads(int threads) {
            if (threads < 1 || threads > MAX_THREADS) {
                throw new IllegalArgumentException("threads must be between 1 and " + MAX_THREADS + ", was " + threads);
            }
            this.threads = threads;
            return this;
        }

        /**
         * Runs the pings on a scheduler of your own instead of the presence's threads. It stays yours:
         * {@link AgentPresence#close()} cancels the presence's tasks on it but does not shut it down. Cancelled
         * tasks leave its queue at once only when it removes them on cancel
         * ({@link ScheduledThreadPoolExecutor#setRemoveOnCancelPolicy(boolean)}).
         *
         * @param scheduler the scheduler; not to be combined with {@link #threads(int)}
         * @return this builder
         */
        public Builder scheduler(ScheduledExecutorService scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler must not be null");
            return this;
        }

        /**
         * Sets how long {@link AgentPresence#close()} waits for a ping under way, and for the failure listener to take
         * the failures queued, before interrupting them. Defaults to 5 seconds.
         *
         * @param closeTimeout zero (interrupt at once) or positive, at most a day
         * @return this builder
         * @throws IllegalArgumentException when negative or longer than a day
         */
        public Builder closeTimeout(Duration closeTimeout) {
            Objects.requireNonNull(closeTimeout, "closeTimeout must not be null");
            if (closeTimeout.isNegative()) {
                throw new IllegalArgumentException("closeTimeout must not be negative, was " + closeTimeout);
            }
            if (closeTimeout.compareTo(Duration.ofDays(1)) > 0) {
                throw new IllegalArgumentException("closeTimeout must be at most a day, was " + closeTimeout);
            }
            this.closeTimeout = closeTimeout;
            return this;
        }

        /** Test seam: the source of jitter; by default {@link ThreadLocalRandom}. */
        Builder random(RandomGenerator random) {
            this.random = Objects.requireNonNull(random, "random must not be null");
            return this;
        }

        /** Test seam: the monotonic clock a ping's duration is measured on, the scheduler's own. */
        Builder ticker(LongSupplier ticker) {
            this.ticker = Objects.requireNonNull(ticker, "ticker must not be null");
            return this;
        }

        /** Test seam: where the failure listener is called, instead of the presence's own listener thread. */
        Builder listenerExecutor(Executor listenerExecutor) {
            this.listenerExecutor = Objects.requireNonNull(listenerExecutor, "listenerExecutor must not be null");
            return this;
        }

        /** Test seam: the wall clock a {@code Retry-After} date is read with. */
        Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock must not be null");
            return this;
        }

        /**
         * Builds the presence. No thread starts before the first {@link AgentPresence#keepOnline(Body12)}.
         *
         * @return the presence, safe to share between threads; close it, or the client it was built on, when done
         * @throws IllegalStateException when both {@link #threads(int)} and {@link #scheduler} were set, or the
         *     {@code ConversationsClient} given is closed
         */
        public AgentPresence build() {
            if (scheduler != null && threads != null) {
                throw new IllegalStateException(
                        "threads(..) sizes the presence's own scheduler; a scheduler(..) of your "
                                + "own brings its own threads: set one or the other");
            }
            AgentPresence presence = new AgentPresence(this);
            try {
                Clients.onClose(api, presence);
            } catch (IllegalStateException e) {
                presence.close();
                throw new IllegalStateException(
                        "cannot keep agents online through a closed ConversationsClient: build "
                                + "the AgentPresence on an open one",
                        e);
            }
            return presence;
        }

        @Override
        public String toString() {
            return "AgentPresence.Builder(interval=" + interval + ")";
        }
    }
}
