package io.github.conversations4j.webhooks.jdbc;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** A clock that tests move by hand: backoff and leases without sleeping. */
final class TestClock extends Clock {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    private long reads; // guarded by this

    /**
     * Waits until the clock has been read {@code more} times from now on (failing after {@code limit}). Each poll of
     * an idle intake worker reads it (to check the purge, then to claim), so this proves polls ran, on any machine.
     */
    synchronized void awaitReads(int more, Duration limit) throws InterruptedException {
        long target = reads + more;
        long deadline = System.nanoTime() + limit.toNanos();
        while (reads < target) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError(
                        "the clock was read " + (reads - target + more) + " of " + more + " times in " + limit);
            }
            java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    void advance(Duration duration) {
        now.updateAndGet(t -> t.plus(duration));
    }

    @Override
    public Instant instant() {
        synchronized (this) {
            reads++;
            notifyAll();
        }
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException();
    }
}
