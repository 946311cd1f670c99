package io.github.conversations4j;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A {@link Sleeper} that records each wait and advances its own clock instead of sleeping. */
final class FakeSleeper implements Sleeper {
    private long now = 1_000_000_000L;
    private final List<Duration> sleeps = new ArrayList<>();
    private Runnable onSleep = () -> {};

    FakeSleeper onSleep(Runnable action) {
        this.onSleep = action;
        return this;
    }

    @Override
    public synchronized long nanoTime() {
        return now;
    }

    @Override
    public synchronized void sleep(Duration duration) {
        sleeps.add(duration);
        now += duration.toNanos();
        onSleep.run();
    }

    synchronized List<Duration> sleeps() {
        return List.copyOf(sleeps);
    }
}
