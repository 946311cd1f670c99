package io.github.conversations4j.webhooks;

import java.time.Duration;
import java.util.List;

/**
 * Where a webhook event waits between the endpoint's answer to Brevo and the application's handler.
 *
 * <p>The endpoint (Spring's, or {@code WebhookReceiver} in any HTTP server) reads and checks a webhook, then calls
 * {@link #offer}; the answer it gives Brevo follows the {@link Admission}. The intake hands each admitted event to the
 * {@link WebhookHandler} given to {@link #start}, on threads of its own. An in-memory intake holds events in the
 * process (a crash loses them); a durable one stores them before {@link #offer} returns, so that they survive a
 * crash, and de-duplicates across instances that share its store.
 *
 * <p>Implementations are thread-safe: {@link #offer} is called from many request threads at once.
 */
public interface WebhookIntake extends AutoCloseable {

    /** What became of an offered event, and so how the endpoint answers. */
    enum Admission {
        /** Taken: it will be handed over. Answer 200. */
        ACCEPTED(200),
        /** Already taken before (the same event delivered again): it will not be handed over again. Answer 200. */
        DUPLICATE(200),
        /** The intake is full for now. Answer 429 with {@code Retry-After}, so that Brevo delivers it again. */
        FULL(429),
        /** The intake is stopping, or not started. Answer 429 with {@code Retry-After}. */
        STOPPING(429),
        /** The store cannot be reached. Answer 429 with {@code Retry-After}. */
        UNAVAILABLE(429);

        private final int status;

        Admission(int status) {
            this.status = status;
        }

        /**
         * The HTTP status the endpoint answers with: never a 5xx, which Brevo does not deliver again.
         *
         * @return 200 or 429
         */
        public int status() {
            return status;
        }
    }

    /**
     * Offers an event that the endpoint has read and whose token matched. Returns soon: it never waits for the
     * handler. A durable intake has stored the event when it returns {@link Admission#ACCEPTED}.
     *
     * @param event the event, as read from {@code body}
     * @param body the request body, as received (a durable intake stores it, and reads it again to hand it over)
     * @return what became of it
     */
    Admission offer(WebhookEvent event, byte[] body);

    /**
     * Starts handing events over. Called once.
     *
     * @param handler what the application does with each event
     */
    void start(WebhookHandler handler);

    /**
     * Stops taking events ({@link #offer} answers {@link Admission#STOPPING} from now on), waits up to
     * {@code drainTimeout} for the handler to take what was admitted, then stops handing over.
     *
     * @param drainTimeout how long to wait for the events already admitted
     * @return what was not handed over: lost for an in-memory intake, kept in the store for a durable one
     */
    StopReport stop(Duration drainTimeout);

    /** Stops as {@link #stop} does, with a drain of 30 seconds. */
    @Override
    default void close() {
        stop(Duration.ofSeconds(30));
    }

    /**
     * What {@link #stop} left behind.
     *
     * @param undelivered how many admitted events were not handed over
     * @param conversationIds the conversations of those events (no duplicates; no visitor data)
     * @param kept true when they stay in a durable store and will be handed over by the next start (or another
     *     instance); false when they are lost
     */
    record StopReport(int undelivered, List<String> conversationIds, boolean kept) {
        /** Copies the list. */
        public StopReport {
            conversationIds = List.copyOf(conversationIds);
        }
    }
}
