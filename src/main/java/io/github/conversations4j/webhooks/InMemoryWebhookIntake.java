package io.github.conversations4j.webhooks;

import io.github.conversations4j.model.ConversationsMessage;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A {@link WebhookIntake} that holds admitted events in memory, for a single instance that can afford to lose what
 * it holds when the process dies (a crash, a {@code kill -9}); an orderly {@link #stop} hands over or reports
 * everything.
 *
 * <ul>
 *   <li><b>Bounded.</b> At most {@link Builder#capacity(int)} events wait or are being handled; an event beyond that
 *       is {@link Admission#FULL} (the endpoint answers 429, and Brevo delivers it again later).
 *   <li><b>In order per conversation.</b> Events are handed over on {@link Builder#threads(int)} threads of the
 *       intake's own; the events of one conversation always go to the same thread, so they are handled one at a
 *       time, in the order they were admitted. A slow handler delays the conversations that share its thread, never
 *       the answers to Brevo.
 *   <li><b>De-duplicated in a bounded window.</b> A body equal to one admitted among the last
 *       {@link Builder#memory(int)} events is {@link Admission#DUPLICATE} (answered 200, not handed over again), and
 *       a message whose id was among the last {@code memory} message ids is left out of {@code newMessages}. Beyond
 *       that window, and after a restart, a repeated message is new again.
 *   <li><b>Stopping loses nothing silently.</b> {@link #stop} refuses new events first
 *       ({@link Admission#STOPPING}: 429), waits for the handler to take what was admitted, and returns how many it
 *       could not hand over in time, with their conversation ids.
 *   <li><b>Failures are logged without their data.</b> A handler's exception is logged at WARNING with the event's
 *       name, its conversation id, the exception's type and where it was thrown: never its message, which may quote
 *       a visitor. The intake goes on with the next event; the failed one is not handed over again.
 * </ul>
 */
public final class InMemoryWebhookIntake implements WebhookIntake {
    /** The default {@link Builder#capacity(int)}. */
    public static final int DEFAULT_CAPACITY = 1000;
    /** The default {@link Builder#memory(int)}. */
    public static final int DEFAULT_MEMORY = 10_000;
    /** How long {@link #stop} waits for a handler thread to end once told to. */
    private static final long JOIN_MILLIS = 2000;

    private final int capacity;
    private final int memory;
    private final System.Logger log;
    private final Worker[] workers;
    private final Object lock = new Object();
    /** Guarded by {@code lock}. */
    private final Set<ByteBuffer> recentBodies;
    /** Guarded by {@code lock}. */
    private final Set<String> recentMessageIds;
    /** Events admitted and not yet done with (waiting or being handled). Guarded by {@code lock}. */
    private int held;

    private WebhookHandler handler;
    private boolean stopping;
    private boolean halted;
    private int next;

    private InMemoryWebhookIntake(Builder b) {
        this.capacity = b.capacity;
        this.memory = b.memory;
        this.log = b.logger != null ? b.logger : System.getLogger("io.github.conversations4j.webhooks");
        this.recentBodies = lru(memory);
        this.recentMessageIds = lru(memory);
        this.workers = new Worker[b.threads];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new Worker(b.threadName + "-" + (i + 1));
        }
    }

    private static <T> Set<T> lru(int max) {
        return Collections.newSetFromMap(new LinkedHashMap<T, Boolean>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<T, Boolean> eldest) {
                return size() > max;
            }
        });
    }

    /**
     * An intake with the defaults: 1000 events, one thread, a window of 10,000.
     *
     * @return a new intake, not started
     */
    public static InMemoryWebhookIntake create() {
        return builder().build();
    }

    /**
     * Starts a builder.
     *
     * @return a builder with the defaults
     */
    public static Builder builder() {
        return new Builder();
    }

    /** One event waiting: what is handed over. */
    private record Item(WebhookEvent event, List<ConversationsMessage> newMessages) {}

    @Override
    public Admission offer(WebhookEvent event, byte[] body) {
        Objects.requireNonNull(event, "event must not be null");
        Objects.requireNonNull(body, "body must not be null");
        ByteBuffer digest = ByteBuffer.wrap(Events.sha256(body));
        synchronized (lock) {
            if (handler == null || stopping) {
                return Admission.STOPPING;
            }
            if (recentBodies.contains(digest)) {
                return Admission.DUPLICATE;
            }
            if (held >= capacity) {
                return Admission.FULL;
            }
            List<ConversationsMessage> fresh = new ArrayList<>();
            for (ConversationsMessage m : event.messages()) {
                if (m.getId() == null || recentMessageIds.add(m.getId())) {
                    fresh.add(m);
                }
            }
            recentBodies.add(digest);
            held++;
            Worker worker = workers[stripe(event.conversationId())];
            worker.queue.add(new Item(event, List.copyOf(fresh)));
            lock.notifyAll();
            return Admission.ACCEPTED;
        }
    }

    /** The thread of a conversation: always the same one for an id; round robin for none. Holding the lock. */
    private int stripe(String conversationId) {
        if (conversationId == null) {
            next = (next + 1) % workers.length;
            return next;
        }
        return Math.floorMod(conversationId.hashCode(), workers.length);
    }

    @Override
    public void start(WebhookHandler handler) {
        Objects.requireNonNull(handler, "handler must not be null");
        synchronized (lock) {
            if (this.handler != null || stopping) {
                throw new IllegalStateException("this intake was already started");
            }
            this.handler = handler;
        }
        for (Worker w : workers) {
            w.thread.start();
        }
    }

    @Override
    public StopReport stop(Duration drainTimeout) {
        Objects.requireNonNull(drainTimeout, "drainTimeout must not be null");
        List<Item> left = new ArrayList<>();
        boolean started;
        synchronized (lock) {
            started = handler != null;
            stopping = true; // from here on offer() answers STOPPING: nothing more comes in while we drain
            long deadline = System.nanoTime() + Math.max(0, drainTimeout.toNanos());
            while (held > 0 && !halted) {
                long wait = deadline - System.nanoTime();
                if (wait <= 0) {
                    break;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(lock, wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            if (!halted) {
                halted = true;
                for (Worker w : workers) {
                    left.addAll(w.queue);
                    held -= w.queue.size();
                    w.queue.clear();
                }
                lock.notifyAll();
            }
        }
        if (started) {
            for (Worker w : workers) {
                w.thread.interrupt(); // a handler still busy past the drain is told to give up
            }
            for (Worker w : workers) {
                if (w.thread != Thread.currentThread()) {
                    try {
                        w.thread.join(JOIN_MILLIS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
            }
        }
        List<String> ids = left.stream()
                .map(item -> item.event().conversationId())
                .filter(Objects::nonNull)
                .distinct()
                .toList();
        return new StopReport(left.size(), ids, false);
    }

    /**
     * How many events wait or are being handled now.
     *
     * @return the count, 0 to the capacity
     */
    public int held() {
        synchronized (lock) {
            return held;
        }
    }

    @Override
    public String toString() {
        return "InMemoryWebhookIntake(capacity=" + capacity + ", threads=" + workers.length + ", memory=" + memory
                + ")";
    }

    private final class Worker implements Runnable {
        final ArrayDeque<Item> queue = new ArrayDeque<>();
        final Thread thread;

        Worker(String name) {
            this.thread = new Thread(this, name);
            this.thread.setDaemon(true);
        }

        @Override
        public void run() {
            while (true) {
                Item item;
                synchronized (lock) {
                    while (queue.isEmpty() && !halted) {
                        try {
                            lock.wait();
                        } catch (InterruptedException e) {
                            if (halted) {
                                return;
                            }
                        }
                    }
                    if (halted) {
                        return;
                    }
                    item = queue.poll();
                }
                try {
                    handler.handle(item.event(), item.newMessages());
                } catch (Throwable e) {
                    logFailure(item.event(), e);
                } finally {
                    synchronized (lock) {
                        held--;
                        lock.notifyAll();
                    }
                    Thread.interrupted(); // an interrupt meant for the handler is not the loop's
                }
            }
        }
    }

    private void logFailure(WebhookEvent event, Throwable e) {
        log.log(
                Level.WARNING,
                () -> "The webhook handler failed on a " + Safe.name(event.eventName())
                        + " event (conversation " + Safe.name(event.conversationId()) + "): " + Safe.describe(e)
                        + "; the event is not handed over again");
    }

    /** Settings of an {@link InMemoryWebhookIntake}. */
    public static final class Builder {
        private int capacity = DEFAULT_CAPACITY;
        private int threads = 1;
        private int memory = DEFAULT_MEMORY;
        private System.Logger logger;
        private String threadName = "conversations4j-webhooks";

        private Builder() {}

        /**
         * How many events may wait or be handled at once; beyond it {@link #offer} answers {@link Admission#FULL}.
         *
         * @param capacity 1 or more (default 1000)
         * @return this builder
         * @throws IllegalArgumentException when below 1
         */
        public Builder capacity(int capacity) {
            if (capacity < 1) {
                throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
            }
            this.capacity = capacity;
            return this;
        }

        /**
         * How many threads hand events over (each conversation always on the same one).
         *
         * @param threads 1 or more (default 1)
         * @return this builder
         * @throws IllegalArgumentException when below 1 or above 256
         */
        public Builder threads(int threads) {
            if (threads < 1 || threads > 256) {
                throw new IllegalArgumentException("threads must be 1 to 256, was " + threads);
            }
            this.threads = threads;
            return this;
        }

        /**
         * How many bodies and message ids the de-duplication remembers (the most recent ones).
         *
         * @param memory 1 or more (default 10,000; about 100 bytes each)
         * @return this builder
         * @throws IllegalArgumentException when below 1
         */
        public Builder memory(int memory) {
            if (memory < 1) {
                throw new IllegalArgumentException("memory must be at least 1, was " + memory);
            }
            this.memory = memory;
            return this;
        }

        /**
         * Where a handler's failure is logged (default {@code System.getLogger("io.github.conversations4j.webhooks")}).
         * An application whose logging system detaches {@code java.util.logging} while it shuts down (Spring Boot
         * does) passes a logger of its own, so that failures during the drain are still seen.
         *
         * @param logger the logger
         * @return this builder
         */
        public Builder logger(System.Logger logger) {
            this.logger = Objects.requireNonNull(logger, "logger must not be null");
            return this;
        }

        /**
         * The name of the handler threads (numbered from 1).
         *
         * @param threadName the prefix (default {@code conversations4j-webhooks})
         * @return this builder
         */
        public Builder threadName(String threadName) {
            this.threadName = Objects.requireNonNull(threadName, "threadName must not be null");
            return this;
        }

        /**
         * Builds the intake; {@link #start} starts its threads.
         *
         * @return a new intake
         */
        public InMemoryWebhookIntake build() {
            return new InMemoryWebhookIntake(this);
        }
    }
}
