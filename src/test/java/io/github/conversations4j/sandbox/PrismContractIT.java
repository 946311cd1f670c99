package io.github.conversations4j.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.conversations4j.BrevoConversations;
import io.github.conversations4j.RetryPolicy;
import io.github.conversations4j.api.ConversationsApi;
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
import io.github.conversations4j.spec.Spec;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The SDK and the sandbox checked against Brevo's own OpenAPI file (its 2026 definition, the contract the SDK
 * follows) by Stoplight Prism, a validating proxy:
 * {@code prism proxy --errors openapi/upstream/brevo-conversations.yaml <sandbox>}. Prism rejects a request
 * that breaks Brevo's contract (422) and turns a sandbox answer that breaks it into a 500 with an
 * {@code sl-violations} header, so every call below succeeding as documented means both sides match the contract.
 *
 * <p>Needs Prism: set {@code PRISM_BIN} to its executable ({@code .ci/run} installs
 * {@code @stoplight/prism-cli@5.16.0} from npm and sets it). Skipped otherwise.
 */
class PrismContractIT {
    /** The ping's success status, as openapi/conversations.yaml documents it (never typed here). */
    private static final int PING_OK =
            Spec.project().operation("conversationsAgentOnlinePingPost").successStatus();

    private static ConversationsSandbox sandbox;
    private static Process prism;
    private static ConversationsApi api;

    @BeforeAll
    static void start() throws Exception {
        String bin = System.getenv("PRISM_BIN");
        assumeTrue(
                bin != null && Files.isExecutable(Path.of(bin)), "PRISM_BIN is not set: Prism contract check skipped");
        sandbox = ConversationsSandbox.start();
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path log = Files.createTempFile("prism", ".log");
        prism = new ProcessBuilder(
                        bin,
                        "proxy",
                        "--errors",
                        "-h",
                        "127.0.0.1",
                        "-p",
                        String.valueOf(port),
                        "openapi/upstream/brevo-conversations.yaml",
                        sandbox.baseUrl())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        // A child process signals nobody when it listens: a named poll.
        int listening = port;
        try {
            io.github.conversations4j.testing.Await.until(
                    "Prism listening on " + port,
                    java.time.Duration.ofSeconds(60),
                    java.time.Duration.ofMillis(200),
                    () -> {
                        try {
                            new Socket("127.0.0.1", listening).close();
                            return true;
                        } catch (IOException e) {
                            if (!prism.isAlive()) {
                                throw new AssertionError("Prism ended");
                            }
                            return false;
                        }
                    });
        } catch (AssertionError e) {
            throw new IllegalStateException("Prism did not start: " + Files.readString(log), e);
        }
        api = BrevoConversations.builder()
                .apiKey(sandbox.apiKey())
                .baseUrl("http://127.0.0.1:" + port)
                .retryPolicy(RetryPolicy.none())
                .build();
    }

    @AfterAll
    static void stop() {
        if (prism != null) {
            prism.destroy();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private static void noViolations(ApiResponse<?> response) {
        assertNull(response.getHeaders().get("sl-violations"), "Prism found violations");
    }

    @Test
    void agentMessageLifeMatchesBrevosContract() {
        ApiResponse<Void> ping = api.conversationsAgentOnlinePingPostWithHttpInfo(
                new Body12().agentEmail("liz@getwear.com").agentName("Liz").receivedFrom("SuperAwesomeHelpdesk"));
        assertEquals(PING_OK, ping.getStatusCode());
        noViolations(ping);

        ApiResponse<ConversationsMessage> sent = api.conversationsMessagesPostWithHttpInfo(new Body8()
                .visitorId("kZMvWhf8npAu3H6qd57w2Hv6nh6rnxvg")
                .text("Hello! How can I help you?")
                .agentId("d9nKoegKSjmCtyK78"));
        assertEquals(200, sent.getStatusCode());
        noViolations(sent);
        String id = sent.getData().getId();

        ApiResponse<ConversationsMessage> edited =
                api.conversationsMessagesIdPutWithHttpInfo(id, new Body9().text("Good morning!"));
        assertEquals("Good morning!", edited.getData().getText());
        noViolations(edited);
        ApiResponse<ConversationsMessage> read = api.conversationsMessagesIdGetWithHttpInfo(id);
        assertEquals(id, read.getData().getId());
        noViolations(read);
        ApiResponse<Void> deleted = api.conversationsMessagesIdDeleteWithHttpInfo(id);
        assertEquals(204, deleted.getStatusCode());
        noViolations(deleted);

        NotFoundException gone = assertThrows(NotFoundException.class, () -> api.conversationsMessagesIdGet(id));
        assertEquals("document_not_found", gone.errorCode());
        assertNull(gone.header("sl-violations"));
    }

    @Test
    void automatedMessageLifeMatchesBrevosContract() {
        for (Body10 body : List.of(
                new Body10().visitorId("kZMvWhf8npAu3H6qd57w2Hv6nh6rnxvg").text("Your order has shipped!"),
                new Body10()
                        .visitorId("kZMvWhf8npAu3H6qd57w2Hv6nh6rnxvg")
                        .text("Shipped")
                        .groupId("PjRBMhWGen6aRHjif"),
                new Body10()
                        .visitorId("kZMvWhf8npAu3H6qd57w2Hv6nh6rnxvg")
                        .text("Shipped")
                        .agentId("d9nKoegKSjmCtyK78"))) {
            ApiResponse<ConversationsMessage> pushed = api.conversationsPushedMessagesPostWithHttpInfo(body);
            noViolations(pushed);
            assertEquals(Boolean.TRUE, pushed.getData().getIsPushed());
            String id = pushed.getData().getId();

            noViolations(api.conversationsPushedMessagesIdPutWithHttpInfo(id, new Body11().text("Delivered")));
            ApiResponse<ConversationsMessage> read = api.conversationsPushedMessagesIdGetWithHttpInfo(id);
            noViolations(read);
            assertEquals("Delivered", read.getData().getText());
            noViolations(api.conversationsPushedMessagesIdDeleteWithHttpInfo(id));
            assertThrows(NotFoundException.class, () -> api.conversationsPushedMessagesIdDelete(id));
        }
    }

    @Test
    void unknownIdsAreBrevosDocumented404() {
        NotFoundException e = assertThrows(
                NotFoundException.class,
                () -> api.conversationsMessagesIdPut("AAAAAAAAAAAAAAAAA", new Body9().text("x")));
        assertEquals("document_not_found", e.errorCode());
        assertTrue(e.errorMessage() != null && !e.errorMessage().isBlank());
        assertThrows(NotFoundException.class, () -> api.conversationsPushedMessagesIdGet("AAAAAAAAAAAAAAAAA"));
    }

    @Test
    void visitorGroupAssignmentMatchesBrevosContract() {
        String visitor = "vG" + System.nanoTime();
        api.conversationsPushedMessagesPost(new Body10().visitorId(visitor).text("Welcome"));
        ApiResponse<ConversationsVisitorGroupPut200Response> assigned = api.conversationsVisitorGroupPutWithHttpInfo(
                new ConversationsVisitorGroupPutRequest().visitorId(visitor).groupId("PjRBMhWGen6aRHjif"));
        assertEquals(200, assigned.getStatusCode());
        noViolations(assigned);
        assertEquals("PjRBMhWGen6aRHjif", assigned.getData().getGroupId());
        assertEquals(visitor, assigned.getData().getVisitorId());

        ApiResponse<ConversationsVisitorGroupPut200Response> removed = api.conversationsVisitorGroupPutWithHttpInfo(
                new ConversationsVisitorGroupPutRequest().visitorId(visitor).groupId(null));
        noViolations(removed);
        assertNull(removed.getData().getGroupId());
        assertNull(sandbox.visitorGroup(visitor));

        NotFoundException unknown = assertThrows(
                NotFoundException.class,
                () -> api.conversationsVisitorGroupPut(new ConversationsVisitorGroupPutRequest()
                        .visitorId("never-seen")
                        .groupId("PjRBMhWGen6aRHjif")));
        assertNull(unknown.header("sl-violations"));
    }
}
