package io.github.conversations4j;

import java.time.Duration;

/**
 * The SDK's view of time between retries: a monotonic clock and a way to wait.
 *
 * <p>A seam for tests: give the builder a fake whose {@link #sleep(Duration)} records the wait and advances
 * {@link #nanoTime()}, and retry delays can be asserted without sleeping. Production code uses
 * {@link #system()}.
 */
public interface Sleeper {

    /**
     * The current value of a monotonic clock.
     *
     * @return nanoseconds from an arbitrary origin, as {@link System#nanoTime()}
     */
    long nanoTime();

    /**
     * Waits.
     *
     * @param duration how long; never negative
     * @throws InterruptedException when the thread is interrupted while waiting
     */
    void sleep(Duration duration) throws InterruptedException;

    /**
     * The real clock and {@link Thread#sleep(long, int)}.
     *
     * @return the system sleeper
     */
    static Sleeper system() {
        return SystemSleeper.INSTANCE;
    }
}

/** {@link Sleeper#system()}. */
enum SystemSleeper implements Sleeper {
    INSTANCE;

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public void sleep(Duration duration) throws InterruptedException {
        long nanos = duration.toNanos();
        if (nanos > 0) {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        }
    }
}
