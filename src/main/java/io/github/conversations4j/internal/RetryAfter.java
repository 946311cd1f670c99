package io.github.conversations4j.internal;

import io.github.conversations4j.RateLimit;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/** Reads how long a server asked the client to wait: {@code Retry-After}, then Brevo's rate-limit reset. */
final class RetryAfter {
    private RetryAfter() {}

    /**
     * The wait a response asks for.
     *
     * @param status the HTTP status
     * @param headers the response headers
     * @param clock the wall clock, to turn an HTTP date into a wait
     * @return the wait; empty when the response names none. {@code Retry-After} (seconds or HTTP date) wins; on a
     *     429 without it, {@code x-sib-ratelimit-reset} (seconds) is used
     */
    public static Optional<Duration> of(int status, Map<String, ? extends Collection<String>> headers, Clock clock) {
        String value = first(headers, "Retry-After");
        if (value != null) {
            Optional<Duration> wait = parse(value.trim(), clock);
            if (wait.isPresent()) {
                return wait;
            }
        }
        if (status == 429) {
            RateLimit rateLimit = RateLimit.fromHeaders(headers);
            return Optional.ofNullable(rateLimit == null ? null : rateLimit.reset());
        }
        return Optional.empty();
    }

    static Optional<Duration> parse(String value, Clock clock) {
        if (!value.isEmpty() && value.chars().allMatch(Character::isDigit)) {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
            } catch (NumberFormatException e) {
                return Optional.of(Duration.ofSeconds(Long.MAX_VALUE / 1_000_000_000L));
            }
        }
        try {
            ZonedDateTime date = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
            Duration wait = Duration.between(clock.instant(), date.toInstant());
            return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static String first(Map<String, ? extends Collection<String>> headers, String name) {
        if (headers == null) {
            return null;
        }
        for (Map.Entry<String, ? extends Collection<String>> entry : headers.entrySet()) {
            if (name.equalsIgnoreCase(entry.getKey())
                    && entry.getValue() != null
                    && !entry.getValue().isEmpty()) {
                return entry.getValue().iterator().next();
            }
        }
        return null;
    }
}
