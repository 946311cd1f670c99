package io.github.conversations4j.sandbox.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.conversations4j.ConversationsClient;
import io.github.conversations4j.model.Body10;
import io.github.conversations4j.sandbox.ConversationsSandbox;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/** Clients injected into @BeforeAll and @BeforeEach work, talk to the one sandbox, and @BeforeEach's are closed. */
@ExtendWith(SandboxExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SandboxLifecycleParamsTest {
    static ConversationsClient fromBeforeAll;
    static ConversationsSandbox sandboxFromBeforeAll;
    static final List<ConversationsClient> EACH = new ArrayList<>();
    ConversationsClient fromBeforeEach;

    @BeforeAll
    static void all(ConversationsClient client, ConversationsSandbox sandbox) {
        fromBeforeAll = client;
        sandboxFromBeforeAll = sandbox;
    }

    @BeforeEach
    void each(ConversationsClient client) {
        fromBeforeEach = client;
        EACH.add(client);
    }

    @Test
    @Order(1)
    void first(ConversationsSandbox sandbox) {
        assertTrue(sandbox == sandboxFromBeforeAll);
        assertTrue(sandbox.messagesFor("v").isEmpty());
        fromBeforeAll.conversationsPushedMessagesPost(
                new Body10().visitorId("v").text("a"));
        fromBeforeEach.conversationsPushedMessagesPost(
                new Body10().visitorId("v").text("b"));
        assertEquals(2, sandbox.messagesFor("v").size());
    }

    @Test
    @Order(2)
    void second(ConversationsSandbox sandbox) {
        first(sandbox);
        assertEquals(2, EACH.size());
        assertThrows(
                IllegalStateException.class,
                () -> EACH.get(0).conversationsMessagesIdGet("x"),
                "the first test's @BeforeEach client was closed");
        fromBeforeAll.conversationsPushedMessagesIdGet(
                sandbox.messagesFor("v").get(0).id()); // still open
    }
}
