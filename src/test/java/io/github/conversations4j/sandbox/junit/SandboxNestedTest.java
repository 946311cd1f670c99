package io.github.conversations4j.sandbox.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.conversations4j.ConversationsClient;
import io.github.conversations4j.model.Body10;
import io.github.conversations4j.sandbox.ConversationsSandbox;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * With @Nested, SandboxExtension.beforeAll runs again for the inner class and puts a second sandbox in the inner
 * class's store: a client made in the outer @BeforeAll talks to sandbox A while the inner test is given sandbox B
 * (and A is never reset before the inner tests).
 */
@ExtendWith(SandboxExtension.class)
class SandboxNestedTest {
    static ConversationsClient outerClient;
    static ConversationsSandbox outerSandbox;

    @BeforeAll
    static void all(ConversationsClient client, ConversationsSandbox sandbox) {
        outerClient = client;
        outerSandbox = sandbox;
    }

    @Nested
    class Inner {
        @Test
        void theOuterClientTalksToTheInjectedSandbox(ConversationsSandbox sandbox) {
            outerClient.conversationsPushedMessagesPost(
                    new Body10().visitorId("v").text("hi"));
            assertEquals(
                    outerSandbox.baseUrl(), sandbox.baseUrl(), "one sandbox for the class and its @Nested classes");
            assertEquals(1, sandbox.messagesFor("v").size());
        }
    }
}
