package io.github.conversations4j.presence;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A {@link ScheduledExecutorService} on virtual time: nothing runs until the test calls {@link #advance} or
 * {@link #runDue()}, and then due tasks run in time order on the caller's thread, the clock set to each task's
 * due time. Cancelled tasks leave the queue at once (as with {@code removeOnCancelPolicy}). What a task throws is
 * kept in {@link #thrown()}, so a test can check that nothing was thrown into the scheduler.
 *
 * <p>{@link #clock()} is a wall clock on the same virtual time, for the sandbox's online windows.
 */
final class VirtualScheduler extends AbstractExecutorService implements ScheduledExecutorService {
    static final Instant EPOCH = Instant.parse("2026-03-02T09:00:00Z");

    private final PriorityQueue<Task<?>> queue =
            new PriorityQueue<>(Comparator.<Task<?>>comparingLong(t -> t.due).thenComparingLong(t -> t.sequence));
    private final List<Throwable> thrown = new ArrayList<>();
    private long now;
    private long sequence;
    private boolean shutdown;

    /** The virtual monotonic time, in nanoseconds from the start. */
    synchronized long nanoTime() {
        return now;
    }

    /** The virtual time since the start. */
    Duration now() {
        return Duration.ofNanos(nanoTime());
    }

    /** A wall clock at {@link #EPOCH} plus the virtual time. */
    Clock clock() {
        return new Clock() {
            @Override
            public Instant instant() {
                return EPOCH.plusNanos(nanoTime());
            }

            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                throw new UnsupportedOperationException();
            }
        };
    }

    /** Moves time on by {@code duration}, running every task due meanwhile in order, on this thread. */
    void advance(Duration duration) {
        long target;
        synchronized (this) {
            target = now + duration.toNanos();
        }
        while (true) {
            Task<?> task;
            synchronized (this) {
                task = queue.peek();
                if (task == null || task.due > target) {
                    now = Math.max(now, target);
                    return;
                }
                queue.poll();
                now = Math.max(now, task.due);
            }
            task.run();
        }
    }

    /** Runs the tasks due now (a delay of zero), on this thread. */
    void runDue() {
        advance(Duration.ZERO);
    }

    /** Moves the clock without running anything: a task that takes time, from inside it. */
    synchronized void passTime(Duration duration) {
        now += duration.toNanos();
    }

    /** How many tasks wait to run. */
    synchronized int pending() {
        return queue.size();
    }

    /** When each waiting task is due, from now, earliest first. */
    synchronized List<Duration> pendingDelays() {
        List<Duration> delays = new ArrayList<>();
        queue.stream().sorted(queue.comparator()).forEach(t -> delays.add(Duration.ofNanos(t.due - now)));
        return delays;
    }

    /** What the tasks run so far threw. */
    synchronized List<Throwable> thrown() {
        return List.copyOf(thrown);
    }

    private synchronized <V> Task<V> add(Task<V> task) {
        if (shutdown) {
            throw new RejectedExecutionException("shut down");
        }
        queue.add(task);
        return task;
    }

    private synchronized void remove(Task<?> task) {
        queue.remove(task);
    }

    private synchronized void failed(Throwable t) {
        thrown.add(t);
    }

    private synchronized long dueIn(long delay, TimeUnit unit) {
        return now + Math.max(0, unit.toNanos(delay));
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return add(new Task<>(command, null, dueIn(delay, unit)));
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        return add(new Task<>(callable, dueIn(delay, unit)));
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        throw new UnsupportedOperationException("not used by AgentPresence");
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException("not used by AgentPresence");
    }

    @Override
    public void execute(Runnable command) {
        schedule(command, 0, TimeUnit.NANOSECONDS);
    }

    @Override
    public synchronized void shutdown() {
        shutdown = true;
    }

    @Override
    public synchronized List<Runnable> shutdownNow() {
        shutdown = true;
        List<Runnable> left = new ArrayList<>(queue);
        queue.clear();
        return left;
    }

    @Override
    public synchronized boolean isShutdown() {
        return shutdown;
    }

    @Override
    public synchronized boolean isTerminated() {
        return shutdown && queue.isEmpty();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return isTerminated();
    }

    private final class Task<V> extends FutureTask<V> implements ScheduledFuture<V> {
        final long due;
        final long sequence;

        Task(Runnable runnable, V result, long due) {
            super(runnable, result);
            this.due = due;
            synchronized (VirtualScheduler.this) {
                this.sequence = VirtualScheduler.this.sequence++;
            }
        }

        Task(Callable<V> callable, long due) {
            super(callable);
            this.due = due;
            synchronized (VirtualScheduler.this) {
                this.sequence = VirtualScheduler.this.sequence++;
            }
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(due - nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            remove(this);
            return cancelled;
        }

        @Override
        protected void setException(Throwable t) {
            failed(t);
            super.setException(t);
        }
    }
}
