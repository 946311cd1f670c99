package io.github.conversations4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.conversations4j.sandbox.ConversationsSandbox;
import io.github.conversations4j.sandbox.RecordedRequest;
import io.github.conversations4j.spec.Spec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The walk-through command: its sandbox mode, its real-API mode (pointed at a sandbox), and its exit codes. Which
 * operations it must call, and what each answers, come from {@code openapi/conversations.yaml}.
 */
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
        for (Spec.Operation op : Spec.project().operations()) {
            String request = op.path().replaceAll("\\{[^}]*}$", "");
            assertTrue(
                    text.matches("(?s).*\\d\\. " + Pattern.quote(op.method() + " " + request) + "[^/\\s]*(\\s.*|$)"),
                    "the walk has no step for " + op.requestLine() + " in\n" + text);
        }
        assertTrue(text.contains("NotFoundException handled: HTTP 404 document_not_found: Message not found"), text);
        assertTrue(text.contains("messages left in the conversation = 0"), text);
        assertTrue(text.contains("Liz online = true"), text);
        assertTrue(text.contains("is in group PjRBMhWGen6aRHjif"), text);
        assertTrue(
                text.contains("Walk complete: " + Spec.project().operations().size() + " operations succeeded"), text);
    }

    @Test
    void withKeyAndGroup_alsoAssignsAndRemovesTheVisitor() {
        try (ConversationsSandbox api =
                ConversationsSandbox.builder().apiKey("live-looking-key").start()) {
            int code = Walkthrough.run(
                    Map.of(
                            "BREVO_API_KEY",
                            "live-looking-key",
                            "BREVO_BASE_URL",
                            api.baseUrl(),
                            "BREVO_VISITOR_ID",
                            "visitor-1",
                            "BREVO_AGENT_ID",
                            "agent-1",
                            "BREVO_GROUP_ID",
                            "group-1"),
                    out);

            assertEquals(0, code, output());
            List<String> groupCalls = api.requests().stream()
                    .filter(r -> r.path().endsWith("/visitorGroup"))
                    .map(RecordedRequest::body)
                    .toList();
            assertEquals(
                    List.of(
                            "{\"visitorId\":\"visitor-1\",\"groupId\":\"group-1\"}",
                            "{\"visitorId\":\"visitor-1\",\"groupId\":null}"),
                    groupCalls);
            assertNull(api.visitorGroup("visitor-1"), "the walk leaves the visitor in no group");
        }
    }

    @Test
    void withKeyAndGroup_callsEveryOperationOfTheSpec_withItsSuccessStatus() {
        try (ConversationsSandbox api =
                ConversationsSandbox.builder().apiKey("live-looking-key").start()) {
            int code = Walkthrough.run(
                    Map.of(
                            "BREVO_API_KEY",
                            "live-looking-key",
                            "BREVO_BASE_URL",
                            api.baseUrl(),
                            "BREVO_VISITOR_ID",
                            "visitor-1",
                            "BREVO_AGENT_ID",
                            "agent-1",
                            "BREVO_GROUP_ID",
                            "group-1"),
                    out);

            assertEquals(0, code, output());
            Map<String, Integer> firstStatus = new LinkedHashMap<>();
            api.requests().forEach(r -> firstStatus.putIfAbsent(requestLine(r), r.status()));
            Map<String, Integer> documented = new LinkedHashMap<>();
            Spec.project().operations().forEach(op -> documented.put(op.requestLine(), op.successStatus()));
            assertEquals(
                    documented.keySet(),
                    firstStatus.keySet(),
                    "the operations of openapi/conversations.yaml the walk "
                            + "calls (a new operation needs its step in Walkthrough)");
            assertEquals(
                    documented, firstStatus, "each operation's first answer in the walk is its documented success");
            assertTrue(output().contains("Walk complete: " + documented.size() + " operations succeeded"), output());
        }
    }

    @Test
    void withKey_walksTheConfiguredApi_inTheDocumentedOrder() {
        try (ConversationsSandbox api =
                ConversationsSandbox.builder().apiKey("live-looking-key").start()) {
            int code = Walkthrough.run(
                    Map.of(
                            "BREVO_API_KEY",
                            "live-looking-key",
                            "BREVO_BASE_URL",
                            api.baseUrl(),
                            "BREVO_VISITOR_ID",
                            "visitor-1",
                            "BREVO_AGENT_ID",
                            "agent-1"),
                    out);

            assertEquals(0, code, output());
            List<RecordedRequest> requests = api.requests();
            List<String> calls =
                    requests.stream().map(WalkthroughTest::requestLine).toList();
            assertEquals(
                    List.of(
                            "POST /conversations/agentOnlinePing",
                            "POST /conversations/messages",
                            "PUT /conversations/messages/{id}",
                            "GET /conversations/messages/{id}",
                            "DELETE /conversations/messages/{id}",
                            "POST /conversations/pushedMessages",
                            "PUT /conversations/pushedMessages/{id}",
                            "GET /conversations/pushedMessages/{id}",
                            "DELETE /conversations/pushedMessages/{id}",
                            "GET /conversations/messages/{id}"),
                    calls);
            for (int i = 0; i < calls.size() - 1; i++) {
                assertEquals(
                        operation(calls.get(i)).successStatus(),
                        requests.get(i).status(),
                        calls.get(i) + ": the success status of openapi/conversations.yaml");
            }
            assertEquals(404, requests.get(calls.size() - 1).status(), "the deleted message is not found");
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
            int code = Walkthrough.run(
                    Map.of(
                            "BREVO_API_KEY",
                            api.apiKey(),
                            "BREVO_BASE_URL",
                            api.baseUrl(),
                            "BREVO_VISITOR_ID",
                            "visitor-1",
                            "BREVO_AGENT_EMAIL",
                            "liz@example.com",
                            "BREVO_AGENT_NAME",
                            "Liz"),
                    out);

            assertEquals(1, code, output());
            assertTrue(output().contains("FAILED: ServerErrorException: HTTP 500"), output());
            assertTrue(output().contains("Walk failed at step 1."), output());
        }
    }

    @Test
    void keyWithoutVisitorOrAgent_exitsWith2_withoutCallingAnything() {
        assertEquals(2, Walkthrough.run(Map.of("BREVO_API_KEY", "k"), out));
        assertEquals(
                2,
                Walkthrough.run(
                        Map.of("BREVO_API_KEY", "k", "BREVO_VISITOR_ID", "v", "BREVO_AGENT_EMAIL", "liz@example.com"),
                        out));
        assertTrue(output().contains("BREVO_VISITOR_ID"));
    }

    /** The method and path template of a request to the sandbox: its base path off, a message id as {id}. */
    /** The request's method and path template, read from the spec's paths. */
    private static String requestLine(RecordedRequest r) {
        String path = r.path().replaceFirst("^/v3", "");
        return Spec.project().operations().stream()
                .filter(op -> op.method().equals(r.method())
                        && path.matches(
                                op.path().replaceAll("\\{[^}/]+}", "[^/]+").replace(".", "\\.")))
                .map(Spec.Operation::requestLine)
                .findFirst()
                .orElse(r.method() + " " + path);
    }

    private static Spec.Operation operation(String requestLine) {
        return Spec.project().operations().stream()
                .filter(op -> op.requestLine().equals(requestLine))
                .findFirst()
                .orElseThrow(() -> new AssertionError(requestLine + ": not in openapi/conversations.yaml"));
    }
}
