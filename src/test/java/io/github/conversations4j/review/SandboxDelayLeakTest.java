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
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A request delayed with delayNext(..) whose client gave up must not land in the sandbox after reset() (the next
 * test's state, under SandboxExtension).
 */
class SandboxDelayLeakTest {
  @Test
  void aRequestDelayedAcrossAResetChangesNothing() throws InterruptedException {
    try (ConversationsSandbox sandbox = ConversationsSandbox.start();
        ConversationsClient c = BrevoConversations.builder().apiKey(sandbox.apiKey()).baseUrl(sandbox.baseUrl())
            .readTimeout(Duration.ofMillis(100)).retryPolicy(RetryPolicy.none()).build()) {
      sandbox.delayNext(1, Duration.ofMillis(300));
      assertThrows(RuntimeException.class,
          () -> c.conversationsPushedMessagesPost(new Body10().visitorId("v").text("from the first test")));
      sandbox.reset();
      assertTrue(sandbox.messagesFor("v").isEmpty());
      Thread.sleep(500); // past the delay: the request has been handled by now
      List<SandboxMessage> leaked = sandbox.messagesFor("v");
      assertEquals(0, leaked.size(), "a request from before the reset landed after it: " + leaked);
    }
  }
}
