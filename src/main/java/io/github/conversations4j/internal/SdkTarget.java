package io.github.conversations4j.internal;

import feign.Request;
import feign.RequestTemplate;
import feign.Target;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where requests go, and the headers every request of this API carries.
 *
 * <p>Feign's {@code HardCodedTarget} parses the base URL into the template again on every call, and the
 * {@code Accept} and {@code Content-Type} headers the generated interface declares are templates that Feign expands
 * on every call; together that was about a third of the SDK's own CPU per call. {@link SdkContract} checks that the
 * interface declares exactly {@code Accept: application/json} on every method and {@code Content-Type:
 * application/json} on the methods with a body, and nothing else, and takes them out of the templates; this target
 * puts them back as constants, with the body's {@code Content-Length}, and prefixes the base URL as a string.
 *
 * @param <T> the API interface
 */
final class SdkTarget<T> implements Target<T> {
    static final String JSON = "application/json";
    private static final Map<String, Collection<String>> WITHOUT_BODY = headers(null);

    private final Class<T> type;
    private final String url;

    /**
     * Creates the target.
     *
     * @param type the API interface
     * @param url the base URL, without a trailing slash
     */
    public SdkTarget(Class<T> type, String url) {
        this.type = type;
        this.url = url;
    }

    @Override
    public Class<T> type() {
        return type;
    }

    @Override
    public String name() {
        return url;
    }

    @Override
    public String url() {
        return url;
    }

    @Override
    public Request apply(RequestTemplate input) {
        if (!input.resolved()) {
            throw new IllegalStateException("template has not been resolved.");
        }
        String path = input.url();
        byte[] body = input.body();
        return Request.create(
                Request.HttpMethod.valueOf(input.method()),
                path.startsWith("http") ? path : url + path,
                body == null ? WITHOUT_BODY : headers(body),
                body,
                input.requestCharset(),
                input);
    }

    private static Map<String, Collection<String>> headers(byte[] body) {
        Map<String, Collection<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.put("Accept", List.of(JSON));
        if (body != null) {
            headers.put("Content-Length", List.of(Integer.toString(body.length)));
            headers.put("Content-Type", List.of(JSON));
        }
        return Collections.unmodifiableMap(headers);
    }

    @Override
    public String toString() {
        return "SdkTarget(type=" + type.getSimpleName() + ", url=" + url + ")";
    }
}
