package io.github.conversations4j.sandbox;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One HTTP request the sandbox received, as returned by {@link ConversationsSandbox#requests()}. Immutable.
 *
 * <p>The values of the {@code api-key} and {@code partner-key} headers are recorded as {@code <redacted>}: a test
 * can check that a key was sent, never read it back.
 *
 * @param method the HTTP method, for instance {@code POST}
 * @param path the raw (still percent-encoded) path, for instance {@code /v3/conversations/messages/eYBEm3gq3zc5ayE2g}
 * @param headers the request headers; keys are compared case-insensitively
 * @param body the request body as UTF-8 text, empty when there was none
 * @param status the status the sandbox answered, or {@code 0} when an injected fault dropped the connection
 */
public record RecordedRequest(String method, String path, Map<String, List<String>> headers, String body, int status) {

    static final String REDACTED = "<redacted>";

    /** Copies the headers into an unmodifiable, case-insensitive map. */
    public RecordedRequest {
        Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        headers = Collections.unmodifiableMap(copy);
    }

    /**
     * The first value of a request header.
     *
     * @param name the header name, in any case
     * @return its first value, or {@code null} when absent
     */
    public String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
