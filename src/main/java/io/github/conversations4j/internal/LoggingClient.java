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
 * {@code <redacted>}. Bodies (visitors' messages) are never logged.
 *
 * <p>{@code System.Logger} goes to {@code java.util.logging} by default, and to SLF4J or Log4j when their
 * {@code System.LoggerFinder} bridge is on the class path.
 */
final class LoggingClient implements Client {
    private static final System.Logger LOG = System.getLogger("io.github.conversations4j");
    private static final Set<String> SECRET_HEADERS = Set.of("api-key", "partner-key", "authorization", "cookie");

    private final Client delegate;
    private final String fixedHeaders;
    /** The fixed headers' names, lower case: an attempt's own headers never replace them. */
    private final Set<String> fixedNames;
    /** Whether the call layer wants each response's status in the {@link CallContext} (for its call listeners). */
    private final boolean trackStatus;

    /**
     * Wraps a transport.
     *
     * @param delegate the transport that does the I/O
     * @param fixedHeaders headers the transport adds to every request itself, logged with the request's own
     * @param trackStatus whether to note each response's status in the thread's {@link CallContext}
     */
    public LoggingClient(Client delegate, Map<String, String> fixedHeaders, boolean trackStatus) {
        this.delegate = delegate;
        this.trackStatus = trackStatus;
        Map<String, Collection<String>> asLists = new java.util.LinkedHashMap<>();
        fixedHeaders.forEach((name, value) -> asLists.put(name, java.util.List.of(value)));
        this.fixedHeaders = headers(asLists);
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
            return trackStatus ? noted(delegate.execute(request, options)) : delegate.execute(request, options);
        }
        String line = request.httpMethod() + " " + request.url();
        if (LOG.isLoggable(Level.TRACE)) {
            LOG.log(Level.TRACE, "--> " + line + fixedHeaders + headers(request.headers()));
        }
        long start = System.nanoTime();
        try {
            Response response =
                    trackStatus ? noted(delegate.execute(request, options)) : delegate.execute(request, options);
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

    /** The request with the attempt's own headers, each replacing any of its name; never a fixed header. */
    private Request withHeaders(Request request, CallContext context) {
        Map<String, Collection<String>> merged = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        merged.putAll(request.headers());
        for (int i = 0; i < context.headerCount; i++) {
            String name = context.headers[2 * i];
            if (!fixedNames.contains(name.toLowerCase(Locale.ROOT))) {
                merged.put(name, java.util.List.of(context.headers[2 * i + 1]));
            }
        }
        return Request.create(
                request.httpMethod(),
                request.url(),
                merged,
                request.body(),
                request.charset(),
                request.requestTemplate());
    }

    private static Response noted(Response response) {
        CallContext.current().status = response.status();
        return response;
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
