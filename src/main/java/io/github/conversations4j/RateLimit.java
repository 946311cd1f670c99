package io.github.conversations4j;

import java.time.Duration;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;

/**
 * Brevo's rate-limit state as reported on a response by the {@code x-sib-ratelimit-limit},
 * {@code x-sib-ratelimit-remaining} and {@code x-sib-ratelimit-reset} headers.
 *
 * <p>A part whose header was absent or not a whole number is {@code null}: the SDK says "absent" with null
 * throughout, as the generated models do (README, "Absent values").
 *
 * <pre>{@code
 * RateLimit limit = e.rateLimit();                    // null when the answer carried none
 * if (limit != null && limit.reset() != null) {
 *   log.warn("{} calls left, window resets in {}", limit.remaining(), limit.reset());
 * }
 * }</pre>
 *
 * @param limit the number of requests allowed in the current window, or null
 * @param remaining the number of requests left in the current window, or null
 * @param reset how long until the window resets, or null
 */
public record RateLimit(Long limit, Long remaining, Duration reset) {

    /**
     * Reads the rate-limit state from response headers.
     *
     * @param headers response headers; names are matched case-insensitively
     * @return the state, or null when none of the three headers is present with a whole number
     */
    public static RateLimit fromHeaders(Map<String, ? extends Collection<String>> headers) {
        if (headers == null) {
            return null;
        }
        Long limit = number(headers, "x-sib-ratelimit-limit");
        Long remaining = number(headers, "x-sib-ratelimit-remaining");
        Long resetSeconds = number(headers, "x-sib-ratelimit-reset");
        if (limit == null && remaining == null && resetSeconds == null) {
            return null;
        }
        return new RateLimit(limit, remaining, resetSeconds == null ? null : Duration.ofSeconds(resetSeconds));
    }

    private static Long number(Map<String, ? extends Collection<String>> headers, String name) {
        for (Map.Entry<String, ? extends Collection<String>> entry : headers.entrySet()) {
            if (name.equalsIgnoreCase(entry.getKey()) && entry.getValue() != null) {
                Iterator<String> values = entry.getValue().iterator();
                if (values.hasNext()) {
                    try {
                        long value = Long.parseLong(values.next().trim());
                        return value >= 0 ? value : null;
                    } catch (NumberFormatException | NullPointerException e) {
                        return null;
                    }
                }
            }
        }
        return null;
    }
}
