package io.github.conversations4j.testing;

import java.time.Duration;

/**
 * The one place a test polls. Use it only where nothing can signal the test (WireMock's request journal, a child
 * process, a database row another process writes, a thread ending, the garbage collector); everywhere else wait on a
 * latch, a future or a queue the awaited thing completes itself. Each poll names what it waits for, so a hang fails
 * with that name; the limit is a bound that catches a hang, never a timing the test relies on.
 */
public final class Await {
    /** How often the condition is looked at: short enough to cost nothing, long enough to leave the cores alone. */
    private static final Duration PAUSE = Duration.ofMillis(5);

    /** A condition that may throw (a query, say): a throw fails the wait with the description. */
    @FunctionalInterface
    public interface Condition {
        boolean holds() throws Exception;
    }

    private Await() {}

    /** Returns once the condition holds; fails naming {@code what} if it does not within {@code limit}. */
    public static void until(String what, Duration limit, Condition condition) throws InterruptedException {
        until(what, limit, PAUSE, condition);
    }

    /** As {@link #until(String, Duration, Condition)}, looking every {@code pause}: for a costly condition (a GC). */
    public static void until(String what, Duration limit, Duration pause, Condition condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!check(what, condition)) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within " + limit.toSeconds() + " s: " + what);
            }
            Thread.sleep(pause.toMillis());
        }
    }

    private static boolean check(String what, Condition condition) throws InterruptedException {
        try {
            return condition.holds();
        } catch (InterruptedException | RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new AssertionError("while waiting for " + what + ": " + e, e);
        }
    }
}
