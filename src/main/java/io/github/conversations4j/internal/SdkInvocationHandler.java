package io.github.conversations4j.internal;

import feign.FeignException;
import feign.InvocationHandlerFactory.MethodHandler;
import feign.RetryableException;
import feign.Target;
import feign.codec.EncodeException;
import io.github.conversations4j.CallListener;
import io.github.conversations4j.RetryPolicy;
import io.github.conversations4j.Sleeper;
import io.github.conversations4j.errors.BrevoException;
import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The SDK's wrapper around each generated operation: validates the arguments before anything is encoded or sent,
 * runs Feign's method handler, retries what is safe to retry, and turns whatever Feign reports into the SDK's
 * own exceptions.
 */
final class SdkInvocationHandler implements InvocationHandler {
    private static final System.Logger LOG = System.getLogger("io.github.conversations4j");
    private static final CallListener[] NO_LISTENERS = new CallListener[0];

    private final Target<?> target;
    private final Map<Method, MethodHandler> dispatch;
    private final Map<Method, Operation> operations;
    private final RetryPolicy policy;
    /** The client this one was derived from by {@code withOptions}, or this very handler for a built client. */
    private final SdkInvocationHandler root;
    /** Headers of the per-call options added to every attempt, as name/value pairs; null for none. */
    private final String[] optionHeaders;

    private final Sleeper sleeper;
    private final Clock clock;
    private final Duration callTimeout;
    /** The call listeners, or null for none: then a call does no work for them. */
    private final CallListener[] listeners;
    /** The base URL's host, for the listeners. */
    private final String host;
    /** The attempt hooks, or null for none. */
    private final io.github.conversations4j.AttemptHook[] hooks;
    /** The OpenTelemetry tracer, or null when OpenTelemetry is off or absent. */
    private final AttemptTracer tracer;
    /** What {@code close()} closes: the SDK's own transport, or null for a plugged-in one (the caller's). */
    private final AutoCloseable owned;
    /** What else {@code close()} closes first: the helpers built on this client (an agent presence, say). */
    private final Set<AutoCloseable> closeHooks =
            Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
    /** Set once by the first {@code close()}; from then on no close hook is accepted. */
    private final AtomicBoolean closing = new AtomicBoolean();

    private volatile boolean closed;

    SdkInvocationHandler(
            Target<?> target,
            Map<Method, MethodHandler> dispatch,
            Map<Method, Operation> operations,
            RetryPolicy policy,
            Sleeper sleeper,
            Clock clock,
            Duration callTimeout,
            AutoCloseable owned,
            CallListener[] listeners,
            String host,
            io.github.conversations4j.AttemptHook[] hooks,
            AttemptTracer tracer) {
        this.target = target;
        this.dispatch = dispatch;
        this.operations = operations;
        this.policy = policy;
        this.sleeper = sleeper;
        this.clock = clock;
        this.callTimeout = callTimeout;
        this.owned = owned;
        this.listeners = listeners;
        this.host = host;
        this.hooks = hooks;
        this.tracer = tracer;
        this.root = this;
        this.optionHeaders = null;
    }

    /** A client derived from {@code parent} with other options: the same transport, listeners and life. */
    private SdkInvocationHandler(
            SdkInvocationHandler parent, RetryPolicy policy, Duration callTimeout, String[] optionHeaders) {
        this.target = parent.target;
        this.dispatch = parent.dispatch;
        this.operations = parent.operations;
        this.policy = policy;
        this.sleeper = parent.sleeper;
        this.clock = parent.clock;
        this.callTimeout = callTimeout;
        this.owned = null; // the connections are the root's: closing this client leaves them open
        this.listeners = parent.listeners;
        this.host = parent.host;
        this.hooks = parent.hooks;
        this.tracer = parent.tracer;
        this.root = parent.root;
        this.optionHeaders = optionHeaders;
    }

    /** Whether calls are refused: this client, or the one it was derived from, is closed. */
    private boolean isClosed() {
        return closed || root.closed;
    }

    private io.github.conversations4j.ConversationsClient derive(Object argument) {
        @SuppressWarnings("unchecked")
        java.util.function.Consumer<io.github.conversations4j.CallOptions.Builder> options =
                (java.util.function.Consumer<io.github.conversations4j.CallOptions.Builder>)
                        java.util.Objects.requireNonNull(argument, "options must not be null");
        io.github.conversations4j.CallOptions.Builder builder = new io.github.conversations4j.CallOptions.Builder();
        options.accept(builder);
        io.github.conversations4j.CallOptions o = builder.build();
        RetryPolicy derivedPolicy = o.retryPolicy() != null ? o.retryPolicy() : policy;
        if (o.maxRetries() != null) {
            derivedPolicy = derivedPolicy.withMaxRetries(o.maxRetries());
        }
        List<String> pairs = new ArrayList<>();
        if (optionHeaders != null) {
            pairs.addAll(List.of(optionHeaders));
        }
        o.headers().forEach((name, value) -> {
            for (int i = 0; i < pairs.size(); i += 2) {
                if (pairs.get(i).equalsIgnoreCase(name)) {
                    pairs.remove(i + 1);
                    pairs.remove(i);
                    break;
                }
            }
            pairs.add(name);
            pairs.add(value);
        });
        SdkInvocationHandler derived = new SdkInvocationHandler(
                this,
                derivedPolicy,
                o.callTimeout() != null ? o.callTimeout() : callTimeout,
                pairs.isEmpty() ? null : pairs.toArray(new String[0]));
        return (io.github.conversations4j.ConversationsClient) Proxy.newProxyInstance(
                io.github.conversations4j.ConversationsClient.class.getClassLoader(),
                new Class<?>[] {io.github.conversations4j.ConversationsClient.class},
                derived);
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        switch (method.getName()) {
            case "equals":
                if (method.getParameterCount() == 1) {
                    return args[0] != null
                            && Proxy.isProxyClass(args[0].getClass())
                            && Proxy.getInvocationHandler(args[0]) == this;
                }
                break;
            case "hashCode":
                if (method.getParameterCount() == 0) {
                    return System.identityHashCode(this);
                }
                break;
            case "toString":
                if (method.getParameterCount() == 0) {
                    return "ConversationsClient(" + target.url() + (isClosed() ? ", closed" : "") + ")";
                }
                break;
            case "close":
                if (method.getParameterCount() == 0) {
                    if (root == this) {
                        close();
                    } else {
                        closed = true; // a derived client: only its own use ends
                    }
                    return null;
                }
                break;
            case "withOptions":
                if (method.getParameterCount() == 1) {
                    return derive(args[0]);
                }
                break;
            default:
                break;
        }
        Operation operation = operations.get(method);
        MethodHandler handler = dispatch.get(method);
        if (operation == null || handler == null) {
            throw new UnsupportedOperationException(method.toString());
        }
        if (isClosed()) {
            throw new IllegalStateException(
                    "this ConversationsClient is closed: " + operation.requestLine() + " was not sent");
        }
        RequestValidator.validate(operation, args);
        return call(operation, handler, args);
    }

    /**
     * Registers something the client's {@code close()} closes, before the client itself.
     *
     * @param hook closed once, by the first {@code close()}; failures are logged at DEBUG and do not stop the close
     * @throws IllegalStateException when the client is closed or closing
     */
    void addCloseHook(AutoCloseable hook) {
        if (root != this) {
            root.addCloseHook(hook); // a derived client lives as long as its root
            return;
        }
        closeHooks.add(hook);
        // Checked after the add: a close() that began meanwhile either sees the hook in its snapshot (taken after it
        // set the flag) or the flag is seen here. When both happen the hook is closed once more, which hooks allow.
        if (closing.get()) {
            closeHooks.remove(hook);
            throw new IllegalStateException("this ConversationsClient is closed");
        }
    }

    /**
     * Forgets a hook, so that something closed by itself is not kept alive by the client.
     *
     * @param hook a hook given to {@link #addCloseHook}, or anything else (then nothing happens)
     */
    void removeCloseHook(AutoCloseable hook) {
        root.closeHooks.remove(hook);
    }

    /** How many hooks are registered: for tests that check closed helpers deregister. */
    int closeHookCount() {
        return closeHooks.size();
    }

    private void close() {
        if (closing.compareAndSet(false, true)) {
            // The hooks first, while the client still works: a helper's call under way ends as it would have, and the
            // helper, stopped, reports nothing about calls the closing client would have refused.
            List<AutoCloseable> hooks;
            synchronized (closeHooks) {
                hooks = new ArrayList<>(closeHooks);
            }
            for (AutoCloseable hook : hooks) {
                try {
                    hook.close();
                } catch (Exception e) {
                    LOG.log(System.Logger.Level.DEBUG, () -> "Closing " + hook + " with the client failed: " + e);
                }
            }
            closeHooks.clear();
        }
        closed = true;
        if (owned != null) {
            try {
                owned.close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.DEBUG, () -> "Closing the transport failed: " + e);
            }
        }
    }

    /** The outcome of one failed attempt: what to throw, and whether and how soon it may be retried. */
    private static final class Failure {
        final BrevoException exception;
        final boolean retryable;
        final Optional<Duration> serverWait;

        Failure(BrevoException exception, boolean retryable, Optional<Duration> serverWait) {
            this.exception = exception;
            this.retryable = retryable;
            this.serverWait = serverWait;
        }
    }

    private Object call(Operation operation, MethodHandler handler, Object[] args) throws Throwable {
        if (listeners == null && hooks == null) {
            return attempts(operation, handler, args, null);
        }
        CallEvents events = CallEvents.start(listeners == null ? NO_LISTENERS : listeners, operation, host);
        Object result;
        try {
            result = attempts(operation, handler, args, events);
        } catch (Throwable t) {
            events.ended(t);
            throw t;
        }
        events.ended(null);
        return result;
    }

    /** The attempts of one call; {@code events} is null when nobody listens. */
    private Object attempts(Operation operation, MethodHandler handler, Object[] args, CallEvents events)
            throws Throwable {
        long start = sleeper.nanoTime();
        long deadline = start + callTimeout.toNanos();
        CallContext context = CallContext.current();
        boolean successHeaders = operation.returnsHeaders() || LOG.isLoggable(System.Logger.Level.TRACE);
        for (int attempt = 1; ; attempt++) {
            Failure failure;
            // The transport's deadline, on its own clock: what is left of the call's.
            context.deadlineNanos = System.nanoTime() + Math.max(0, deadline - sleeper.nanoTime());
            context.callTimeout = callTimeout;
            context.successHeaders = successHeaders;
            context.active = true;
            context.status = 0;
            if (context.headerCount > 0 || context.url != null) {
                context.clearHeaders();
            }
            Object span = tracer == null ? null : startSpan(operation, attempt, context);
            if (events != null) {
                if (hooks != null) {
                    events.beforeAttempt(hooks, attempt, context);
                }
                events.attemptStarting();
            }
            if (optionHeaders != null) {
                for (int i = 0; i < optionHeaders.length; i += 2) {
                    context.header(optionHeaders[i], optionHeaders[i + 1]);
                }
            }
            try {
                try {
                    Object result = handler.invoke(args);
                    attemptEnded(events, span, context, null);
                    return result;
                } catch (ErrorResponse e) {
                    failure = new Failure(
                            ExceptionMapper.toApiException(operation, e, attempt),
                            retryableStatus(operation, e.status()),
                            RetryAfter.of(e.status(), e.headers(), clock));
                } catch (RetryableException e) {
                    // Feign's wrapper for an IOException from the transport: no response was received.
                    if (!(e.getCause() instanceof IOException)) {
                        throw unexpected(operation, e, attempt);
                    }
                    IOException io = (IOException) e.getCause();
                    boolean notSent = ExceptionMapper.provablyNotSent(io);
                    failure = new Failure(
                            ExceptionMapper.toConnectionException(operation, io, false, attempt),
                            (operation.idempotent() || notSent || policy.atLeastOnceSends())
                                    && !ExceptionMapper.permanent(io),
                            Optional.empty());
                } catch (EncodeException e) {
                    throw ErrorFactory.get()
                            .other(
                                    "Cannot encode the " + operation.name() + " request body: " + e.getMessage(),
                                    e.getCause() != null ? e.getCause() : e,
                                    attempt - 1);
                } catch (BrevoException e) {
                    throw e;
                } catch (FeignException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof JacksonCodec.DecodeFailure) {
                        // The server processed the request and answered 2xx: never repeat it.
                        throw ((JacksonCodec.DecodeFailure) cause).toException(operation, attempt);
                    }
                    if (!(cause instanceof IOException)) {
                        throw unexpected(operation, e, attempt);
                    }
                    // The response had begun to arrive when reading it failed: the request reached the server.
                    failure = new Failure(
                            ExceptionMapper.toConnectionException(operation, (IOException) cause, true, attempt),
                            operation.idempotent() || policy.atLeastOnceSends(),
                            Optional.empty());
                } catch (RuntimeException e) {
                    if (isClosed() && e instanceof IllegalStateException) {
                        // Closed between the check above and the transport: nothing was sent.
                        throw new IllegalStateException(
                                "this ConversationsClient is closed: " + operation.requestLine() + " was not sent", e);
                    }
                    // A transport (the SDK's or a plugged-in one) that failed in a way it should not: still the SDK's
                    // own
                    // exception, and never retried, since nothing says whether the request went out.
                    throw unexpected(operation, e, attempt);
                } finally {
                    context.active = false;
                }
            } catch (RuntimeException | Error e) {
                attemptEnded(events, span, context, e);
                throw e;
            }
            attemptEnded(events, span, context, failure.exception);
            if (!failure.retryable || attempt > policy.maxRetries()) {
                throw failure.exception;
            }
            if (Thread.currentThread().isInterrupted()) {
                throw failure.exception; // the caller wants the call to end: no retry, the flag kept
            }
            Duration wait = backoff(attempt);
            if (failure.serverWait.isPresent() && failure.serverWait.get().compareTo(wait) > 0) {
                wait = failure.serverWait.get();
            }
            long now = sleeper.nanoTime();
            // Compared as durations: a server may ask for a wait far beyond what fits in a long of nanoseconds. A retry
            // must also have time left to be made.
            if (wait.compareTo(Duration.ofNanos(Math.max(0, deadline - now))) >= 0) {
                LOG.log(
                        System.Logger.Level.DEBUG,
                        () -> "Not retrying " + operation.requestLine() + ": the wait would pass the call timeout of "
                                + callTimeout);
                throw failure.exception;
            }
            int made = attempt;
            Duration delay = wait;
            LOG.log(
                    System.Logger.Level.DEBUG,
                    () -> "Retrying " + operation.requestLine() + " in " + delay.toMillis()
                            + " ms after attempt " + made + " of " + (policy.maxRetries() + 1) + ": "
                            + failure.exception.getMessage());
            if (events != null) {
                events.retryScheduled(wait);
            }
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                failure.exception.addSuppressed(interrupted);
                throw failure.exception;
            }
            if (isClosed()) {
                // Closed during the wait: no further request goes out; the call ends with what it has.
                failure.exception.addSuppressed(
                        new IllegalStateException("the ConversationsClient was closed before retry " + attempt + " of "
                                + operation.requestLine()));
                throw failure.exception;
            }
        }
    }

    private Object startSpan(Operation operation, int attempt, CallContext context) {
        try {
            return tracer.start(operation, attempt, context);
        } catch (RuntimeException | LinkageError e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "Tracing " + operation.name() + " failed: " + e);
            return null;
        }
    }

    /** Tells the listeners and the tracer that an attempt ended, and forgets its headers. */
    private void attemptEnded(CallEvents events, Object span, CallContext context, Throwable failure) {
        if (events != null) {
            events.attemptEnded(context.status, failure);
        }
        if (span != null) {
            try {
                tracer.end(span, context.status, failure, context);
            } catch (RuntimeException | LinkageError e) {
                LOG.log(System.Logger.Level.DEBUG, () -> "Tracing an attempt failed: " + e);
            }
        }
        if (context.headerCount > 0 || context.url != null) {
            context.clearHeaders();
        }
    }

    private boolean retryableStatus(Operation operation, int status) {
        if (status == 429) {
            return true; // rate limited: Brevo did not process the request
        }
        return (operation.idempotent() || policy.atLeastOnceSends())
                && (status == 408 || status == 502 || status == 503 || status == 504);
    }

    /** Exponential backoff with "equal jitter": half of the wait is fixed, half random. */
    private Duration backoff(int retry) {
        long nanos = policy.backoff(retry).toNanos();
        long half = nanos / 2;
        return Duration.ofNanos(half + (half > 0 ? ThreadLocalRandom.current().nextLong(half + 1) : 0));
    }

    private static BrevoException unexpected(Operation operation, Exception e, int attempts) {
        return ErrorFactory.get()
                .other(
                        "Unexpected failure of " + operation.requestLine() + ": "
                                + e.getClass().getSimpleName(),
                        e,
                        attempts);
    }
}
