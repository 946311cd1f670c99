package io.github.conversations4j.internal;

import feign.Client;
import feign.Request;
import feign.Response;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Logs every HTTP exchange through {@link System.Logger} {@code io.github.conversations4j}, whatever the
 * transport: at {@code DEBUG} the request line, the status and the time taken; at {@code TRACE} also the
 * request and response headers, with the {@code api-key} and {@code partner-key} values replaced by
 * {@code <redacted>}. Bodies (visitors' messages) are never logged. In front of a plugged-in transport it also adds
 * the SDK's fixed headers (the keys and the {@code User-Agent}) to every request; the SDK's own {@link Http11Client}
 * writes them itself.
 *
 * <p>{@code System.Logger} goes to {@code java.util.logging} by default, and to SLF4J or Log4j when their
 * {@code System.LoggerFinder} bridge is on the class path.
 */
final class LoggingClient implements Client {
    private static final System.Logger LOG = System.getLogger("io.github.conversations4j");
    private static final Set<String> SECRET_HEADERS = Set.of("api-key", "partner-key", "authorization", "cookie");

    private final Client delegate;
    private final String fixedHeaders;
    /** The fixed headers to add to each request, or null when the transport writes them itself. */
    private final Map<String, Collection<String>> added;
    /** The fixed headers' names, lower case: an attempt's own headers never replace them. */
    private final Set<String> fixedNames;
    /** Whether the call layer wants each response's status in the {@link CallContext} (for its call listeners). */
    private final boolean trackStatus;

    /**
     * Wraps a transport.
     *
     * @param delegate the transport that does the I/O
     * @param fixedHeaders headers for every request, logged with the request's own
     * @param addFixed whether to add them to each request (a plugged-in transport), else the transport writes them
     * @param trackStatus whether to note each response's status in the thread's {@link CallContext}
     */
    public LoggingClient(Client delegate, Map<String, String> fixedHeaders, boolean addFixed, boolean trackStatus) {
        this.delegate = delegate;
        this.trackStatus = trackStatus;
        Map<String, Collection<String>> asLists = new java.util.LinkedHashMap<>();
        fixedHeaders.forEach((name, value) -> asLists.put(name, java.util.List.of(value)));
        this.fixedHeaders = headers(asLists);
        this.added = addFixed ? asLists : null;
        Set<String> names = new java.util.HashSet<>();
        fixedHeaders.keySet().forEach(name -> names.add(name.toLowerCase(Locale.ROOT)));
        this.fixedNames = Set.copyOf(names);
    }

    @Override
    public Response execute(Request request, Request.Options options) throws IOException {
        CallContext context = CallContext.current();
        if (context.active) {
            if (context.headerCount > 0) {
                request = withHeaders(request, context);
            }
            if (trackStatus) {
                context.url = request.url();
            }
        }
        if (!LOG.isLoggable(Level.DEBUG)) {
            return send(request, options);
        }
        String line = request.httpMethod() + " " + request.url();
        if (LOG.isLoggable(Level.TRACE)) {
            LOG.log(Level.TRACE, "--> " + line + fixedHeaders + headers(request.headers()));
        }
        long start = System.nanoTime();
        try {
            Response response = send(request, options);
            long millis = (System.nanoTime() - start) / 1_000_000;
            LOG.log(
                    Level.DEBUG,
                    "<-- " + response.status() + " " + line + " (" + millis + " ms)"
                            + (LOG.isLoggable(Level.TRACE) ? headers(response.headers()) : ""));
            return response;
        } catch (IOException | RuntimeException e) {
            long millis = (System.nanoTime() - start) / 1_000_000;
            LOG.log(
                    Level.DEBUG,
                    "<-- " + e.getClass().getSimpleName() + " " + line + " (" + millis + " ms): " + e.getMessage());
            throw e;
        }
    }

    private Response send(Request request, Request.Options options) throws IOException {
        Response response = delegate.execute(added == null ? request : withHeaders(request, added), options);
        if (trackStatus) {
            CallContext.current().status = response.status();
        }
        return response;
    }

    /** The request with the attempt's own headers; never a fixed header. */
    private Request withHeaders(Request request, CallContext context) {
        Map<String, Collection<String>> own = new java.util.LinkedHashMap<>();
        for (int i = 0; i < context.headerCount; i++) {
            String name = context.headers[2 * i];
            if (!fixedNames.contains(name.toLowerCase(Locale.ROOT))) {
                own.put(name, java.util.List.of(context.headers[2 * i + 1]));
            }
        }
        return withHeaders(request, own);
    }

    /** The request with these headers, each replacing any of its name. */
    private static Request withHeaders(Request request, Map<String, Collection<String>> headers) {
        Map<String, Collection<String>> merged = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        merged.putAll(request.headers());
        merged.putAll(headers);
        return Request.create(
                request.httpMethod(),
                request.url(),
                merged,
                request.body(),
                request.charset(),
                request.requestTemplate());
    }

    /**
     * Formats headers for a log line, secrets redacted.
     *
     * @param headers the headers
     * @return one {@code name: value} per line, each line starting with a newline
     */
    static String headers(Map<String, Collection<String>> headers) {
        StringBuilder sb = new StringBuilder();
        headers.forEach((name, values) -> {
            boolean secret = SECRET_HEADERS.contains(name.toLowerCase(Locale.ROOT));
            for (String value : values) {
                sb.append("\n    ").append(name).append(": ").append(secret ? "<redacted>" : value);
            }
        });
        return sb.toString();
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
