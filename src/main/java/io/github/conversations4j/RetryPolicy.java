package io.github.conversations4j;

import java.time.Duration;
import java.util.Objects;

/**
 * How a call is retried: how many times, how long to wait between attempts, and the overall deadline.
 *
 * <p>What is retried is fixed by the SDK, not by this policy, because Brevo's API has no idempotency key:
 * <ul>
 *   <li>reads, edits, deletes and the agent online ping are retried on connection failures and I/O errors and on
 *       408, 429, 502, 503 and 504;</li>
 *   <li>the two sends ({@code POST /conversations/messages}, {@code POST /conversations/pushedMessages}) are
 *       retried only when the request provably never reached the server (connection refused, unknown host,
 *       connect timeout) or on 429; never after a read timeout, a reset once the request was written, or a
 *       5xx, because the message may have been delivered.</li>
 * </ul>
 *
 * <p>The wait before retry {@code n} (1-based) is {@code min(maxDelay, initialDelay * 2^(n-1))}, of which the
 * upper half is random ("equal jitter"). A {@code Retry-After} header (seconds or HTTP date) or, on 429,
 * Brevo's {@code x-sib-ratelimit-reset} replaces it when longer. No retry is made whose wait would end past the
 * deadline, measured from the start of the call; the last failure is then thrown.
 *
 * <p>Immutable and thread-safe.
 */
public final class RetryPolicy {
  private static final RetryPolicy DEFAULTS =
      new RetryPolicy(2, Duration.ofMillis(500), Duration.ofSeconds(8), Duration.ofSeconds(60));
  private static final RetryPolicy NONE = new RetryPolicy(0, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(60));

  private final int maxRetries;
  private final Duration initialDelay;
  private final Duration maxDelay;
  private final Duration deadline;

  private RetryPolicy(int maxRetries, Duration initialDelay, Duration maxDelay, Duration deadline) {
    this.maxRetries = maxRetries;
    this.initialDelay = initialDelay;
    this.maxDelay = maxDelay;
    this.deadline = deadline;
  }

  /**
   * The default policy: 2 retries, 500 ms initial delay, 8 s cap, no retry past 60 s from the start of a call.
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
    return new RetryPolicy(maxRetries, initialDelay, maxDelay, deadline);
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
      throw new IllegalArgumentException("need 0 <= initialDelay <= maxDelay, was " + initialDelay + " and "
          + maxDelay);
    }
    return new RetryPolicy(maxRetries, initialDelay, maxDelay, deadline);
  }

  /**
   * A copy with another deadline.
   *
   * @param deadline the most time a call may take, retries and waits included, measured from its start;
   *     positive
   * @return the new policy
   */
  public RetryPolicy withDeadline(Duration deadline) {
    Objects.requireNonNull(deadline, "deadline must not be null");
    if (deadline.isNegative() || deadline.isZero()) {
      throw new IllegalArgumentException("deadline must be positive, was " + deadline);
    }
    return new RetryPolicy(maxRetries, initialDelay, maxDelay, deadline);
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
   * The most time a call may take, retries included.
   *
   * @return the deadline
   */
  public Duration deadline() {
    return deadline;
  }

  /**
   * The backoff before a retry, before jitter.
   *
   * @param retry 1 for the first retry
   * @return {@code min(maxDelay, initialDelay * 2^(retry-1))}
   */
  public Duration backoff(int retry) {
    long initial = initialDelay.toNanos();
    long cap = maxDelay.toNanos();
    long delay = initial;
    for (int i = 1; i < retry && delay < cap; i++) {
      delay = delay > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : delay * 2;
    }
    return Duration.ofNanos(Math.min(delay, cap));
  }

  @Override
  public String toString() {
    return "RetryPolicy(maxRetries=" + maxRetries + ", initialDelay=" + initialDelay + ", maxDelay=" + maxDelay
        + ", deadline=" + deadline + ")";
  }
}
