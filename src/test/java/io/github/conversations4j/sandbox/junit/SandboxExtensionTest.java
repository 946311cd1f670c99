package io.github.conversations4j.sandbox.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.conversations4j.ConversationsClient;
import io.github.conversations4j.api.ConversationsApi;
import io.github.conversations4j.model.Body10;
import io.github.conversations4j.sandbox.ConversationsSandbox;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The extension injects a sandbox and clients for it, resets the sandbox before each test, and closes the clients
 * it made. Every test leaves a message behind and finds none at its start, in whatever order they run.
 */
@ExtendWith(SandboxExtension.class)
class SandboxExtensionTest {
    private static final Set<String> SANDBOXES = ConcurrentHashMap.newKeySet();
    private static final Set<ConversationsClient> CLIENTS = ConcurrentHashMap.newKeySet();
    private static int tests;

    @RepeatedTest(3)
    void injectsAClientForAFreshSandbox(ConversationsClient client, ConversationsSandbox sandbox) {
        leaveAMessage(client, sandbox);
    }

    @Test
    void injectsAConversationsApiToo(ConversationsApi api, ConversationsSandbox sandbox) {
        assertTrue(api instanceof ConversationsClient);
        leaveAMessage((ConversationsClient) api, sandbox);
    }

    private static void leaveAMessage(ConversationsClient client, ConversationsSandbox sandbox) {
        assertTrue(sandbox.messagesFor("v1").isEmpty(), "the sandbox was reset before this test");
        assertTrue(sandbox.requests().isEmpty(), "the sandbox was reset before this test");
        client.conversationsPushedMessagesPost(new Body10().visitorId("v1").text("Your order has shipped"));
        assertEquals("Your order has shipped", sandbox.messagesFor("v1").get(0).text());
        SANDBOXES.add(sandbox.baseUrl());
        CLIENTS.add(client);
        tests++;
    }

    @AfterAll
    static void oneSandboxForTheClassAndEveryClientClosed() {
        assertEquals(4, tests);
        assertEquals(1, SANDBOXES.size(), "one sandbox for the whole class");
        assertEquals(4, CLIENTS.size(), "a client for each test");
        for (ConversationsClient client : CLIENTS) {
            assertThrows(
                    IllegalStateException.class,
                    () -> client.conversationsPushedMessagesPost(
                            new Body10().visitorId("v1").text("after")),
                    "the extension closed the client after its test");
        }
    }
}
