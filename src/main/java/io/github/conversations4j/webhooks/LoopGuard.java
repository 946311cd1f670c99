package io.github.conversations4j.webhooks;

import io.github.conversations4j.model.ConversationsMessage;
import java.util.List;
import java.util.Objects;

/**
 * Tells the integration's own messages from the others' when they come back in a webhook, so that a bot or a
 * helpdesk bridge does not answer itself forever.
 *
 * <p>The pattern Brevo documents: mark every message you send with {@code receivedFrom}
 * ({@code new Body8()...receivedFrom("MyHelpdesk")}), and drop the messages that carry your mark when a webhook
 * brings them back:
 * <pre>{@code
 * LoopGuard guard = LoopGuard.receivedFrom("MyHelpdesk").droppingPushed();
 * for (ConversationsMessage m : event.messagesNotFrom(guard)) { ... }
 * }</pre>
 * A message whose {@code receivedFrom} is null is never dropped as one's own. Automated messages
 * ({@code POST /conversations/pushedMessages}) cannot carry {@code receivedFrom}: they come back with
 * {@code isPushed: true}, which {@link #droppingPushed()} drops. Immutable and thread-safe.
 */
public final class LoopGuard {
    private final String marker;
    private final boolean ignoreCase;
    private final boolean dropPushed;
    private final boolean dropTriggers;

    private LoopGuard(String marker, boolean ignoreCase, boolean dropPushed, boolean dropTriggers) {
        this.marker = marker;
        this.ignoreCase = ignoreCase;
        this.dropPushed = dropPushed;
        this.dropTriggers = dropTriggers;
    }

    /**
     * A guard that drops the messages marked with this {@code receivedFrom}, compared exactly.
     *
     * @param marker the integration's {@code receivedFrom}
     * @return the guard
     * @throws IllegalArgumentException when the marker is null or blank (it would drop nothing, or everything)
     */
    public static LoopGuard receivedFrom(String marker) {
        if (marker == null || marker.isBlank()) {
            throw new IllegalArgumentException("receivedFrom marker must not be null or blank");
        }
        return new LoopGuard(marker, false, false, false);
    }

    /**
     * The same guard, comparing {@code receivedFrom} without regard to case ({@link String#equalsIgnoreCase}).
     *
     * @return a new guard
     */
    public LoopGuard ignoringCase() {
        return new LoopGuard(marker, true, dropPushed, dropTriggers);
    }

    /**
     * The same guard, also dropping automated messages ({@code isPushed: true}).
     *
     * @return a new guard
     */
    public LoopGuard droppingPushed() {
        return new LoopGuard(marker, ignoreCase, true, dropTriggers);
    }

    /**
     * The same guard, also dropping trigger messages ({@code isTrigger: true}: "Targeted chats &amp; triggers" and
     * the JS API's {@code sendAutoMessage}).
     *
     * @return a new guard
     */
    public LoopGuard droppingTriggers() {
        return new LoopGuard(marker, ignoreCase, dropPushed, true);
    }

    /**
     * Whether the guard drops the message.
     *
     * @param message a message of a webhook event
     * @return true for the integration's own message (and, if asked, a pushed or trigger message)
     */
    public boolean drops(ConversationsMessage message) {
        Objects.requireNonNull(message, "message must not be null");
        String from = message.getReceivedFrom();
        if (from != null && (ignoreCase ? from.equalsIgnoreCase(marker) : from.equals(marker))) {
            return true;
        }
        return dropPushed && Boolean.TRUE.equals(message.getIsPushed())
                || dropTriggers && Boolean.TRUE.equals(message.getIsTrigger());
    }

    /**
     * The messages the guard keeps.
     *
     * @param messages messages of a webhook event (null elements are left out)
     * @return the kept ones in the same order, unmodifiable
     */
    public List<ConversationsMessage> filter(List<ConversationsMessage> messages) {
        return messages.stream().filter(m -> m != null && !drops(m)).toList();
    }

    @Override
    public String toString() {
        return "LoopGuard(receivedFrom=" + marker + (ignoreCase ? ", ignoring case" : "")
                + (dropPushed ? ", dropping pushed" : "") + (dropTriggers ? ", dropping triggers" : "") + ")";
    }
}
