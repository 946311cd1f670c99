package io.github.conversations4j.internal;

/**
 * Traces each attempt of a call (one span per request, its duration recorded, the trace context added to the
 * request's headers). Names no tracing library: the OpenTelemetry one, {@link OpenTelemetryTracer}, is loaded by
 * name only when OpenTelemetry's API is on the class path, so that a client without it loads none of its classes.
 */
interface AttemptTracer {

    /**
     * An attempt starts; may add headers to the context's attempt headers.
     *
     * @param operation what is called
     * @param attempt 1 for the first request
     * @param context the thread's call context
     * @return what {@link #end} needs, or null when nothing is traced (no OpenTelemetry set)
     */
    Object start(Operation operation, int attempt, CallContext context);

    /**
     * The attempt ended.
     *
     * @param state what {@link #start} returned, not null
     * @param status the response's status, or 0 for none
     * @param failure what the attempt failed with, or null
     * @param context the thread's call context (the request's URL)
     */
    void end(Object state, int status, Throwable failure, CallContext context);

    /**
     * The tracer of a client.
     *
     * @param enabled whether OpenTelemetry is wanted at all
     * @param propagate whether the trace context goes into the requests' headers
     * @param baseUrl the API root
     * @return the OpenTelemetry tracer, or null when it is not wanted or its API is not on the class path
     */
    static AttemptTracer of(boolean enabled, boolean propagate, String baseUrl) {
        if (!enabled) {
            return null;
        }
        ClassLoader loader = AttemptTracer.class.getClassLoader();
        try {
            Class.forName("io.opentelemetry.api.GlobalOpenTelemetry", false, loader);
            Class.forName("io.opentelemetry.context.Context", false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
        try {
            return (AttemptTracer) Class.forName("io.github.conversations4j.internal.OpenTelemetryTracer", true, loader)
                    .getDeclaredConstructor(boolean.class, String.class)
                    .newInstance(propagate, baseUrl);
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            System.getLogger("io.github.conversations4j")
                    .log(
                            System.Logger.Level.DEBUG,
                            () -> "OpenTelemetry is on the class path but cannot be used: " + e);
            return null;
        }
    }
}
