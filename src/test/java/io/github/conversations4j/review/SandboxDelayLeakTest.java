package io.github.conversations4j.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.conversations4j.BrevoConversations;
import io.github.conversations4j.ConversationsClient;
import io.github.conversations4j.RetryPolicy;
import io.github.conversations4j.model.Body10;
import io.github.conversations4j.sandbox.ConversationsSandbox;
import io.github.conversations4j.sandbox.SandboxMessage;
import io.github.conversations4j.sandbox.junit.SandboxExtension;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * "resets it before each test": a request delayed with delayNext(..) in one test (whose client timed out) is
 * processed after reset(), and its message appears in the next test's sandbox.
 */
@ExtendWith(SandboxExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SandboxDelayLeakTest {
  @Test
  @Order(1)
  void first(ConversationsSandbox sandbox) {
    sandbox.delayNext(1, Duration.ofMillis(1500));
    try (ConversationsClient c = BrevoConversations.builder().apiKey(sandbox.apiKey()).baseUrl(sandbox.baseUrl())
        .readTimeout(Duration.ofMillis(200)).retryPolicy(RetryPolicy.none()).build()) {
      assertThrows(RuntimeException.class,
          () -> c.conversationsPushedMessagesPost(new Body10().visitorId("v").text("from the first test")));
    }
  }

  @Test
  @Order(2)
  void second(ConversationsSandbox sandbox) throws InterruptedException {
    assertTrue(sandbox.messagesFor("v").isEmpty());
    Thread.sleep(2000);
    List<SandboxMessage> leaked = sandbox.messagesFor("v");
    assertEquals(0, leaked.size(), "a request of the first test landed in the second's sandbox: " + leaked);
  }
}
