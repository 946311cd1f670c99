package io.github.conversations4j.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.conversations4j.errors.BrevoException;
import io.github.conversations4j.errors.InvalidWebhookException;
import io.github.conversations4j.model.ConversationsMessage;
import io.github.conversations4j.model.ConversationsMessageFile;
import io.github.conversations4j.model.ConversationsVisitor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Parsing the three events (and unknown ones) from fixtures assembled from webhooks.md, the loop guard, bad bodies. */
class ConversationsWebhooksTest {

    static String fixture(String name) {
        try (InputStream in = ConversationsWebhooksTest.class.getResourceAsStream("/webhooks/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("missing fixture " + name, e);
        }
    }

    private static List<String> ids(List<ConversationsMessage> messages) {
        return messages.stream().map(ConversationsMessage::getId).toList();
    }

    @Test
    void conversationStarted() {
        WebhookEvent event = ConversationsWebhooks.parse(fixture("conversation-started.json"));

        ConversationStarted started = assertInstanceOf(ConversationStarted.class, event);
        assertEquals("conversationStarted", started.eventName());
        assertEquals("MxhGJAEugdLtS2BBq", started.conversationId());
        assertEquals(List.of("dkmyYPxJyh5rKDhRT"), ids(started.messages()));
        ConversationsMessage m = started.message();
        assertEquals(ConversationsMessage.TypeEnum.AGENT, m.getType());
        assertEquals(1665578322700L, m.getCreatedAt());
        assertEquals("Julia", m.getAgentName());
        assertEquals("https://ucarecdn.com/06e119c4-debd-420f-bb8c-7a2f261ca0e5/", m.getAgentUserpic());
        assertEquals("julia@example.com", started.agent().getEmail());
        assertNull(started.agent().getUserpic());
        assertEquals(List.of(started.agent()), started.agents());
        assertEquals("kZMvWhf8npAu3H6qd57w2Hv6nh6rnxvg", started.visitorId());
        assertEquals(Map.of("EMAIL", "visitor@example.com"), started.visitor().getIntegrationAttributes());
        assertEquals(Boolean.TRUE, started.visitor().getTermsOfServiceConsent());
        assertEquals("Washed skinny jeans for women", started.startPage().getTitle());
        assertEquals(Boolean.FALSE, started.noAvailableAgent());
    }

    @Test
    void laterFieldsUnknownFieldsAndAnUnknownMessageType() {
        ConversationStarted started = (ConversationStarted) ConversationsWebhooks.parse(
                fixture("conversation-started-newer.json").getBytes(StandardCharsets.UTF_8));

        ConversationsMessage m = started.message();
        assertEquals(ConversationsMessage.TypeEnum.UNKNOWN_DEFAULT_OPEN_API, m.getType(), "\"bot\" is no known type");
        assertEquals(Boolean.TRUE, m.getIsBot());
        assertEquals("<p>Hello</p>", m.getRawUnsafeHtml());
        ConversationsMessageFile attachment = m.getAttachments().get(0);
        assertEquals("terms.pdf", attachment.getName());
        assertEquals(Boolean.FALSE, attachment.getIsInline(), "isInline sent as a string");
        assertNull(started.agent());
        assertEquals(List.of(), started.agents());
        ConversationsVisitor v = started.visitor();
        assertEquals("instagram", v.getSource());
        assertEquals("Ana", v.getContactAttributes().get("FIRSTNAME"));
        assertEquals(42L, v.getContactId());
        assertEquals("Home", v.getLastVisit().getViewedPages().get(0).getTitle());
        assertNull(v.getLastVisit().getFinishedAt());
        assertEquals(Map.of("zendesk", Map.of("id", 7)), v.getOutsideConnections());
        assertEquals(Boolean.TRUE, started.noAvailableAgent());
    }

    @Test
    void conversationStartedWithoutAMessageHasNoMessages() {
        WebhookEvent event =
                ConversationsWebhooks.parse("{\"eventName\":\"conversationStarted\",\"conversationId\":\"c\"}");

        assertEquals(List.of(), event.messages());
        assertEquals(List.of(), event.messagesNotFrom("Helpdesk"));
        assertNull(event.visitor());
        assertNull(event.visitorId());
    }

    @Test
    void conversationFragmentWithBothFileNamingsOutOfOrder() {
        ConversationFragment fragment = assertInstanceOf(
                ConversationFragment.class, ConversationsWebhooks.parse(fixture("conversation-fragment.json")));

        assertEquals(
                List.of("m3", "eYBEm3gq3zc5ayE2g", "m2", "m4", "m5", "m6"),
                ids(fragment.messages()),
                "array order is kept as sent");
        assertEquals(
                List.of("eYBEm3gq3zc5ayE2g", "m2", "m3", "m4", "m6", "m5"),
                ids(fragment.messagesByTime()),
                "by createdAt, the one without last");
        ConversationsMessageFile file = fragment.messages().get(0).getFile();
        assertEquals("photo.png", file.getName(), "REST naming (filename) read into name");
        assertEquals("https://ucarecdn.com/cee5c10c-8302-45c1-b1fb-43860ca941a9/", file.getLink());
        assertTrue(file.getImageInfo().getPreviewLink().endsWith("/quality/lighter/"));
        assertEquals("Liz", fragment.agents().get(0).getName());
        assertEquals("kZMvWhf8npAu3H6qd57w2Hv6nh6rnxvg", fragment.visitorId());
    }

    @Test
    void conversationTranscript() {
        ConversationTranscript transcript = assertInstanceOf(
                ConversationTranscript.class, ConversationsWebhooks.parse(fixture("conversation-transcript.json")));

        assertEquals(0L, transcript.missedMessagesCount());
        assertEquals(List.of(), transcript.agents());
        assertEquals(Boolean.FALSE, transcript.visitor().getIsBanned());
        ConversationsMessageFile file = transcript.messages().get(0).getFile();
        assertEquals("photo.png", file.getName());
        assertEquals(Boolean.TRUE, file.getIsAllowedFileType());
        assertTrue(file.getImageInfo().getPreviewLink().endsWith("/quality/better/"), "2026 naming (previewLink)");
        assertEquals("https://getwear.com/women/151254/", transcript.startPage().getLink());
    }

    @Test
    void anUnknownEventKeepsItsJsonAndReadsWhatItCan() {
        String body = fixture("conversation-rated.json");
        UnknownWebhookEvent event = assertInstanceOf(UnknownWebhookEvent.class, ConversationsWebhooks.parse(body));

        assertEquals("conversationRated", event.eventName());
        assertEquals("MxhGJAEugdLtS2BBq", event.conversationId());
        assertEquals(body, event.rawJson());
        assertEquals(List.of("r1"), ids(event.messages()));
        assertEquals(List.of("a1"), event.agents().stream().map(a -> a.getId()).toList(), "the string is left out");
        assertNull(event.visitor(), "a visitor of the wrong shape is left out, not an error");
        assertEquals(List.of("r1"), ids(event.messagesNotFrom("Helpdesk")));
    }

    @Test
    void anUnknownEventOfAnyShapeNeverThrows() {
        for (String body : List.of(
                "{\"eventName\":\"x\"}",
                "{\"eventName\":\"x\",\"messages\":\"no\",\"visitor\":[]}",
                "{\"eventName\":\"x\",\"messages\":[1,null,{\"id\":{}}],\"message\":5,\"conversationId\":7}")) {
            WebhookEvent event = ConversationsWebhooks.parse(body);
            assertEquals("x", event.eventName(), body);
            assertEquals(List.of(), event.messages(), body);
            assertNull(event.conversationId(), body);
        }
    }

    @Test
    void anUnknownEventsObjectConversationIdHidesNothingAfterIt() {
        // Its inner fields are not the event's own: a nested conversationId must not win, and the fields after the
        // object must still be read.
        WebhookEvent event = ConversationsWebhooks.parse("{\"eventName\":\"x\",\"conversationId\":"
                + "{\"conversationId\":\"inner\",\"messages\":[{\"id\":\"inner\"}]},"
                + "\"messages\":[{\"id\":\"m1\"}]}");
        assertNull(event.conversationId());
        assertEquals(List.of("m1"), ids(event.messages()));
    }

    @Test
    void theLoopGuardDropsOwnMessagesOnly() {
        WebhookEvent fragment = ConversationsWebhooks.parse(fixture("conversation-fragment.json"));

        assertEquals(
                List.of("m3", "m2", "m4", "m5", "m6"),
                ids(fragment.messagesNotFrom("SuperAwesomeHelpdesk")),
                "exact match: the lower-case marker of m6 is not ours; null receivedFrom kept");
        assertEquals(
                List.of("m3", "m2", "m4", "m5"),
                ids(fragment.messagesNotFrom(
                        LoopGuard.receivedFrom("SuperAwesomeHelpdesk").ignoringCase())));
        assertEquals(
                List.of("m3", "m2", "m5"),
                ids(fragment.messagesNotFrom(LoopGuard.receivedFrom("SuperAwesomeHelpdesk")
                        .ignoringCase()
                        .droppingPushed())));
        assertEquals(
                List.of("m3", "m2"),
                ids(fragment.messagesNotFrom(LoopGuard.receivedFrom("SuperAwesomeHelpdesk")
                        .ignoringCase()
                        .droppingPushed()
                        .droppingTriggers())));
        assertEquals(6, fragment.messagesNotFrom("SomeoneElse").size());
        for (String blank : new String[] {null, "", "  "}) {
            assertThrows(IllegalArgumentException.class, () -> LoopGuard.receivedFrom(blank));
            assertThrows(IllegalArgumentException.class, () -> fragment.messagesNotFrom(blank));
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "   ",
                "[]",
                "[{\"eventName\":\"conversationStarted\"}]",
                "\"conversationStarted\"",
                "42",
                "null",
                "{",
                "{\"eventName\":\"conversationStarted\"",
                "{}",
                "{\"eventName\":5}",
                "{\"eventName\":\"\"}",
                "{\"eventName\":null}",
                "{\"eventName\":\"a\"}{\"eventName\":\"b\"}",
                "{\"eventName\":\"a\",\"eventName\":\"b\"}",
                "<html>502</html>"
            })
    void aBodyThatIsNoEventIsAClearSdkException(String body) {
        InvalidWebhookException e =
                assertThrows(InvalidWebhookException.class, () -> ConversationsWebhooks.parse(body));

        assertInstanceOf(BrevoException.class, e);
        assertEquals(0, e.attempts());
        assertTrue(e.getMessage().startsWith("Invalid "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertFalse(e.getMessage().contains("Source:"), "no Jackson location quoting the body: " + e.getMessage());
    }

    @Test
    void aKnownEventOfTheWrongShape_isRead_andNamesTheField() {
        // Refused before issue 20 (and its messages lost with it): now read, the odd field named (see
        // LenientReadingTest).
        WebhookEvent e = ConversationsWebhooks.parse("{\"eventName\":\"conversationFragment\",\"messages\":\"oops\"}");
        assertEquals(List.of("messages"), e.problems());
        assertEquals(List.of(), e.messages());

        InvalidWebhookException refused =
                assertThrows(InvalidWebhookException.class, () -> ConversationsWebhooks.parse("{\"x\":1}"));
        assertTrue(refused.getMessage().contains("no eventName"), refused.getMessage());
    }

    @Test
    void anExceptionQuotesNoMoreThanTheFirstCharacters() {
        String secret = "the visitor wrote their card number 4111 1111 1111 1111";
        for (String body : List.of(
                "[\"" + secret + "\"]",
                "{\"eventName\":\"conversationStarted\" " + secret,
                "\"" + secret + "\"",
                secret)) {
            InvalidWebhookException e =
                    assertThrows(InvalidWebhookException.class, () -> ConversationsWebhooks.parse(body));
            assertFalse(e.getMessage().contains("card number"), e.getMessage());
            assertFalse(e.getMessage().contains("4111"), e.getMessage());
        }
        assertThrows(InvalidWebhookException.class, () -> ConversationsWebhooks.parse((String) null));
        assertThrows(InvalidWebhookException.class, () -> ConversationsWebhooks.parse((byte[]) null));
    }

    @Test
    void bytesAreReadWhateverTheCharsetJsonAllows() {
        String body = fixture("conversation-transcript.json").replace("photo.png", "фото.png");
        for (java.nio.charset.Charset charset :
                List.of(StandardCharsets.UTF_8, StandardCharsets.UTF_16BE, StandardCharsets.UTF_16LE)) {
            WebhookEvent event = ConversationsWebhooks.parse(body.getBytes(charset));
            assertEquals("фото.png", event.messages().get(0).getText(), charset.name());
        }
    }

    @Test
    void tokensAreComparedWholly() {
        assertTrue(ConversationsWebhooks.tokenMatches("s3cr3t-token", "s3cr3t-token"));
        assertFalse(ConversationsWebhooks.tokenMatches("s3cr3t-token", "s3cr3t-tokeN"));
        assertFalse(ConversationsWebhooks.tokenMatches("s3cr3t-token", "s3cr3t-token "));
        assertFalse(ConversationsWebhooks.tokenMatches("s3cr3t-token", "s3cr3t"));
        assertFalse(ConversationsWebhooks.tokenMatches("s3cr3t-token", ""));
        assertFalse(ConversationsWebhooks.tokenMatches("s3cr3t-token", null));
        assertTrue(ConversationsWebhooks.tokenMatches("tök€n", "tök€n"));
        for (String bad : new String[] {null, "", " "}) {
            assertThrows(IllegalArgumentException.class, () -> ConversationsWebhooks.tokenMatches(bad, bad));
        }
    }
}
