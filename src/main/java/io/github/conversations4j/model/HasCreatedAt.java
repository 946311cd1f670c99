package io.github.conversations4j.model;

import java.time.Instant;

/**
 * A model carrying Brevo's {@code createdAt}: epoch milliseconds on the wire ({@link #getCreatedAt()}, kept as sent),
 * also readable as an {@link Instant}. The spec's {@code x-implements} puts it on the generated models that have the
 * field ({@code ConversationsMessage}).
 *
 * <pre>{@code
 * ConversationsMessage sent = conversations.conversationsMessagesPost(body);
 * Instant at = sent.createdAtInstant();   // 2016-12-23T17:06:43.740Z; null when Brevo sent no createdAt
 * }</pre>
 */
public interface HasCreatedAt {
    /**
     * The time as Brevo sent it.
     *
     * @return epoch milliseconds, or null when the answer carried no {@code createdAt}
     */
    Long getCreatedAt();

    /**
     * The same time as an {@link Instant} (not a bean property: a user's own Jackson mapper does not write it).
     *
     * @return the instant, or null when the answer carried no {@code createdAt}
     */
    default Instant createdAtInstant() {
        Long millis = getCreatedAt();
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }
}
