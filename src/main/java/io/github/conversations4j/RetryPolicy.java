package io.github.conversations4j;

import io.github.conversations4j.errors.BrevoConnectionException;
import java.time.Duration;
import java.util.Objects;

/**
 * How a call is retried: how many times, how long to wait between attempts, and whether sends may be repeated.
 *
 * <p>What is retried is fixed by the SDK, not by this policy, because Brevo's API has no idempotency key:
 * <ul>
 *   <li>reads, edits, deletes and the agent online ping are retried on connection failures and I/O errors and on
 *       408, 429, 502, 503 and 504;</li>
 *   <li>the two sends ({@code POST /conversations/messages}, {@code POST /conversations/pushedMessages}) are
 *       retried only when the request provably never reached the server (connection refused, unknown host,
 *       connect timeout) or on 429; never after a read timeout, a reset once the request was written, or a
 *       5xx, because the message may have been delivered;</li>
 *   <li>nothing is retried after a TLS certificate failure or a proxy's refusal (403, 407), which repeat.</li>
 * </ul>
 *
 * <p>{@link #withAtLeastOnceSends(boolean)} opts in to retrying sends like everything else, for integrations that
 * prefer a message shown twice to a message lost (an order notification, say): a send that may have reached
 * Brevo is then retried, and the visitor may see it twice.
 *
 * <p>The wait before retry {@code n} (1-based) is {@code min(maxDelay, initialDelay * 2^(n-1))}, of which the
 * upper half is random ("equal jitter"). A {@code Retry-After} header (seconds or HTTP date) or, on 429,
 * Brevo's {@code x-sib-ratelimit-reset} replaces it when longer. No retry is made whose wait would end past the
 * call timeout ({@code BrevoConversations.Builder#callTimeout}), measured from the start of the call; the last
 * failure is then thrown.
 *
 * <p>Immutable and thread-safe.
 */
public final class RetryPolicy {
    private static final RetryPolicy DEFAULTS =
            new RetryPolicy(2, Duration.ofMillis(500), Duration.ofSeconds(8), false);
    private static final RetryPolicy NONE = new RetryPolicy(0, Duration.ZERO, Duration.ZERO, false);

    private final int maxRetries;
    private final Duration initialDelay;
    private final Duration maxDelay;
    private final boolean atLeastOnceSends;

    private RetryPolicy(int maxRetries, Duration initialDelay, Duration maxDelay, boolean atLeastOnceSends) {
        this.maxRetries = maxRetries;
        this.initialDelay = initialDelay;
        this.maxDelay = maxDelay;
        this.atLeastOnceSends = atLeastOnceSends;
    }

    /**
     * The default policy: 2 retries, 500 ms initial delay, 8 s cap, sends never repeated once they may have
     * reached Brevo.
     *
     * @return the defaults
     */
    public static RetryPolicy defaults() {
        return DEFAULTS;
    }

    /**
     * A policy that never retries: every call makes exactly one request.
     *
     * @return the policy
     */
    public static RetryPolicy none() {
        return NONE;
    }

    /**
     * A copy with another number of retries.
     *
     * @param maxRetries retries after the first attempt, 0 to 10
     * @return the new policy
     */
    public RetryPolicy withMaxRetries(int maxRetries) {
        if (maxRetries < 0 || maxRetries > 10) {
            throw new IllegalArgumentException("maxRetries must be between 0 and 10, was " + maxRetries);
        }
        return new RetryPolicy(maxRetries, initialDelay, maxDelay, atLeastOnceSends);
    }

    /**
     * A copy with other backoff delays.
     *
     * @param initialDelay the wait before the first retry, at least zero
     * @param maxDelay the cap on any backoff wait, at least {@code initialDelay}
     * @return the new policy
     */
    public RetryPolicy withBackoff(Duration initialDelay, Duration maxDelay) {
        Objects.requireNonNull(initialDelay, "initialDelay must not be null");
        Objects.requireNonNull(maxDelay, "maxDelay must not be null");
        if (initialDelay.isNegative() || maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException(
                    "need 0 <= initialDelay <= maxDelay, was " + initialDelay + " and " + maxDelay);
        }
        return new RetryPolicy(maxRetries, initialDelay, maxDelay, atLeastOnceSends);
    }

    /**
     * A copy that retries sends ({@code POST /conversations/messages}, {@code POST /conversations/pushedMessages})
     * like every other operation: after a failure once the request may have reached Brevo (a reset, a read timeout,
     * a malformed answer) and on 408, 502, 503 and 504. <b>A retried send may show the visitor the message
     * twice</b>: Brevo's API has no idempotency key. Off by default, where such a send fails with
     * {@link BrevoConnectionException#mayHaveReachedServer()} true instead.
     *
     * @param atLeastOnce true to prefer a possible duplicate to a lost message
     * @return the new policy
     */
    public RetryPolicy withAtLeastOnceSends(boolean atLeastOnce) {
        return new RetryPolicy(maxRetries, initialDelay, maxDelay, atLeastOnce);
    }

    /**
     * Retries after the first attempt.
     *
     * @return 0 to 10
     */
    public int maxRetries() {
        return maxRetries;
    }

    /**
     * The wait before the first retry, before jitter.
     *
     * @return the delay
     */
    public Duration initialDelay() {
        return initialDelay;
    }

    /**
     * The cap on any backoff wait.
     *
     * @return the cap
     */
    public Duration maxDelay() {
        return maxDelay;
    }

    /**
     * Whether sends are retried even when they may have reached Brevo.
     *
     * @return false by default
     */
    public boolean atLeastOnceSends() {
        return atLeastOnceSends;
    }

    /**
     * The backoff before a retry, before jitter.
     *
     * @param retry 1 for the first retry
     * @return {@code min(maxDelay, initialDelay * 2^(retry-1))}
     */
    public Duration backoff(int retry) {
        long cap = maxDelay.toNanos();
        long delay = initialDelay.toNanos();
        for (int i = 1; i < retry && delay < cap; i++) {
            delay = delay > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : delay * 2;
        }
        return Duration.ofNanos(Math.min(delay, cap));
    }

    @Override
    public String toString() {
        return "RetryPolicy(maxRetries=" + maxRetries + ", initialDelay=" + initialDelay + ", maxDelay=" + maxDelay
                + (atLeastOnceSends ? ", atLeastOnceSends" : "") + ")";
    }
}
