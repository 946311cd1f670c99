package io.github.conversations4j.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.conversations4j.errors.InvalidWebhookException;
import io.github.conversations4j.model.ConversationsMessage;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 20, point 3: one field of an unexpected shape used to lose the whole event (400, which Brevo never
 * delivers again). Now the event is read, the odd field left empty and named by its path, its messages kept.
 */
class LenientReadingTest {
    static final String SECRET = "Jane Doe jane@example.com 203.0.113.7";

    /** A fragment with two visitor messages, whose visitor carries {@code visitorFields}. */
    static String fragment(String visitorFields) {
        return "{\"eventName\":\"conversationFragment\",\"conversationId\":\"c-1\","
                + "\"messages\":[{\"id\":\"m1\",\"type\":\"visitor\",\"text\":\"hello\",\"createdAt\":1},"
                + "{\"id\":\"m2\",\"type\":\"visitor\",\"text\":\"anyone?\",\"createdAt\":2}],"
                + "\"visitor\":{\"id\":\"v-1\",\"displayedName\":\"Jane\"" + visitorFields + "}}";
    }

    static Stream<Arguments> oddShapes() {
        return Stream.of(
                Arguments.of(",\"contactAttributes\":[]", List.of("visitor.contactAttributes")),
                Arguments.of(",\"lastVisit\":[]", List.of("visitor.lastVisit")),
                Arguments.of(
                        ",\"lastVisit\":{\"viewedPages\":[\"https://x/\"]}",
                        List.of("visitor.lastVisit.viewedPages[0]")),
                Arguments.of(",\"contactId\":\"12abc\"", List.of("visitor.contactId")),
                Arguments.of(",\"marketingConsent\":\"yes\"", List.of("visitor.marketingConsent")),
                Arguments.of(
                        ",\"contactId\":{\"n\":1},\"isBanned\":[true],\"integrationAttributes\":\"" + SECRET + "\"",
                        List.of("visitor.contactId", "visitor.integrationAttributes", "visitor.isBanned")));
    }

    @ParameterizedTest
    @MethodSource("oddShapes")
    void anOddField_isLeftEmptyAndNamed_andTheMessagesAreKept(String visitorFields, List<String> problems) {
        WebhookEvent event = ConversationsWebhooks.parse(fragment(visitorFields));

        assertTrue(event instanceof ConversationFragment, event.getClass().toString());
        assertEquals(
                problems.stream().sorted().toList(),
                event.problems().stream().sorted().toList());
        assertEquals(
                List.of("m1", "m2"),
                event.messages().stream().map(ConversationsMessage::getId).toList());
        assertEquals(
                List.of("hello", "anyone?"),
                event.messages().stream().map(ConversationsMessage::getText).toList());
        assertEquals("v-1", event.visitorId());
        assertEquals("Jane", event.visitor().getDisplayedName(), "the visitor's other fields are read");
        assertEquals("c-1", event.conversationId());
        for (String problem : event.problems()) {
            assertFalse(
                    problem.contains("yes")
                            || problem.contains("12abc")
                            || problem.contains("x/")
                            || problem.contains("Jane"),
                    "a problem names a path, never a value: " + problem);
        }
    }

    @Test
    void aWellFormedEvent_hasNoProblems() {
        WebhookEvent event = ConversationsWebhooks.parse(fragment(",\"contactAttributes\":{\"a\":1},\"contactId\":12"));
        assertEquals(List.of(), event.problems());
        assertEquals(12L, event.visitor().getContactId());
    }

    @Test
    void oddMessagesAndOddFieldsOfMessages_loseOnlyThemselves() {
        WebhookEvent event = ConversationsWebhooks.parse("{\"eventName\":\"conversationTranscript\","
                + "\"conversationId\":\"c-2\",\"messages\":[\"junk\",{\"id\":\"m1\",\"text\":\"a\",\"createdAt\":\"soon\"},"
                + "{\"id\":\"m2\",\"text\":\"b\",\"file\":[]}],\"visitor\":[]}");

        assertEquals(List.of("messages[0]", "messages[1].createdAt", "messages[2].file", "visitor"), event.problems());
        assertEquals(
                List.of("m1", "m2"),
                event.messages().stream().map(ConversationsMessage::getId).toList());
        assertNull(event.messages().get(0).getCreatedAt());
        assertNull(event.visitor());
    }

    @Test
    void conversationStarted_isReadLeniently_too() {
        WebhookEvent event =
                ConversationsWebhooks.parse("{\"eventName\":\"conversationStarted\",\"conversationId\":\"c\","
                        + "\"message\":{\"id\":\"m1\",\"text\":\"hi\",\"createdAt\":\"yesterday\"},\"agent\":\"nobody\","
                        + "\"isNoAvailableAgent\":\"maybe\"}");
        assertEquals(List.of("message.createdAt", "agent", "isNoAvailableAgent"), event.problems());
        assertEquals(
                List.of("m1"),
                event.messages().stream().map(ConversationsMessage::getId).toList());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "[]",
                "{\"eventName\":5}",
                "{\"no\":\"eventName\"}",
                "\"conversationFragment\"",
                "{\"eventName\":\"conversationFragment\",\"messages\":[1,2",
                "null"
            })
    void aBodyThatIsNoEvent_isStillRefused(String body) {
        assertThrows(InvalidWebhookException.class, () -> ConversationsWebhooks.parse(body));
    }
}
