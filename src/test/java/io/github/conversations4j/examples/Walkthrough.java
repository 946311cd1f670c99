package io.github.conversations4j.examples;

import io.github.conversations4j.BrevoConversations;
import io.github.conversations4j.api.ConversationsApi;
import io.github.conversations4j.errors.BrevoException;
import io.github.conversations4j.errors.NotFoundException;
import io.github.conversations4j.model.ApiResponse;
import io.github.conversations4j.model.Body10;
import io.github.conversations4j.model.Body11;
import io.github.conversations4j.model.Body12;
import io.github.conversations4j.model.Body8;
import io.github.conversations4j.model.Body9;
import io.github.conversations4j.model.ConversationsMessage;
import io.github.conversations4j.model.ConversationsVisitorGroupPut200Response;
import io.github.conversations4j.model.ConversationsVisitorGroupPutRequest;
import io.github.conversations4j.sandbox.ConversationsSandbox;
import java.io.PrintStream;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Runs the SDK's whole job once, as an integration would: an agent comes online, sends a visitor a message,
 * edits it, reads it back and deletes it; an automated order-status message is pushed, edited, read and deleted;
 * the visitor is assigned to an agent group and removed from it again; reading the deleted message is then
 * handled as a {@link NotFoundException}.
 *
 * <p>{@code mvn -q test-compile exec:java} runs it (it lives in the test sources, outside the published jar). Without {@code BREVO_API_KEY} in the environment it starts a
 * {@link ConversationsSandbox} and walks against it. With {@code BREVO_API_KEY} it walks against Brevo (or
 * {@code BREVO_BASE_URL}) and really sends and deletes two messages; it then needs {@code BREVO_VISITOR_ID}, and
 * either {@code BREVO_AGENT_ID} or {@code BREVO_AGENT_EMAIL} + {@code BREVO_AGENT_NAME} (with
 * {@code BREVO_RECEIVED_FROM}, default {@value #DEFAULT_RECEIVED_FROM}); the group steps run only when
 * {@code BREVO_GROUP_ID} names an agent group (they leave the visitor in no group). The exit code is 0 when the whole
 * walk succeeded, 1 when a step failed, 2 when the environment is incomplete. The key is never printed.
 */
public final class Walkthrough {
    /** The {@code receivedFrom} mark of the walk's messages unless {@code BREVO_RECEIVED_FROM} is set. */
    public static final String DEFAULT_RECEIVED_FROM = "conversations4j-walkthrough";

    private final ConversationsApi api;
    private final PrintStream out;
    private final String visitorId;
    private final Body12 agent;
    private final String groupId;
    private int step;
    private String current;
    /** The operations (method and path template) that answered as expected, counted for the last line. */
    private final Set<String> succeeded = new LinkedHashSet<>();

    private Walkthrough(ConversationsApi api, PrintStream out, String visitorId, Body12 agent, String groupId) {
        this.api = api;
        this.out = out;
        this.visitorId = visitorId;
        this.agent = agent;
        this.groupId = groupId;
    }

    /**
     * Runs the walk with the process environment and exits with its code.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        int code = run(System.getenv(), System.out);
        if (code != 0) {
            System.exit(code);
        }
    }

    /**
     * Runs the walk.
     *
     * @param env the environment to read the {@code BREVO_*} settings from
     * @param out where to print each call and its result
     * @return 0 when every step succeeded, 1 when one failed, 2 when the environment is incomplete
     */
    public static int run(Map<String, String> env, PrintStream out) {
        Objects.requireNonNull(env, "env must not be null");
        Objects.requireNonNull(out, "out must not be null");
        String apiKey = blankToNull(env.get("BREVO_API_KEY"));
        if (apiKey == null) {
            try (ConversationsSandbox sandbox = ConversationsSandbox.start()) {
                out.println("No BREVO_API_KEY: walking against the embedded sandbox at " + sandbox.baseUrl());
                ConversationsApi api = BrevoConversations.builder()
                        .apiKey(sandbox.apiKey())
                        .baseUrl(sandbox.baseUrl())
                        .build();
                Body12 agent = new Body12()
                        .agentEmail("liz@example.com")
                        .agentName("Liz")
                        .receivedFrom(DEFAULT_RECEIVED_FROM);
                int code = new Walkthrough(api, out, "kZMvWhf8npAu3H6qd57w2Hv6nh6rnxvg", agent, "PjRBMhWGen6aRHjif")
                        .walk();
                if (code == 0) {
                    out.println("Sandbox state: Liz online = " + sandbox.isAgentOnline("liz@example.com")
                            + ", messages left in the conversation = "
                            + sandbox.messagesFor("kZMvWhf8npAu3H6qd57w2Hv6nh6rnxvg")
                                    .size() + ", requests served = "
                            + sandbox.requests().size());
                }
                return code;
            }
        }
        String visitorId = blankToNull(env.get("BREVO_VISITOR_ID"));
        String agentId = blankToNull(env.get("BREVO_AGENT_ID"));
        String agentEmail = blankToNull(env.get("BREVO_AGENT_EMAIL"));
        String agentName = blankToNull(env.get("BREVO_AGENT_NAME"));
        String receivedFrom = env.getOrDefault("BREVO_RECEIVED_FROM", DEFAULT_RECEIVED_FROM);
        if (visitorId == null || (agentId == null && (agentEmail == null || agentName == null))) {
            out.println("BREVO_API_KEY is set, so the walk would run against the real API and needs:");
            out.println("  BREVO_VISITOR_ID   a visitor of your Conversations (from a webhook or the widget)");
            out.println("  BREVO_AGENT_ID     an agent id, or BREVO_AGENT_EMAIL and BREVO_AGENT_NAME");
            out.println("Unset BREVO_API_KEY to walk against the embedded sandbox instead.");
            return 2;
        }
        String baseUrl = env.getOrDefault("BREVO_BASE_URL", "https://api.brevo.com/v3");
        ConversationsApi api;
        try {
            api = BrevoConversations.builder().apiKey(apiKey).baseUrl(baseUrl).build();
        } catch (IllegalArgumentException | IllegalStateException e) {
            out.println("Cannot build the client: " + e.getMessage());
            return 2;
        }
        Body12 agent = agentId != null
                ? new Body12().agentId(agentId)
                : new Body12().agentEmail(agentEmail).agentName(agentName).receivedFrom(receivedFrom);
        agent.receivedFrom(receivedFrom);
        out.println(
                "Walking against " + baseUrl + " (two messages will be sent to visitor " + visitorId + " and deleted)");
        return new Walkthrough(api, out, visitorId, agent, blankToNull(env.get("BREVO_GROUP_ID"))).walk();
    }

    private int walk() {
        try {
            call("POST /conversations/agentOnlinePing", describeAgent());
            ApiResponse<Void> ping = api.conversationsAgentOnlinePingPostWithHttpInfo(agent);
            result(ping.getStatusCode() + ", the agent is online for the next 2-3 minutes");

            call("POST /conversations/messages", "\"Hello! How can I help you?\"");
            ConversationsMessage sent = api.conversationsMessagesPost(new Body8()
                    .visitorId(visitorId)
                    .text("Hello! How can I help you?")
                    .agentId(agent.getAgentId())
                    .agentEmail(agent.getAgentEmail())
                    .agentName(agent.getAgentName())
                    .receivedFrom(agent.getReceivedFrom()));
            result("200, " + describe(sent));

            call("PUT /conversations/messages/{id}", sent.getId(), "\"Good morning! How can I help you?\"");
            ConversationsMessage edited =
                    api.conversationsMessagesIdPut(sent.getId(), new Body9().text("Good morning! How can I help you?"));
            result("200, text now \"" + edited.getText() + "\"");

            call("GET /conversations/messages/{id}", sent.getId(), "");
            ConversationsMessage read = api.conversationsMessagesIdGet(sent.getId());
            expect("Good morning! How can I help you?".equals(read.getText()), "the read-back text is not the edit");
            result("200, " + describe(read));

            call("DELETE /conversations/messages/{id}", sent.getId(), "");
            ApiResponse<Void> deleted = api.conversationsMessagesIdDeleteWithHttpInfo(sent.getId());
            result(deleted.getStatusCode() + ", deleted");

            String shipped = "Your order has shipped! Tracking number: 9114 5847 3325 9667 4328 88";
            call("POST /conversations/pushedMessages", "\"" + shipped + "\"");
            ConversationsMessage pushed = api.conversationsPushedMessagesPost(
                    new Body10().visitorId(visitorId).text(shipped).agentId(agent.getAgentId()));
            result("200, " + describe(pushed));

            String corrected = "Your order has shipped! Tracking number: 9114 5847 4668 7775 9233 54";
            call("PUT /conversations/pushedMessages/{id}", pushed.getId(), "\"" + corrected + "\"");
            ConversationsMessage pushedEdited =
                    api.conversationsPushedMessagesIdPut(pushed.getId(), new Body11().text(corrected));
            result("200, text now \"" + pushedEdited.getText() + "\"");

            call("GET /conversations/pushedMessages/{id}", pushed.getId(), "");
            ConversationsMessage pushedRead = api.conversationsPushedMessagesIdGet(pushed.getId());
            expect(corrected.equals(pushedRead.getText()), "the read-back text is not the edit");
            result("200, " + describe(pushedRead));

            call("DELETE /conversations/pushedMessages/{id}", pushed.getId(), "");
            ApiResponse<Void> pushedDeleted = api.conversationsPushedMessagesIdDeleteWithHttpInfo(pushed.getId());
            result(pushedDeleted.getStatusCode() + ", deleted");

            if (groupId != null) {
                call("PUT /conversations/visitorGroup", "visitor into group " + groupId);
                ConversationsVisitorGroupPut200Response assigned =
                        api.conversationsVisitorGroupPut(new ConversationsVisitorGroupPutRequest()
                                .visitorId(visitorId)
                                .groupId(groupId));
                expect(groupId.equals(assigned.getGroupId()), "the visitor is not in the group");
                result("200, visitor " + assigned.getVisitorId() + " is in group " + assigned.getGroupId());

                call("PUT /conversations/visitorGroup", "groupId null: out of the group again");
                ConversationsVisitorGroupPut200Response removed =
                        api.conversationsVisitorGroupPut(new ConversationsVisitorGroupPutRequest()
                                .visitorId(visitorId)
                                .groupId(null));
                expect(removed.getGroupId() == null, "the visitor is still in a group");
                result("200, visitor " + removed.getVisitorId() + " is in no group");
            } else {
                out.println("    (visitor group steps skipped: set BREVO_GROUP_ID to run them)");
            }

            call("GET /conversations/messages/{id}", sent.getId(), "(deleted in step 5: expect a 404)");
            try {
                api.conversationsMessagesIdGet(sent.getId());
                throw new IllegalStateException("the deleted message could still be read");
            } catch (NotFoundException e) {
                result("NotFoundException handled: " + e.getMessage());
            }
            out.println("Walk complete: " + succeeded.size() + " operations succeeded and the expected 404 was "
                    + "handled.");
            return 0;
        } catch (BrevoException | IllegalStateException e) {
            out.println("    -> FAILED: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            out.println("Walk failed at step " + step + ".");
            return 1;
        }
    }

    private void call(String operation, String detail) {
        call(operation, null, detail);
    }

    /** Prints a step: the operation's method and path template, with {@code {id}} filled in when given. */
    private void call(String operation, String id, String detail) {
        step++;
        current = operation;
        String request = id == null ? operation : operation.replace("{id}", id);
        out.printf("%2d. %s%s%n", step, request, detail.isEmpty() ? "" : "  " + detail);
    }

    /** Prints the result of the current step, which counts its operation as one that succeeded. */
    private void result(String text) {
        succeeded.add(current);
        out.println("    -> " + text);
    }

    private static void expect(boolean condition, String problem) {
        if (!condition) {
            throw new IllegalStateException(problem);
        }
    }

    private String describeAgent() {
        return agent.getAgentId() != null
                ? "agent " + agent.getAgentId()
                : "agent " + agent.getAgentName() + " <" + agent.getAgentEmail() + ">";
    }

    private static String describe(ConversationsMessage m) {
        return (Boolean.TRUE.equals(m.getIsPushed()) ? "pushed " : "") + m.getType() + " message " + m.getId()
                + " from "
                + (m.getAgentName() != null ? m.getAgentName() + " (" + m.getAgentId() + ")" : m.getAgentId())
                + (m.getCreatedAt() != null ? " at " + Instant.ofEpochMilli(m.getCreatedAt()) : "")
                + ": \"" + m.getText() + "\"";
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
