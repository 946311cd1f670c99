package io.github.conversations4j.spring;

import java.text.MessageFormat;
import java.util.ResourceBundle;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * A {@link System.Logger} that writes through Commons Logging, as Spring itself logs: to the application's own
 * logging system (Logback, Log4j 2) for as long as that runs.
 *
 * <p>Why not {@code System.Logger}'s default: it writes to {@code java.util.logging}, which reaches Boot's logging
 * only through the bridge handler Boot installs at start-up. Boot's {@code springBootLoggingLifecycle} bean (phase
 * {@code Integer.MIN_VALUE + 1}, the last to stop) removes that bridge when the context stops, before any bean is
 * destroyed; Boot had also removed the JUL console handler, so anything logged through JUL from then on (a destroy
 * method, a drain still under way) goes nowhere. That is how issue 20's shutdown losses went unreported. Commons
 * Logging goes to SLF4J or Log4j directly, which work until the context is closed.
 */
final class JclLogger implements System.Logger {
    private final String name;
    private final Log log;

    JclLogger(String name) {
        this.name = name;
        this.log = LogFactory.getLog(name);
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public boolean isLoggable(Level level) {
        return switch (level) {
            case ALL, TRACE -> log.isTraceEnabled();
            case DEBUG -> log.isDebugEnabled();
            case INFO -> log.isInfoEnabled();
            case WARNING -> log.isWarnEnabled();
            case ERROR -> log.isErrorEnabled();
            case OFF -> false;
        };
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
        switch (level) {
            case ALL, TRACE -> log.trace(msg, thrown);
            case DEBUG -> log.debug(msg, thrown);
            case INFO -> log.info(msg, thrown);
            case WARNING -> log.warn(msg, thrown);
            case ERROR -> log.error(msg, thrown);
            case OFF -> {}
        }
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
        if (isLoggable(level)) {
            log(
                    level,
                    bundle,
                    params == null || params.length == 0 ? format : MessageFormat.format(format, params),
                    (Throwable) null);
        }
    }
}
