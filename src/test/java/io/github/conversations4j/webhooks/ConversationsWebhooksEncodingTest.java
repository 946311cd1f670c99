package io.github.conversations4j.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** ConversationsWebhooks and the body's encoding: what a UTF-16 body keeps. */
class ConversationsWebhooksEncodingTest {

    /**
     * parse(byte[]) accepts UTF-16 bodies (its Javadoc says so), but UnknownWebhookEvent.rawJson decodes the bytes as
     * UTF-8 whatever their encoding, so "the whole body, as sent" becomes NUL-interleaved garbage.
     */
    @Test
    void unknownEventRawJsonOfUtf16BodyIsTheBody() {
        String json = "{\"eventName\":\"conversationClosed\",\"conversationId\":\"c1\"}";
        WebhookEvent event = ConversationsWebhooks.parse(json.getBytes(StandardCharsets.UTF_16BE));
        UnknownWebhookEvent unknown = assertInstanceOf(UnknownWebhookEvent.class, event);
        assertEquals("c1", unknown.conversationId());
        assertEquals(json, unknown.rawJson());
    }

    /**
     * tokenMatches hashes String.getBytes(UTF_8), which turns every unpaired surrogate into '?': different tokens
     * compare equal, against its "true when both are equal".
     */
    @Test
    void tokensThatDifferOnlyInAnUnpairedSurrogateDoNotMatch() {
        String expected = "0123456789abcdef\ud800";
        assertFalse(ConversationsWebhooks.tokenMatches(expected, "0123456789abcdef?"));
        assertFalse(ConversationsWebhooks.tokenMatches(expected, "0123456789abcdef\udfff"));
    }
}
