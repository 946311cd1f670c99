package io.github.conversations4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.conversations4j.api.ConversationsApi;
import io.github.conversations4j.errors.NotFoundException;
import io.github.conversations4j.model.Body10;
import io.github.conversations4j.model.Body11;
import io.github.conversations4j.model.Body8;
import io.github.conversations4j.model.Body9;
import io.github.conversations4j.model.ConversationsMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Against the real Brevo API. Skipped unless {@code BREVO_API_KEY} is set; the message round trips also need
 * {@code BREVO_VISITOR_ID} and {@code BREVO_AGENT_ID}. Run with {@code mvn -B verify}.
 */
class BrevoConversationsIT {
    private ConversationsApi api;

    @BeforeEach
    void client() {
        String key = System.getenv("BREVO_API_KEY");
        assumeTrue(key != null && !key.isBlank(), "BREVO_API_KEY is not set: live tests skipped");
        api = BrevoConversations.builder().apiKey(key).build();
    }

    @Test
    void unknownMessageIsNotFound() {
        NotFoundException e =
                assertThrows(NotFoundException.class, () -> api.conversationsMessagesIdGet("conversations4jNoSuchId"));
        assertEquals(404, e.statusCode());
        assertNotNull(e.errorCode());
    }

    @Test
    void agentMessageRoundTrip() {
        String visitor = System.getenv("BREVO_VISITOR_ID");
        String agent = System.getenv("BREVO_AGENT_ID");
        assumeTrue(visitor != null && agent != null, "BREVO_VISITOR_ID and BREVO_AGENT_ID are needed");

        ConversationsMessage sent = api.conversationsMessagesPost(new Body8()
                .visitorId(visitor)
                .agentId(agent)
                .text("conversations4j live test")
                .receivedFrom("conversations4j"));
        ConversationsMessage edited = api.conversationsMessagesIdPut(sent.getId(), new Body9().text("edited"));
        assertEquals("edited", edited.getText());
        assertEquals("edited", api.conversationsMessagesIdGet(sent.getId()).getText());
        api.conversationsMessagesIdDelete(sent.getId());
        assertThrows(NotFoundException.class, () -> api.conversationsMessagesIdGet(sent.getId()));
    }

    @Test
    void automatedMessageRoundTrip() {
        String visitor = System.getenv("BREVO_VISITOR_ID");
        assumeTrue(visitor != null, "BREVO_VISITOR_ID is needed");

        ConversationsMessage pushed = api.conversationsPushedMessagesPost(
                new Body10().visitorId(visitor).text("conversations4j live test: order shipped"));
        assertEquals(Boolean.TRUE, pushed.getIsPushed());
        api.conversationsPushedMessagesIdPut(pushed.getId(), new Body11().text("order delivered"));
        assertEquals(
                "order delivered",
                api.conversationsPushedMessagesIdGet(pushed.getId()).getText());
        api.conversationsPushedMessagesIdDelete(pushed.getId());
    }
}
