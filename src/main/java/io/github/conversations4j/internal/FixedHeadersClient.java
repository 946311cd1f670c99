package io.github.conversations4j.internal;

import feign.Client;
import feign.Request;
import feign.Response;
import java.io.IOException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adds the SDK's fixed headers (the keys and the {@code User-Agent}) to every request before a plugged-in
 * transport sends it. The SDK's own {@link Http11Client} writes them itself and needs no wrapper.
 */
final class FixedHeadersClient implements Client {
    private final Client delegate;
    private final Map<String, String> headers;

    /**
     * Wraps a transport.
     *
     * @param delegate the transport
     * @param headers the headers to add, by name
     */
    public FixedHeadersClient(Client delegate, Map<String, String> headers) {
        this.delegate = delegate;
        this.headers = Map.copyOf(headers);
    }

    @Override
    public Response execute(Request request, Request.Options options) throws IOException {
        Map<String, Collection<String>> merged = new LinkedHashMap<>(request.headers());
        headers.forEach((name, value) -> merged.put(name, List.of(value)));
        Request withHeaders = Request.create(
                request.httpMethod(),
                request.url(),
                merged,
                request.body(),
                request.charset(),
                request.requestTemplate());
        return delegate.execute(withHeaders, options);
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
