package io.github.conversations4j.sandbox.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.conversations4j.api.ConversationsApi;
import io.github.conversations4j.model.Body10;
import io.github.conversations4j.sandbox.ConversationsSandbox;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/** The extension injects a sandbox and a client for it, and resets the sandbox between tests. */
@ExtendWith(SandboxExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SandboxExtensionTest {
  private static ConversationsSandbox first;

  @Test
  @Order(1)
  void injectsAClientForTheSandbox(ConversationsApi api, ConversationsSandbox sandbox) {
    first = sandbox;
    api.conversationsPushedMessagesPost(new Body10().visitorId("v1").text("Your order has shipped"));
    assertEquals("Your order has shipped", sandbox.messagesFor("v1").get(0).text());
  }

  @Test
  @Order(2)
  void sameSandboxButResetBetweenTests(ConversationsSandbox sandbox) {
    assertNotNull(first);
    assertEquals(first.baseUrl(), sandbox.baseUrl());
    assertTrue(sandbox.messagesFor("v1").isEmpty());
    assertTrue(sandbox.requests().isEmpty());
  }
}
