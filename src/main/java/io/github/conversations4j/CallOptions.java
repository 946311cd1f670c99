package io.github.conversations4j;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a client made by {@link ConversationsClient#withOptions} changes for its calls: the call timeout, the
 * retries, and headers added to every request. Everything not set stays as the client it came from has it.
 * Immutable.
 *
 * <pre>{@code
 * ConversationsClient urgent = conversations.withOptions(o -> o
 *     .callTimeout(Duration.ofSeconds(5))
 *     .maxRetries(0)
 *     .header("X-Request-Id", requestId));
 * urgent.conversationsPushedMessagesPost(body);
 * }</pre>
 */
public final class CallOptions {
    private final Duration callTimeout;
    private final Integer maxRetries;
    private final RetryPolicy retryPolicy;
    private final Map<String, String> headers;

    private CallOptions(Builder b) {
        this.callTimeout = b.callTimeout;
        this.maxRetries = b.maxRetries;
        this.retryPolicy = b.retryPolicy;
        this.headers = Map.copyOf(b.headers);
    }

    /**
     * The call timeout.
     *
     * @return it, or null to keep the client's
     */
    public Duration callTimeout() {
        return callTimeout;
    }

    /**
     * The retries after the first attempt.
     *
     * @return the count, or null to keep the client's (or the {@link #retryPolicy()}'s)
     */
    public Integer maxRetries() {
        return maxRetries;
    }

    /**
     * The retry policy.
     *
     * @return it, or null to keep the client's
     */
    public RetryPolicy retryPolicy() {
        return retryPolicy;
    }

    /**
     * The headers added to every request, after the client's hooks have run (so these win).
     *
     * @return name to value; empty for none
     */
    public Map<String, String> headers() {
        return headers;
    }

    @Override
    public String toString() {
        return "CallOptions(callTimeout=" + callTimeout + ", maxRetries=" + maxRetries + ", retryPolicy=" + retryPolicy
                + ", headers=" + headers.keySet() + ")";
    }

    /** Sets {@link CallOptions}; given to the function of {@link ConversationsClient#withOptions}. */
    public static final class Builder {
        private Duration callTimeout;
        private Integer maxRetries;
        private RetryPolicy retryPolicy;
        private final Map<String, String> headers = new LinkedHashMap<>();

        /**
         * Creates an empty builder: nothing changed. The SDK makes one for {@link ConversationsClient#withOptions};
         * tests of your own code may make one too.
         */
        public Builder() {}

        /**
         * Sets the most time one call may take, retries included (see
         * {@link BrevoConversations.Builder#callTimeout(Duration)}).
         *
         * @param callTimeout a positive duration of at most {@link Integer#MAX_VALUE} milliseconds
         * @return this builder
         */
        public Builder callTimeout(Duration callTimeout) {
            this.callTimeout = BrevoConversations.positive(callTimeout, "callTimeout");
            return this;
        }

        /**
         * Sets the retries after the first attempt, keeping the rest of the retry policy.
         *
         * @param maxRetries 0 to 10
         * @return this builder
         */
        public Builder maxRetries(int maxRetries) {
            RetryPolicy.defaults().withMaxRetries(maxRetries); // checks the range now
            this.maxRetries = maxRetries;
            return this;
        }

        /**
         * Replaces the retry policy; {@link #maxRetries(int)}, when called, still sets the count.
         *
         * @param retryPolicy the policy
         * @return this builder
         */
        public Builder retryPolicy(RetryPolicy retryPolicy) {
            this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy must not be null");
            return this;
        }

        /**
         * Adds a header to every request, or replaces one of the same name. The SDK's own headers (the keys,
         * {@code User-Agent}, {@code Authorization}, the framing's) cannot be set, as with {@link AttemptHook}.
         *
         * @param name an HTTP token
         * @param value printable ASCII; no line break
         * @return this builder
         * @throws IllegalArgumentException naming the header, never its value
         */
        public Builder header(String name, String value) {
            io.github.conversations4j.internal.Clients.checkHeader(name, value);
            headers.keySet().removeIf(existing -> existing.equalsIgnoreCase(name));
            headers.put(name, value);
            return this;
        }

        /**
         * Builds the options.
         *
         * @return the options
         */
        public CallOptions build() {
            return new CallOptions(this);
        }
    }
}
