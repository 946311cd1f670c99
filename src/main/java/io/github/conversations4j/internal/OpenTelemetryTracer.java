package io.github.conversations4j.internal;

import io.github.conversations4j.errors.BrevoApiException;
import io.github.conversations4j.errors.BrevoConnectionException;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.DoubleHistogramBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * Each attempt as an OpenTelemetry CLIENT span after the stable HTTP client semantic conventions, its duration in
 * the {@code http.client.request.duration} histogram, and the trace context injected into its headers by the
 * global propagator. Uses {@link GlobalOpenTelemetry} as set by the application or the Java agent, read at each
 * attempt (so that one set after the client was built counts) and never set by the SDK: while none is set, nothing
 * is done and nothing is locked in.
 *
 * <p>Attributes carry no key, header, body, visitor id or exception message: the method, host, port, path
 * template and URL (whose only parameters are message ids), the status, the error type and the resend count.
 * Loaded only by {@link AttemptTracer#of}, when OpenTelemetry's API is on the class path.
 */
final class OpenTelemetryTracer implements AttemptTracer {
    private static final String SCOPE = "io.github.conversations4j";
    private static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
    private static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
    private static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
    private static final AttributeKey<String> URL_TEMPLATE = AttributeKey.stringKey("url.template");
    private static final AttributeKey<String> URL_FULL = AttributeKey.stringKey("url.full");
    private static final AttributeKey<String> URL_SCHEME = AttributeKey.stringKey("url.scheme");
    private static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
    private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    private static final AttributeKey<Long> RESEND_COUNT = AttributeKey.longKey("http.request.resend_count");
    private static final AttributeKey<String> PROTOCOL_VERSION = AttributeKey.stringKey("network.protocol.version");
    /** The semantic conventions' advice for {@code http.client.request.duration}, in seconds. */
    private static final List<Double> BUCKETS =
            List.of(0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0);

    private static final TextMapSetter<CallContext> SETTER = (context, name, value) -> {
        if (context != null && name != null && value != null) {
            context.header(name, value);
        }
    };

    private final boolean propagate;
    private final String scheme;
    private final String host;
    private final long port;
    private final String basePath;
    /** The instruments of the last OpenTelemetry seen; replaced when the global one changes. */
    private volatile Instruments instruments;

    OpenTelemetryTracer(boolean propagate, String baseUrl) {
        this.propagate = propagate;
        URI uri = URI.create(baseUrl);
        this.scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        this.host = uri.getHost();
        this.port = uri.getPort() > 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        this.basePath = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    /** A tracer, a histogram and a propagator of one OpenTelemetry instance. */
    private record Instruments(
            OpenTelemetry openTelemetry, Tracer tracer, DoubleHistogram duration, TextMapPropagator propagator) {
        static Instruments of(OpenTelemetry openTelemetry) {
            DoubleHistogramBuilder builder = openTelemetry
                    .getMeter(SCOPE)
                    .histogramBuilder("http.client.request.duration")
                    .setUnit("s")
                    .setDescription("Duration of HTTP client requests.");
            try {
                builder = builder.setExplicitBucketBoundariesAdvice(BUCKETS);
            } catch (LinkageError olderApi) {
                // An API older than 1.32: the SDK's default buckets.
            }
            return new Instruments(
                    openTelemetry,
                    openTelemetry.getTracer(SCOPE, SdkVersion.VERSION),
                    builder.build(),
                    openTelemetry.getPropagators().getTextMapPropagator());
        }
    }

    /** One attempt under way. */
    private record State(Instruments instruments, Span span, Operation operation, long startNanos) {}

    private Instruments instruments() {
        OpenTelemetry global = global();
        if (global == null) {
            return null;
        }
        Instruments current = instruments;
        if (current == null || current.openTelemetry() != global) {
            current = Instruments.of(global);
            instruments = current;
        }
        return current;
    }

    /** Whether the API has {@code GlobalOpenTelemetry.isSet()} (1.5x and later). */
    private static final boolean HAS_IS_SET = found(() -> GlobalOpenTelemetry.class.getMethod("isSet"));
    /** Whether the OpenTelemetry Java agent runs: it answers {@code GlobalOpenTelemetry.get()} with its own. */
    private static final boolean AGENT =
            found(() -> Class.forName("io.opentelemetry.javaagent.bootstrap.AgentInitializer", false, null));

    private static boolean found(java.util.concurrent.Callable<?> lookup) {
        try {
            lookup.call();
            return true;
        } catch (Exception | LinkageError e) {
            return false;
        }
    }

    /**
     * The global OpenTelemetry, or null while none is set, asked without setting the no-op one for good (which
     * {@code get()} does when none is set, and a later {@code set(..)} would then fail).
     */
    private static OpenTelemetry global() {
        if (HAS_IS_SET) {
            return GlobalOpenTelemetry.isSet() ? GlobalOpenTelemetry.get() : null;
        }
        // An older API: only the agent is known to have set one.
        return AGENT ? GlobalOpenTelemetry.get() : null;
    }

    @Override
    public Object start(Operation operation, int attempt, CallContext context) {
        Instruments in = instruments();
        if (in == null) {
            return null;
        }
        String template = basePath + operation.pathTemplate();
        Context parent = Context.current();
        SpanBuilder builder = in.tracer()
                .spanBuilder(operation.httpMethod() + " " + template)
                .setSpanKind(SpanKind.CLIENT)
                .setParent(parent)
                .setAttribute(METHOD, operation.httpMethod())
                .setAttribute(SERVER_ADDRESS, host)
                .setAttribute(SERVER_PORT, port)
                .setAttribute(URL_TEMPLATE, template)
                .setAttribute(URL_SCHEME, scheme);
        if (attempt > 1) {
            builder.setAttribute(RESEND_COUNT, (long) (attempt - 1));
        }
        Span span = builder.startSpan();
        if (propagate) {
            in.propagator().inject(parent.with(span), context, SETTER);
        }
        return new State(in, span, operation, System.nanoTime());
    }

    @Override
    public void end(Object state, int status, Throwable failure, CallContext context) {
        State s = (State) state;
        double seconds = (System.nanoTime() - s.startNanos) / 1e9;
        String errorType = errorType(status, failure);
        Span span = s.span;
        AttributesBuilder attributes = Attributes.builder()
                .put(METHOD, s.operation.httpMethod())
                .put(SERVER_ADDRESS, host)
                .put(SERVER_PORT, port)
                .put(URL_TEMPLATE, basePath + s.operation.pathTemplate())
                .put(URL_SCHEME, scheme);
        if (context.url != null) {
            span.setAttribute(URL_FULL, context.url);
        }
        if (status > 0) {
            span.setAttribute(STATUS, (long) status);
            span.setAttribute(PROTOCOL_VERSION, "1.1");
            attributes.put(STATUS, (long) status).put(PROTOCOL_VERSION, "1.1");
        }
        if (errorType != null) {
            span.setAttribute(ERROR_TYPE, errorType);
            span.setStatus(StatusCode.ERROR, errorType);
            attributes.put(ERROR_TYPE, errorType);
        }
        span.end();
        s.instruments.duration().record(seconds, attributes.build(), Context.current());
    }

    /**
     * The semantic conventions' {@code error.type}: the status code for a status of 400 or more; for a failure
     * without one, the class name of the I/O exception behind it ({@code java.net.SocketTimeoutException}), else of
     * the failure itself.
     */
    static String errorType(int status, Throwable failure) {
        if (status >= 400) {
            return Integer.toString(status);
        }
        if (failure == null) {
            return null;
        }
        if (failure instanceof BrevoApiException && ((BrevoApiException) failure).statusCode() >= 400) {
            return Integer.toString(((BrevoApiException) failure).statusCode());
        }
        if (failure instanceof BrevoConnectionException && failure.getCause() != null) {
            return failure.getCause().getClass().getName();
        }
        return failure.getClass().getName();
    }
}
