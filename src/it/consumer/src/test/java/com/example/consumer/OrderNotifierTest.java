package com.example.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.conversations4j.ConversationsClient;
import io.github.conversations4j.model.ConversationsMessage;
import io.github.conversations4j.sandbox.ConversationsSandbox;
import io.github.conversations4j.sandbox.SandboxMessage;
import io.github.conversations4j.sandbox.junit.SandboxExtension;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A user's test with the SDK's SandboxExtension: the injected client is stored in JUnit's store and closed by JUnit
 * after the test, where JUnit 5.14 and 6 warn about a type that is a CloseableResource but not AutoCloseable.
 */
@ExtendWith(SandboxExtension.class)
class OrderNotifierTest {
    @Test
    void theVisitorGetsTheMessage(ConversationsClient client, ConversationsSandbox sandbox) {
        ConversationsMessage sent = new OrderNotifier(client).shipped("visitor-1", "#1042");

        List<SandboxMessage> messages = sandbox.messagesFor("visitor-1");
        assertEquals(1, messages.size());
        assertEquals(sent.getId(), messages.get(0).id());
        assertEquals("Your order #1042 has shipped!", messages.get(0).text());
    }
}
