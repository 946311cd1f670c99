package io.github.conversations4j.spring;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * The one place these tests poll: only for what nothing can signal (a log line, the sandbox's state, a listener of
 * the application under test). Each poll names what it waits for, so a hang fails with that name; the limit is a
 * bound that catches a hang, never a timing the test relies on. (The SDK's own tests have the same helper in
 * {@code testing/Await}; this invoker project cannot see those test classes.)
 */
final class Await {
    private Await() {}

    static void until(String what, Duration limit, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within " + limit.toSeconds() + " s: " + what);
            }
            Thread.sleep(5);
        }
    }
}
