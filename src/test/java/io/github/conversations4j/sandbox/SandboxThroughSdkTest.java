package io.github.conversations4j.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.conversations4j.BrevoConversations;
import io.github.conversations4j.RetryPolicy;
import io.github.conversations4j.api.ConversationsApi;
import io.github.conversations4j.errors.BadRequestException;
import io.github.conversations4j.errors.BrevoApiException;
import io.github.conversations4j.errors.BrevoConnectionException;
import io.github.conversations4j.errors.NotFoundException;
import io.github.conversations4j.errors.ServerErrorException;
import io.github.conversations4j.errors.TooManyRequestsException;
import io.github.conversations4j.errors.UnauthorizedException;
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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The SDK against the sandbox: every operation end to end, and the SDK's exceptions for its errors. */
class SandboxThroughSdkTest {
    /** The ping's success status, as openapi/conversations.yaml documents it (never typed here). */
    private static final int PING_OK =
            Spec.project().operation("conversationsAgentOnlinePingPost").successStatus();

    private static final Instant START = Instant.parse("2024-05-01T10:00:00Z");

    private MutableClock clock;
    private ConversationsSandbox sandbox;
    private ConversationsApi api;

    @BeforeEach
    void start() {
        clock = new MutableClock(START);
        sandbox = ConversationsSandbox.builder()
                .apiKey("sdk-test-key")
                .clock(clock)
                .start();
        // One request per call, so each fault below is seen as it is; retries are tested in FaultTest and
        // RetrySoakTest.
        api = BrevoConversations.builder()
                .apiKey(sandbox.apiKey())
                .baseUrl(sandbox.baseUrl())
                .retryPolicy(RetryPolicy.none())
                .build();
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void everyOperation() {
        // 1. ping
        ApiResponse<Void> ping =
                api.conversationsAgentOnlinePingPostWithHttpInfo(new Body12().agentId("d9nKoegKSjmCtyK78"));
        assertEquals(PING_OK, ping.getStatusCode());
        assertTrue(sandbox.isAgentOnline("d9nKoegKSjmCtyK78"));

        // 5. send as agent
        ConversationsMessage sent = api.conversationsMessagesPost(new Body8()
                .visitorId("v1")
                .text("Hello!")
                .agentId("d9nKoegKSjmCtyK78")
                .receivedFrom("Helpdesk"));
        assertTrue(sent.getId().matches("[A-Za-z0-9]{17}"));
        assertEquals(ConversationsMessage.TypeEnum.AGENT, sent.getType());
        assertEquals(START.toEpochMilli(), sent.getCreatedAt());
        assertEquals(Boolean.FALSE, sent.getIsPushed());
        assertEquals("Helpdesk", sent.getReceivedFrom());

        // 4. edit, 3. read
        ConversationsMessage edited = api.conversationsMessagesIdPut(sent.getId(), new Body9().text("Good morning!"));
        assertEquals("Good morning!", edited.getText());
        ConversationsMessage read = api.conversationsMessagesIdGet(sent.getId());
        assertEquals(edited, read);

        // 2. delete, then the handled 404
        ApiResponse<Void> deleted = api.conversationsMessagesIdDeleteWithHttpInfo(sent.getId());
        assertEquals(204, deleted.getStatusCode());
        NotFoundException notFound =
                assertThrows(NotFoundException.class, () -> api.conversationsMessagesIdGet(sent.getId()));
        assertEquals("document_not_found", notFound.errorCode());
        assertEquals(
                "HTTP 404 document_not_found: Message not found (GET /conversations/messages/{id})",
                notFound.getMessage());

        // 9. push, 8. edit, 7. read, 6. delete
        ConversationsMessage pushed =
                api.conversationsPushedMessagesPost(new Body10().visitorId("v1").text("Shipped"));
        assertEquals(Boolean.TRUE, pushed.getIsPushed());
        ConversationsMessage pushedEdited =
                api.conversationsPushedMessagesIdPut(pushed.getId(), new Body11().text("Shipped: 9114"));
        assertEquals("Shipped: 9114", pushedEdited.getText());
        assertEquals(pushedEdited, api.conversationsPushedMessagesIdGet(pushed.getId()));
        assertEquals(
                List.of("Shipped: 9114"),
                sandbox.messagesFor("v1").stream().map(SandboxMessage::text).toList());
        api.conversationsPushedMessagesIdDelete(pushed.getId());
        assertThrows(NotFoundException.class, () -> api.conversationsPushedMessagesIdGet(pushed.getId()));

        assertTrue(sandbox.messagesFor("v1").isEmpty());

        // 10. assign the visitor to a group, then remove them from it
        ConversationsVisitorGroupPut200Response assigned = api.conversationsVisitorGroupPut(
                new ConversationsVisitorGroupPutRequest().visitorId("v1").groupId("PjRBMhWGen6aRHjif"));
        assertEquals("PjRBMhWGen6aRHjif", assigned.getGroupId());
        assertEquals("v1", assigned.getVisitorId());
        assertEquals("PjRBMhWGen6aRHjif", sandbox.visitorGroup("v1"));
        assertNull(api.conversationsVisitorGroupPut(new ConversationsVisitorGroupPutRequest()
                        .visitorId("v1")
                        .groupId(null))
                .getGroupId());
        assertNull(sandbox.visitorGroup("v1"));
        NotFoundException noVisitor = assertThrows(
                NotFoundException.class,
                () -> api.conversationsVisitorGroupPut(new ConversationsVisitorGroupPutRequest()
                        .visitorId("never-seen")
                        .groupId("PjRBMhWGen6aRHjif")));
        assertEquals(
                "HTTP 404 document_not_found: Visitor not found (PUT /conversations/visitorGroup)",
                noVisitor.getMessage());
        assertEquals(14, sandbox.requests().size());
        assertTrue(sandbox.requests().stream().allMatch(r -> "<redacted>".equals(r.header("api-key"))));
    }

    @Test
    void sdkRequestsCarryTheDocumentedHeadersAndBody() {
        api.conversationsMessagesPost(new Body8()
                .visitorId("v1")
                .text("Hi")
                .agentEmail("liz@getwear.com")
                .agentName("Liz")
                .receivedFrom("Helpdesk"));

        RecordedRequest request = sandbox.requests().get(0);
        assertEquals("POST", request.method());
        assertEquals("/v3/conversations/messages", request.path());
        assertEquals("application/json", request.header("Content-Type"));
        assertTrue(request.header("User-Agent").startsWith("conversations4j/"), request.header("User-Agent"));
        assertNull(request.header("partner-key"));
        assertEquals(
                "{\"visitorId\":\"v1\",\"text\":\"Hi\",\"receivedFrom\":\"Helpdesk\",\"agentEmail\":\"liz@getwear.com\","
                        + "\"agentName\":\"Liz\"}",
                request.body());
        assertEquals("Liz", sandbox.messagesFor("v1").get(0).agentName());
    }

    @Test
    void agentGoesOfflineWhenThePingWindowPasses() {
        api.conversationsAgentOnlinePingPost(
                new Body12().agentEmail("liz@getwear.com").agentName("Liz").receivedFrom("Helpdesk"));
        assertTrue(sandbox.isAgentOnline("liz@getwear.com"));
        clock.advance(Duration.ofSeconds(150)); // the default online window
        assertFalse(sandbox.isAgentOnline("liz@getwear.com"));
    }

    @Test
    void wrongKey_isUnauthorizedException() {
        ConversationsApi wrong = BrevoConversations.builder()
                .apiKey("not-the-key")
                .baseUrl(sandbox.baseUrl())
                .build();
        UnauthorizedException e =
                assertThrows(UnauthorizedException.class, () -> wrong.conversationsMessagesIdGet("eYBEm3gq3zc5ayE2g"));
        assertEquals("unauthorized", e.errorCode());
        assertEquals("Key not found", e.errorMessage());
        assertFalse(e.getMessage().contains("not-the-key"));
    }

    @Test
    void wrongKeyOnASend_isUnauthorizedException_withBrevosErrorBody() {
        // HttpURLConnection (Feign's Client.Default) drops this body in streaming mode; the SDK's transport keeps it.
        ConversationsApi wrong = BrevoConversations.builder()
                .apiKey("not-the-key")
                .baseUrl(sandbox.baseUrl())
                .build();
        UnauthorizedException e = assertThrows(
                UnauthorizedException.class,
                () -> wrong.conversationsPushedMessagesPost(
                        new Body10().visitorId("v1").text("t")));
        assertEquals(401, e.statusCode());
        assertEquals(401, sandbox.requests().get(0).status());
        assertEquals("unauthorized", e.errorCode());
        assertEquals(1, sandbox.requests().size(), "a 401 is not retried");
    }

    @Test
    void editingAVisitorsMessage_isBadRequestException() {
        SandboxMessage visitor = sandbox.addVisitorMessage("v1", "Hello?");
        BadRequestException e = assertThrows(
                BadRequestException.class,
                () -> api.conversationsMessagesIdPut(visitor.id(), new Body9().text("changed")));
        assertEquals("invalid_parameter", e.errorCode());
    }

    @Test
    void injected503_isServerErrorException_andNothingIsStored() {
        sandbox.failNext(1, 503);
        ServerErrorException e = assertThrows(
                ServerErrorException.class,
                () -> api.conversationsPushedMessagesPost(
                        new Body10().visitorId("v1").text("t")));
        assertEquals(503, e.statusCode());
        assertTrue(sandbox.messagesFor("v1").isEmpty());
    }

    @Test
    void rateLimited_isTooManyRequestsException_withTheHeaders() {
        try (ConversationsSandbox limited = ConversationsSandbox.builder()
                .clock(clock)
                .rateLimit(1, Duration.ofSeconds(60))
                .start()) {
            ConversationsApi client = BrevoConversations.builder()
                    .apiKey(limited.apiKey())
                    .baseUrl(limited.baseUrl())
                    .retryPolicy(RetryPolicy.none())
                    .build();
            client.conversationsPushedMessagesPost(new Body10().visitorId("v1").text("t"));
            clock.advance(Duration.ofSeconds(15));
            TooManyRequestsException e = assertThrows(
                    TooManyRequestsException.class,
                    () -> client.conversationsPushedMessagesPost(
                            new Body10().visitorId("v1").text("t")));
            assertEquals(Duration.ofSeconds(45), e.rateLimit().reset());
            assertEquals(0L, e.rateLimit().remaining());
            assertEquals(1, limited.messagesFor("v1").size());
        }
    }

    @Test
    void droppedConnectionOnASend_isBrevoConnectionException_mayHaveReachedServer() {
        sandbox.dropNext(1);
        BrevoConnectionException e = assertThrows(
                BrevoConnectionException.class,
                () -> api.conversationsPushedMessagesPost(
                        new Body10().visitorId("v1").text("t")));
        assertTrue(e.mayHaveReachedServer());
        assertTrue(sandbox.messagesFor("v1").isEmpty());
        assertEquals(1, sandbox.requests().size(), "the SDK did not re-send the POST");
    }

    @Test
    void droppedConnectionOnARead_isRetriedByTheSdk() {
        ConversationsApi retrying = BrevoConversations.builder()
                .apiKey(sandbox.apiKey())
                .baseUrl(sandbox.baseUrl())
                .retryPolicy(RetryPolicy.defaults().withBackoff(Duration.ofMillis(1), Duration.ofMillis(5)))
                .build();
        String id = retrying.conversationsPushedMessagesPost(
                        new Body10().visitorId("v1").text("t"))
                .getId();
        sandbox.dropNext(1);

        ConversationsMessage read = retrying.conversationsPushedMessagesIdGet(id);

        // One SDK retry, and nothing else: the transport itself never re-sends.
        assertEquals(id, read.getId());
        List<RecordedRequest> requests = sandbox.requests();
        assertEquals(
                List.of(200, 0, 200),
                requests.stream().map(RecordedRequest::status).toList());
    }

    @Test
    void slowResponse_isTimeout() {
        ConversationsApi impatient = BrevoConversations.builder()
                .apiKey(sandbox.apiKey())
                .baseUrl(sandbox.baseUrl())
                .retryPolicy(RetryPolicy.none())
                .readTimeout(Duration.ofMillis(200))
                .build();
        sandbox.delayNext(1, Duration.ofSeconds(2));
        BrevoConnectionException e = assertThrows(
                BrevoConnectionException.class, () -> impatient.conversationsMessagesIdGet("eYBEm3gq3zc5ayE2g"));
        assertTrue(e.isTimeout());
    }

    @Test
    void clientSideValidation_sendsNothing() {
        assertThrows(
                io.github.conversations4j.errors.InvalidRequestException.class,
                () -> api.conversationsMessagesPost(new Body8().visitorId("v1").text("t")));
        assertTrue(sandbox.requests().isEmpty());
    }

    @Test
    void anyOtherStatus_isBrevoApiException() {
        sandbox.failNext(1, 422);
        BrevoApiException e = assertThrows(BrevoApiException.class, () -> api.conversationsMessagesIdGet("x"));
        assertEquals(422, e.statusCode());
        assertEquals("unprocessable_entity", e.errorCode());
    }
}
