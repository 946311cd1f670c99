package io.github.conversations4j.presence;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Captures what the SDK logs through {@code System.Logger} named {@code io.github.conversations4j} (which goes to
 * {@code java.util.logging} in these tests), from WARNING up: one line per record, level, message and what was
 * thrown.
 */
final class LogCapture extends Handler implements AutoCloseable {
    private final Logger logger = Logger.getLogger("io.github.conversations4j");
    private final List<String> lines = new ArrayList<>();

    LogCapture() {
        setLevel(Level.WARNING);
        logger.addHandler(this);
    }

    @Override
    public synchronized void publish(LogRecord record) {
        if (isLoggable(record)) {
            lines.add(record.getLevel() + " " + record.getMessage()
                    + (record.getThrown() != null ? " thrown: " + record.getThrown() : ""));
        }
    }

    synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
