package io.github.conversations4j.examples;

import io.github.conversations4j.errors.NotFoundException;
import io.github.conversations4j.errors.ServerErrorException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.conversations4j.sandbox.ConversationsSandbox;
import io.github.conversations4j.sandbox.RecordedRequest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The walk-through command: its sandbox mode, its real-API mode (pointed at a sandbox), and its exit codes. */
class WalkthroughTest {
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);

  private String output() {
    return buffer.toString(StandardCharsets.UTF_8);
  }

  @Test
  void withoutKey_walksTheEmbeddedSandbox() {
    int code = Walkthrough.run(Map.of(), out);

    assertEquals(0, code, output());
    String text = output();
    for (String step : List.of(" 1. POST /conversations/agentOnlinePing", " 2. POST /conversations/messages",
        " 3. PUT /conversations/messages/", " 4. GET /conversations/messages/", " 5. DELETE /conversations/messages/",
        " 6. POST /conversations/pushedMessages", " 7. PUT /conversations/pushedMessages/",
        " 8. GET /conversations/pushedMessages/", " 9. DELETE /conversations/pushedMessages/",
        "10. PUT /conversations/visitorGroup", "11. PUT /conversations/visitorGroup",
        "12. GET /conversations/messages/")) {
      assertTrue(text.contains(step), "missing step " + step + " in\n" + text);
    }
    assertTrue(text.contains("NotFoundException handled: HTTP 404 document_not_found: Message not found"), text);
    assertTrue(text.contains("messages left in the conversation = 0"), text);
    assertTrue(text.contains("Liz online = true"), text);
    assertTrue(text.contains("is in group PjRBMhWGen6aRHjif"), text);
    assertTrue(text.contains("Walk complete: ten operations succeeded"), text);
  }

  @Test
  void withKeyAndGroup_alsoAssignsAndRemovesTheVisitor() {
    try (ConversationsSandbox api = ConversationsSandbox.builder().apiKey("live-looking-key").start()) {
      int code = Walkthrough.run(Map.of("BREVO_API_KEY", "live-looking-key", "BREVO_BASE_URL", api.baseUrl(),
          "BREVO_VISITOR_ID", "visitor-1", "BREVO_AGENT_ID", "agent-1", "BREVO_GROUP_ID", "group-1"), out);

      assertEquals(0, code, output());
      List<String> groupCalls = api.requests().stream().filter(r -> r.path().endsWith("/visitorGroup"))
          .map(RecordedRequest::body).toList();
      assertEquals(List.of("{\"visitorId\":\"visitor-1\",\"groupId\":\"group-1\"}",
          "{\"visitorId\":\"visitor-1\",\"groupId\":null}"), groupCalls);
      assertTrue(api.visitorGroup("visitor-1").isEmpty(), "the walk leaves the visitor in no group");
    }
  }

  @Test
  void withKey_walksTheConfiguredApi_inTheDocumentedOrder() {
    try (ConversationsSandbox api = ConversationsSandbox.builder().apiKey("live-looking-key").start()) {
      int code = Walkthrough.run(Map.of("BREVO_API_KEY", "live-looking-key", "BREVO_BASE_URL", api.baseUrl(),
          "BREVO_VISITOR_ID", "visitor-1", "BREVO_AGENT_ID", "agent-1"), out);

      assertEquals(0, code, output());
      List<String> calls = api.requests().stream()
          .map(r -> r.method() + " " + r.path().replaceAll("/[A-Za-z0-9]{17}$", "/{id}") + " " + r.status())
          .toList();
      assertEquals(List.of(
          "POST /v3/conversations/agentOnlinePing 201",
          "POST /v3/conversations/messages 200",
          "PUT /v3/conversations/messages/{id} 200",
          "GET /v3/conversations/messages/{id} 200",
          "DELETE /v3/conversations/messages/{id} 204",
          "POST /v3/conversations/pushedMessages 200",
          "PUT /v3/conversations/pushedMessages/{id} 200",
          "GET /v3/conversations/pushedMessages/{id} 200",
          "DELETE /v3/conversations/pushedMessages/{id} 204",
          "GET /v3/conversations/messages/{id} 404"), calls);
      assertTrue(api.isAgentOnline("agent-1"));
      assertTrue(api.messagesFor("visitor-1").isEmpty(), "the walk deletes what it sent");
      RecordedRequest send = api.requests().get(1);
      assertTrue(send.body().contains("\"agentId\":\"agent-1\""), send.body());
      assertFalse(output().contains("live-looking-key"), "the key must never be printed");
    }
  }

  @Test
  void aFailingStep_exitsWith1_andSaysWhere() {
    try (ConversationsSandbox api = ConversationsSandbox.start()) {
      api.failNext(1, 500); // a 500 is never retried
      int code = Walkthrough.run(Map.of("BREVO_API_KEY", api.apiKey(), "BREVO_BASE_URL", api.baseUrl(),
          "BREVO_VISITOR_ID", "visitor-1", "BREVO_AGENT_EMAIL", "liz@example.com", "BREVO_AGENT_NAME", "Liz"), out);

      assertEquals(1, code, output());
      assertTrue(output().contains("FAILED: ServerErrorException: HTTP 500"), output());
      assertTrue(output().contains("Walk failed at step 1."), output());
    }
  }

  @Test
  void keyWithoutVisitorOrAgent_exitsWith2_withoutCallingAnything() {
    assertEquals(2, Walkthrough.run(Map.of("BREVO_API_KEY", "k"), out));
    assertEquals(2, Walkthrough.run(Map.of("BREVO_API_KEY", "k", "BREVO_VISITOR_ID", "v",
        "BREVO_AGENT_EMAIL", "liz@example.com"), out));
    assertTrue(output().contains("BREVO_VISITOR_ID"));
  }
}
