package io.github.conversations4j.internal;

import io.github.conversations4j.CallListener;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Tells a client's {@link CallListener}s about one call. Created per call, and only for a client that has
 * listeners: a client without any makes none. Every listener method is guarded: what it throws is logged at
 * DEBUG and goes no further.
 */
final class CallEvents {
    private static final System.Logger LOG = System.getLogger("io.github.conversations4j");
    private static final AtomicLong IDS = new AtomicLong();

    private final CallListener[] listeners;
    private final CallListener.Call call;
    private final long startNanos;
    private long attemptStartNanos;
    private int attempts;
    private int lastStatus;
    /** The last attempt's outcome, for the hooks: null before the first ended. */
    private CallListener.Attempt last;
    /** The attempt whose hooks are running, or null: a hook's attempt takes headers only then. */
    private HookAttempt hooked;

    private CallEvents(CallListener[] listeners, Operation operation, String host) {
        this.listeners = listeners;
        this.call = new CallListener.Call(
                IDS.incrementAndGet(), operation.name(), operation.httpMethod(), operation.pathTemplate(), host);
        this.startNanos = System.nanoTime();
    }

    /**
     * Starts a call: tells {@code callStarted}.
     *
     * @param listeners the client's listeners, not empty
     * @param operation the operation called
     * @param host the base URL's host
     * @return the call's events
     */
    static CallEvents start(CallListener[] listeners, Operation operation, String host) {
        CallEvents events = new CallEvents(listeners, operation, host);
        events.tell(l -> l.callStarted(events.call));
        return events;
    }

    /** Listeners or hooks as the handler keeps them: null for none, so that a call checks one field. */
    static <T> T[] orNull(List<T> list, T[] empty) {
        return list == null || list.isEmpty() ? null : list.toArray(empty);
    }

    /** An attempt starts now. */
    void attemptStarting() {
        attemptStartNanos = System.nanoTime();
    }

    /**
     * An attempt ended.
     *
     * @param status the response's status, or 0 for none
     * @param failure what the attempt failed with, or null
     */
    void attemptEnded(int status, Throwable failure) {
        attempts++;
        lastStatus = status;
        CallListener.Attempt attempt = new CallListener.Attempt(
                call,
                attempts,
                status,
                failure == null ? null : failure.getClass(),
                Duration.ofNanos(System.nanoTime() - attemptStartNanos));
        last = attempt;
        tell(l -> l.attemptEnded(attempt));
    }

    /**
     * Runs the hooks before an attempt; what a hook throws is logged and goes no further.
     *
     * @param hooks the client's hooks, not empty
     * @param number the attempt's number
     * @param context where the attempt's headers go
     */
    void beforeAttempt(io.github.conversations4j.AttemptHook[] hooks, int number, CallContext context) {
        HookAttempt attempt = new HookAttempt(this, number, last, context);
        hooked = attempt;
        guarded(hooks, "AttemptHook", "attempt", hook -> hook.beforeAttempt(attempt));
        hooked = null;
    }

    /** What a hook sees of an attempt; valid while {@code events.hooked} is this one. */
    private record HookAttempt(CallEvents events, int number, CallListener.Attempt previous, CallContext context)
            implements io.github.conversations4j.AttemptHook.Attempt {
        @Override
        public CallListener.Call call() {
            return events.call;
        }

        @Override
        public io.github.conversations4j.AttemptHook.Attempt header(String name, String value) {
            if (events.hooked != this) {
                throw new IllegalStateException("the attempt was sent: headers can be set only in beforeAttempt");
            }
            AttemptHeaders.check(name, value);
            context.header(name, value);
            return this;
        }

        @Override
        public String toString() {
            return "Attempt " + number + " of " + events.call.operation();
        }
    }

    /**
     * A retry is about to be waited for.
     *
     * @param wait the wait
     */
    void retryScheduled(Duration wait) {
        CallListener.Retry retry = new CallListener.Retry(call, attempts + 1, wait);
        tell(l -> l.retryScheduled(retry));
    }

    /**
     * The call ended.
     *
     * @param failure what the call throws, or null when it returns
     */
    void ended(Throwable failure) {
        CallListener.Result result = new CallListener.Result(
                call,
                Math.max(1, attempts),
                lastStatus,
                failure == null ? null : failure.getClass(),
                Duration.ofNanos(System.nanoTime() - startNanos));
        tell(l -> l.callEnded(result));
    }

    private void tell(Consumer<CallListener> event) {
        guarded(listeners, "CallListener", "call", event);
    }

    private <T> void guarded(T[] targets, String kind, String goesOn, Consumer<T> event) {
        for (T target : targets) {
            try {
                event.accept(target);
            } catch (RuntimeException e) {
                LOG.log(
                        System.Logger.Level.DEBUG,
                        () -> "The " + kind + " " + target.getClass().getName() + " threw "
                                + e.getClass().getName() + " on " + call.operation() + "; the " + goesOn + " goes on");
            }
        }
    }
}
