package io.github.conversations4j.sandbox;

import java.time.Duration;
import java.time.Instant;

/** A fixed-window request counter, read with the sandbox's clock. Thread-safe. */
final class RateLimiter {
    /** The state reported in the {@code x-sib-ratelimit-*} headers after a decision. */
    record Decision(boolean allowed, int limit, int remaining, long resetSeconds) {}

    private final int limit;
    private final Duration window;
    private Instant windowStart;
    private int used;

    RateLimiter(int limit, Duration window) {
        this.limit = limit;
        this.window = window;
    }

    /** Counts one request when the window has room. */
    synchronized Decision acquire(Instant now) {
        roll(now);
        if (windowStart == null) {
            windowStart = now;
        }
        boolean allowed = used < limit;
        if (allowed) {
            used++;
        }
        return new Decision(allowed, limit, limit - used, resetSeconds(now));
    }

    /** The current state, counting nothing (for requests refused before the limiter, such as a bad key). */
    synchronized Decision peek(Instant now) {
        roll(now);
        return new Decision(true, limit, limit - used, resetSeconds(now));
    }

    synchronized void reset() {
        windowStart = null;
        used = 0;
    }

    private void roll(Instant now) {
        if (windowStart != null && !now.isBefore(windowStart.plus(window))) {
            reset();
        }
    }

    /** Whole seconds until the window ends, rounded up; a whole window when none has started. */
    private long resetSeconds(Instant now) {
        long left = windowStart == null
                ? window.toMillis()
                : Duration.between(now, windowStart.plus(window)).toMillis();
        return (Math.max(left, 0) + 999) / 1000;
    }
}
