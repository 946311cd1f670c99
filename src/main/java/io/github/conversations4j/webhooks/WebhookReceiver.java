package io.github.conversations4j.webhooks;

import io.github.conversations4j.errors.InvalidWebhookException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;

/**
 * A webhook endpoint for any HTTP server: checks the token, reads the body within a size limit, parses it, offers
 * it to a {@link WebhookIntake}, and says how to answer. It answers so that Brevo, which delivers an event again
 * only when the receiver does not answer or answers 429 (any other 4xx and every 5xx discard it), loses nothing
 * the receiver could have taken:
 *
 * <table>
 *   <caption>The answers</caption>
 *   <tr><th>Status</th><th>When</th></tr>
 *   <tr><td>200</td><td>the event was admitted (or was a duplicate of one admitted)</td></tr>
 *   <tr><td>403</td><td>the token is missing or wrong; the body is not read</td></tr>
 *   <tr><td>413</td><td>the body is over the limit; it is not read whole (never more than the limit is held)</td></tr>
 *   <tr><td>400</td><td>the body is no Conversations event (not a JSON object with a string {@code eventName})</td></tr>
 *   <tr><td>429</td><td>the intake is full, stopping, or its store unavailable, or the body could not be read to
 *       its end: with {@code Retry-After}, so that it is delivered again</td></tr>
 * </table>
 *
 * <p>Never a 5xx. The {@code Content-Type} is not looked at: the bytes are read as JSON whatever it says.
 *
 * <pre>{@code
 * WebhookReceiver receiver = WebhookReceiver.builder()
 *     .token(System.getenv("BREVO_WEBHOOK_TOKEN"))          // openssl rand -hex 32
 *     .handler((event, newMessages) -> bot.answer(event, newMessages))
 *     .build();                                              // starts the intake
 * // in the HTTP server's handler of POST /brevo/webhook?token=...
 * WebhookReceiver.Response r = receiver.receive(queryParameter("token"), contentLength, requestBody);
 * r.retryAfterSeconds() -> set "Retry-After" when > 0; answer r.status()
 * // when the server stops, before it stops answering:
 * WebhookIntake.StopReport left = receiver.stop(Duration.ofSeconds(20));
 * }</pre>
 */
public final class WebhookReceiver implements AutoCloseable {
    /** The default {@link Builder#maxBodyBytes(long)}: 10 MiB, far above any real event. */
    public static final long DEFAULT_MAX_BODY_BYTES = 10L * 1024 * 1024;
    /** The default {@link Builder#retryAfter(Duration)}. */
    public static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(60);
    /** The shortest token accepted. */
    public static final int MIN_TOKEN_LENGTH = 16;

    private static final System.Logger LOG = System.getLogger("io.github.conversations4j.webhooks");

    private final String token;
    private final WebhookIntake intake;
    private final long maxBodyBytes;
    private final long retryAfterSeconds;

    private WebhookReceiver(Builder b) {
        this.token = b.token;
        this.intake = b.intake != null ? b.intake : InMemoryWebhookIntake.create();
        this.maxBodyBytes = b.maxBodyBytes;
        this.retryAfterSeconds = Math.max(1, b.retryAfter.toSeconds());
    }

    /**
     * Starts a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * How to answer a webhook request.
     *
     * @param status the HTTP status: 200, 400, 403, 413 or 429
     * @param retryAfterSeconds for a 429, the {@code Retry-After} header's value; 0 for no header
     * @param admission what the intake made of the event, or null when it was not offered (403, 413, 400, or a body
     *     that could not be read)
     */
    public record Response(int status, long retryAfterSeconds, WebhookIntake.Admission admission) {}

    /**
     * Handles one webhook request.
     *
     * @param presentedToken the request's {@code token} query parameter, or null
     * @param contentLength the request's {@code Content-Length}, or -1 when it has none (chunked)
     * @param body the request body; read at most up to the limit (plus one byte), and not closed
     * @return how to answer
     */
    public Response receive(String presentedToken, long contentLength, InputStream body) {
        if (!ConversationsWebhooks.tokenMatches(token, presentedToken)) {
            return new Response(403, 0, null);
        }
        if (contentLength > maxBodyBytes) {
            return new Response(413, 0, null);
        }
        byte[] bytes;
        try {
            bytes = body.readNBytes((int) maxBodyBytes + 1); // one byte over the limit tells that it is over
        } catch (IOException e) {
            // The sender went away or stalled: nothing was taken, so ask for it again (if anyone still listens).
            LOG.log(
                    Level.DEBUG,
                    () -> "A webhook body could not be read to its end: "
                            + e.getClass().getName());
            return retry(null);
        }
        if (bytes.length > maxBodyBytes) {
            return new Response(413, 0, null);
        }
        WebhookEvent event;
        try {
            event = ConversationsWebhooks.parse(bytes);
        } catch (InvalidWebhookException e) {
            LOG.log(Level.DEBUG, () -> "Refused a webhook body: " + e.getMessage());
            return new Response(400, 0, null);
        }
        WebhookIntake.Admission admission;
        try {
            admission = intake.offer(event, bytes);
        } catch (RuntimeException e) {
            LOG.log(
                    Level.WARNING,
                    () -> "The webhook intake failed on a " + Safe.name(event.eventName()) + " event ("
                            + Safe.describe(e) + "): answered 429 so that Brevo delivers it again");
            return retry(WebhookIntake.Admission.UNAVAILABLE);
        }
        if (admission == null || admission.status() != 200) {
            WebhookIntake.Admission a = admission == null ? WebhookIntake.Admission.UNAVAILABLE : admission;
            LOG.log(Level.DEBUG, () -> "Answered a " + Safe.name(event.eventName()) + " webhook 429: " + a);
            return retry(a);
        }
        if (!event.problems().isEmpty()) {
            LOG.log(
                    Level.INFO,
                    () -> "Read a " + Safe.name(event.eventName()) + " webhook (conversation "
                            + Safe.name(event.conversationId()) + ") without its fields of an unexpected shape: "
                            + event.problems());
        }
        return new Response(200, 0, admission);
    }

    private Response retry(WebhookIntake.Admission admission) {
        return new Response(429, retryAfterSeconds, admission);
    }

    /**
     * Stops taking webhooks (they are answered 429 from now on) and drains the intake: see
     * {@link WebhookIntake#stop(Duration)}.
     *
     * @param drainTimeout how long to wait for the admitted events to be handed over
     * @return what was not handed over
     */
    public WebhookIntake.StopReport stop(Duration drainTimeout) {
        return intake.stop(drainTimeout);
    }

    /** Stops with a drain of 30 seconds. */
    @Override
    public void close() {
        intake.close();
    }

    /**
     * The intake events go to.
     *
     * @return the intake
     */
    public WebhookIntake intake() {
        return intake;
    }

    @Override
    public String toString() {
        return "WebhookReceiver(maxBodyBytes=" + maxBodyBytes + ", intake=" + intake + ")";
    }

    /**
     * Checks a webhook token: at least 16 characters, each of them URL-unreserved ({@code A-Z a-z 0-9 - . _ ~}), so
     * that it reaches the receiver as it was written in the URL given to Brevo (a {@code +} would arrive as a space,
     * a {@code /} or {@code =} may be rewritten).
     *
     * @param token the token
     * @return null when it is good, else what is wrong with it (never the token)
     */
    public static String tokenProblem(String token) {
        if (token == null || token.isBlank()) {
            return "is not set";
        }
        if (token.length() < MIN_TOKEN_LENGTH) {
            return "must be at least " + MIN_TOKEN_LENGTH + " characters, was " + token.length()
                    + " (make one with: openssl rand -hex 32)";
        }
        for (int i = 0; i < token.length(); i++) {
            if (!Safe.plain(token.charAt(i), "-._~")) {
                return "must hold only the URL-unreserved characters A-Z a-z 0-9 - . _ ~, but its character "
                        + (i + 1) + " is not one of them (" + describe(token.charAt(i))
                        + "; a + reaches the server as a space, so that "
                        + "every webhook would be refused); make one with: openssl rand -hex 32";
            }
        }
        return null;
    }

    /** Names a character class without showing the token's character itself unless it is punctuation. */
    private static String describe(char c) {
        if ("+/=%&#?".indexOf(c) >= 0) {
            return "'" + c + "'";
        }
        return Character.isWhitespace(c) ? "a space" : "U+" + String.format("%04X", (int) c);
    }

    /** Settings of a {@link WebhookReceiver}. */
    public static final class Builder {
        private String token;
        private WebhookIntake intake;
        private WebhookHandler handler;
        private long maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
        private Duration retryAfter = DEFAULT_RETRY_AFTER;

        private Builder() {}

        /**
         * The secret every request must present as its {@code token} query parameter.
         *
         * @param token 16 URL-unreserved characters or more; {@code openssl rand -hex 32} makes a good one
         * @return this builder
         * @throws IllegalArgumentException when the token is not such (the message never shows it)
         */
        public Builder token(String token) {
            String problem = tokenProblem(token);
            if (problem != null) {
                throw new IllegalArgumentException("the webhook token " + problem);
            }
            this.token = token;
            return this;
        }

        /**
         * Where admitted events wait for the handler (default: a new {@link InMemoryWebhookIntake}).
         *
         * @param intake the intake, not started: {@link #build()} starts it
         * @return this builder
         */
        public Builder intake(WebhookIntake intake) {
            this.intake = Objects.requireNonNull(intake, "intake must not be null");
            return this;
        }

        /**
         * What the application does with each event.
         *
         * @param handler the handler
         * @return this builder
         */
        public Builder handler(WebhookHandler handler) {
            this.handler = Objects.requireNonNull(handler, "handler must not be null");
            return this;
        }

        /**
         * The largest body read: a longer one is answered 413 without being read whole.
         *
         * @param maxBodyBytes 1 or more (default 10 MiB)
         * @return this builder
         * @throws IllegalArgumentException when below 1 or above 2 GiB - 1
         */
        public Builder maxBodyBytes(long maxBodyBytes) {
            if (maxBodyBytes < 1 || maxBodyBytes > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException(
                        "maxBodyBytes must be 1 to " + (Integer.MAX_VALUE - 8) + ", was " + maxBodyBytes);
            }
            this.maxBodyBytes = maxBodyBytes;
            return this;
        }

        /**
         * The {@code Retry-After} of a 429 answer.
         *
         * @param retryAfter 1 second or more (default 60 seconds)
         * @return this builder
         * @throws IllegalArgumentException when under a second
         */
        public Builder retryAfter(Duration retryAfter) {
            Objects.requireNonNull(retryAfter, "retryAfter must not be null");
            if (retryAfter.toSeconds() < 1) {
                throw new IllegalArgumentException("retryAfter must be at least 1 second, was " + retryAfter);
            }
            this.retryAfter = retryAfter;
            return this;
        }

        /**
         * Builds the receiver and starts its intake with the handler.
         *
         * @return a receiver taking webhooks
         * @throws IllegalStateException when the token or the handler is missing
         */
        public WebhookReceiver build() {
            if (token == null) {
                throw new IllegalStateException("token(...) is required: the webhook URL's secret");
            }
            if (handler == null) {
                throw new IllegalStateException("handler(...) is required: what the application does with each event");
            }
            WebhookReceiver receiver = new WebhookReceiver(this);
            receiver.intake.start(handler);
            return receiver;
        }
    }
}
