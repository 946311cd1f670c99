package io.github.conversations4j.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.conversations4j.spec.Spec;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The operations over raw HTTP: statuses, bodies, headers, and the state they keep. SandboxSpecTest holds the same
 * sandbox to every operation, status and required field of the spec.
 */
class SandboxOperationsTest {
    /** The ping's success status, as openapi/conversations.yaml documents it (never typed here). */
    private static final int PING_OK =
            Spec.project().operation("conversationsAgentOnlinePingPost").successStatus();

    private static final Instant START = Instant.parse("2024-05-01T10:00:00Z");
    private static final String ID_SHAPE = "[A-Za-z0-9]{17}";

    private MutableClock clock;
    private ConversationsSandbox sandbox;
    private RawHttp http;

    @BeforeEach
    void start() {
        clock = new MutableClock(START);
        sandbox = ConversationsSandbox.builder().apiKey("test-key").clock(clock).start();
        http = new RawHttp(sandbox);
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    private JsonNode sendAgentMessage(String visitorId, String text) {
        HttpResponse<String> response = http.send(
                "POST",
                "/conversations/messages",
                "{\"visitorId\":\"" + visitorId + "\",\"text\":\"" + text + "\",\"agentId\":\"d9nKoegKSjmCtyK78\"}");
        assertEquals(200, response.statusCode(), response.body());
        return RawHttp.json(response);
    }

    private JsonNode sendPushedMessage(String visitorId, String text) {
        HttpResponse<String> response = http.send(
                "POST",
                "/conversations/pushedMessages",
                "{\"visitorId\":\"" + visitorId + "\",\"text\":\"" + text + "\"}");
        assertEquals(200, response.statusCode(), response.body());
        return RawHttp.json(response);
    }

    @Test
    void baseUrl_isLoopbackWithV3() {
        assertTrue(sandbox.baseUrl().matches("http://127\\.0\\.0\\.1:\\d+/v3"), sandbox.baseUrl());
        assertNotEquals(0, sandbox.port());
    }

    @Test
    void sendAgentMessage_answers200WithBrevoShapedMessage() {
        HttpResponse<String> response = http.send(
                "POST",
                "/conversations/messages",
                "{\"visitorId\":\"kZMv\",\"text\":\"Hello!\",\"agentId\":\"d9nKoegKSjmCtyK78\","
                        + "\"receivedFrom\":\"SuperAwesomeHelpdesk\"}");

        assertEquals(200, response.statusCode());
        assertEquals(
                "application/json",
                response.headers().firstValue("Content-Type").orElse(null));
        JsonNode body = RawHttp.json(response);
        assertTrue(body.get("id").asText().matches(ID_SHAPE), body.toString());
        assertEquals("agent", body.get("type").asText());
        assertEquals("Hello!", body.get("text").asText());
        assertEquals("kZMv", body.get("visitorId").asText());
        assertEquals("d9nKoegKSjmCtyK78", body.get("agentId").asText());
        assertEquals("SuperAwesomeHelpdesk", body.get("receivedFrom").asText());
        assertEquals(START.toEpochMilli(), body.get("createdAt").asLong());
        assertFalse(body.get("isPushed").asBoolean());
        assertTrue(body.get("isPushed").isBoolean());
        assertEquals("Hello!", body.get("html").asText(), "2026 shape: html beside text");
        for (String flag : List.of("isTrigger", "isMissed", "isMissedByVisitor")) {
            assertTrue(body.get(flag).isBoolean() && !body.get(flag).asBoolean(), flag);
        }
    }

    @Test
    void html_escapesTheTextAndBreaksLines() {
        HttpResponse<String> response = http.send(
                "POST",
                "/conversations/messages",
                "{\"visitorId\":\"v1\",\"text\":\"<b>Tom & 'Jerry'</b>\\nline\\r\\nend\",\"agentId\":\"a1\"}");

        assertEquals(
                "&lt;b&gt;Tom &amp; &#39;Jerry&#39;&lt;/b&gt;<br>line<br>end",
                RawHttp.json(response).get("html").asText());
    }

    @Test
    void visitorGroup_assignsAndRemovesAVisitorTheSandboxHasSeen() {
        sendPushedMessage("v1", "Welcome");

        HttpResponse<String> assigned = http.send(
                "PUT", "/conversations/visitorGroup", "{\"visitorId\":\"v1\",\"groupId\":\"PjRBMhWGen6aRHjif\"}");
        assertEquals(200, assigned.statusCode(), assigned.body());
        assertEquals("{\"groupId\":\"PjRBMhWGen6aRHjif\",\"visitorId\":\"v1\"}", assigned.body());
        assertEquals("PjRBMhWGen6aRHjif", sandbox.visitorGroup("v1"));

        HttpResponse<String> removed =
                http.send("PUT", "/conversations/visitorGroup", "{\"visitorId\":\"v1\",\"groupId\":null}");
        assertEquals(200, removed.statusCode(), removed.body());
        assertEquals("{\"groupId\":null,\"visitorId\":\"v1\"}", removed.body());
        assertNull(sandbox.visitorGroup("v1"));

        sandbox.reset();
        assertEquals(
                404,
                http.send("PUT", "/conversations/visitorGroup", "{\"visitorId\":\"v1\",\"groupId\":\"g\"}")
                        .statusCode(),
                "reset forgets the visitor");
    }

    @Test
    void visitorGroup_refusesWhatBreaksTheContract() {
        sendPushedMessage("v1", "Welcome");
        String[][] cases = {
            {"{\"groupId\":\"g\"}", "400", "missing_parameter"},
            {"{\"visitorId\":\"v1\"}", "400", "missing_parameter"},
            {"{\"visitorId\":\"v1\",\"groupId\":\" \"}", "400", "invalid_parameter"},
            {"{\"visitorId\":\"v1\",\"groupId\":5}", "400", "invalid_parameter"},
            {"{\"visitorId\":\"unknown\",\"groupId\":\"g\"}", "404", "document_not_found"},
        };
        for (String[] c : cases) {
            HttpResponse<String> response = http.send("PUT", "/conversations/visitorGroup", c[0]);
            assertEquals(Integer.parseInt(c[1]), response.statusCode(), c[0]);
            assertEquals(c[2], RawHttp.json(response).get("code").asText(), c[0]);
        }
        assertNull(sandbox.visitorGroup("v1"), "no refused request changed state");
        assertEquals(405, http.send("POST", "/conversations/visitorGroup", "{}").statusCode());
    }

    @Test
    void sendAgentMessage_byEmail_usesOneStableAgentIdAndName() {
        String body = "{\"visitorId\":\"v1\",\"text\":\"Hi\",\"agentEmail\":\"Liz@getwear.com\",\"agentName\":\"Liz\","
                + "\"receivedFrom\":\"Helpdesk\"}";
        JsonNode first = RawHttp.json(http.send("POST", "/conversations/messages", body));
        JsonNode second = RawHttp.json(http.send("POST", "/conversations/messages", body.replace("Liz@", "liz@")));

        String agentId = ConversationsSandbox.agentIdForEmail("liz@getwear.com");
        assertTrue(agentId.matches(ID_SHAPE));
        assertEquals(agentId, first.get("agentId").asText());
        assertEquals(agentId, second.get("agentId").asText());
        assertEquals("Liz", first.get("agentName").asText());
        assertNotEquals(first.get("id").asText(), second.get("id").asText());
    }

    @Test
    void sendPushedMessage_answers200MarkedPushedWithSomeAgent() {
        JsonNode body = sendPushedMessage("v1", "Your order has shipped");

        assertTrue(body.get("id").asText().matches(ID_SHAPE));
        assertEquals("agent", body.get("type").asText());
        assertTrue(body.get("isPushed").asBoolean());
        assertTrue(body.get("agentId").asText().matches(ID_SHAPE), "a random agent is used");
        assertNull(body.get("receivedFrom"));
    }

    @Test
    void sendPushedMessage_withAgentId_keepsIt() {
        JsonNode body = RawHttp.json(http.send(
                "POST",
                "/conversations/pushedMessages",
                "{\"visitorId\":\"v1\",\"text\":\"t\",\"agentId\":\"agent42\"}"));
        assertEquals("agent42", body.get("agentId").asText());
    }

    @Test
    void get_returnsWhatWasSent() {
        JsonNode sent = sendAgentMessage("v1", "Hello");
        clock.advance(Duration.ofMinutes(5));

        HttpResponse<String> response =
                http.send("GET", "/conversations/messages/" + sent.get("id").asText(), null);

        assertEquals(200, response.statusCode());
        assertEquals(
                "application/json",
                response.headers().firstValue("Content-Type").orElse(null));
        assertEquals(sent, RawHttp.json(response));
    }

    @Test
    void put_changesTheTextAndKeepsTheRest() {
        JsonNode sent = sendAgentMessage("v1", "Hello");
        String path = "/conversations/messages/" + sent.get("id").asText();

        HttpResponse<String> put = http.send("PUT", path, "{\"text\":\"Good morning!\"}");
        JsonNode got = RawHttp.json(http.send("GET", path, null));

        assertEquals(200, put.statusCode());
        assertEquals("Good morning!", RawHttp.json(put).get("text").asText());
        assertEquals("Good morning!", got.get("text").asText());
        assertEquals(sent.get("createdAt"), got.get("createdAt"));
        assertEquals(sent.get("agentId"), got.get("agentId"));
        assertEquals("Good morning!", sandbox.message(sent.get("id").asText()).text());
    }

    @Test
    void delete_answers204ThenTheMessageIsGone() {
        JsonNode sent = sendAgentMessage("v1", "Hello");
        String path = "/conversations/messages/" + sent.get("id").asText();

        HttpResponse<String> delete = http.send("DELETE", path, null);

        assertEquals(204, delete.statusCode());
        assertEquals("", delete.body());
        assertTrue(delete.headers().firstValue("Content-Type").isEmpty());
        HttpResponse<String> get = http.send("GET", path, null);
        assertEquals(404, get.statusCode());
        assertEquals("document_not_found", RawHttp.json(get).get("code").asText());
        assertEquals(404, http.send("DELETE", path, null).statusCode(), "a second delete finds nothing");
        assertEquals(404, http.send("PUT", path, "{\"text\":\"x\"}").statusCode());
        assertNull(sandbox.message(sent.get("id").asText()));
    }

    @Test
    void pushedMessage_getEditDelete_onItsOwnPath() {
        JsonNode sent = sendPushedMessage("v1", "Shipped");
        String path = "/conversations/pushedMessages/" + sent.get("id").asText();

        assertEquals(sent, RawHttp.json(http.send("GET", path, null)));
        HttpResponse<String> put = http.send("PUT", path, "{\"text\":\"Shipped: 9114\"}");
        assertEquals(200, put.statusCode());
        assertEquals("Shipped: 9114", RawHttp.json(put).get("text").asText());
        assertTrue(RawHttp.json(put).get("isPushed").asBoolean());
        assertEquals(204, http.send("DELETE", path, null).statusCode());
        assertEquals(404, http.send("GET", path, null).statusCode());
    }

    @Test
    void agentAndPushedMessages_areNotFoundUnderEachOthersPath() {
        String agentId = sendAgentMessage("v1", "Hello").get("id").asText();
        String pushedId = sendPushedMessage("v1", "Shipped").get("id").asText();

        for (String method : List.of("GET", "PUT", "DELETE")) {
            String body = method.equals("PUT") ? "{\"text\":\"x\"}" : null;
            HttpResponse<String> a = http.send(method, "/conversations/pushedMessages/" + agentId, body);
            HttpResponse<String> p = http.send(method, "/conversations/messages/" + pushedId, body);
            assertEquals(404, a.statusCode(), method);
            assertEquals(404, p.statusCode(), method);
            assertEquals("{\"code\":\"document_not_found\",\"message\":\"Message not found\"}", a.body());
        }
        assertEquals("Hello", sandbox.message(agentId).text(), "not changed by the refused calls");
        assertEquals("Shipped", sandbox.message(pushedId).text());
    }

    @Test
    void unknownId_is404DocumentNotFound() {
        HttpResponse<String> response = http.send("GET", "/conversations/messages/eYBEm3gq3zc5ayE2g", null);

        assertEquals(404, response.statusCode());
        assertEquals(
                "application/json",
                response.headers().firstValue("Content-Type").orElse(null));
        assertEquals("{\"code\":\"document_not_found\",\"message\":\"Message not found\"}", response.body());
    }

    @Test
    void percentEncodedId_isDecodedAsOneSegment() {
        assertEquals(
                404, http.send("GET", "/conversations/messages/a%2Fb", null).statusCode());
        String id = sendAgentMessage("v1", "Hello").get("id").asText();
        assertEquals(
                200,
                http.send(
                                "GET",
                                "/conversations/messages/%" + Integer.toHexString(id.charAt(0)) + id.substring(1),
                                null)
                        .statusCode());
    }

    @Test
    void visitorMessages_canBeReadButNotEditedOrDeleted() {
        SandboxMessage visitor = sandbox.addVisitorMessage("v1", "Where is my order?");
        String path = "/conversations/messages/" + visitor.id();

        JsonNode got = RawHttp.json(http.send("GET", path, null));
        HttpResponse<String> put = http.send("PUT", path, "{\"text\":\"changed\"}");
        HttpResponse<String> delete = http.send("DELETE", path, null);

        assertEquals("visitor", got.get("type").asText());
        assertNull(got.get("agentId"));
        assertEquals(400, put.statusCode());
        assertEquals("invalid_parameter", RawHttp.json(put).get("code").asText());
        assertEquals(400, delete.statusCode());
        assertEquals("Where is my order?", sandbox.message(visitor.id()).text());
        assertEquals(
                404,
                http.send("GET", "/conversations/pushedMessages/" + visitor.id(), null)
                        .statusCode());
    }

    @Test
    void messagesFor_listsAVisitorsConversationInOrder() {
        String first = sendAgentMessage("v1", "one").get("id").asText();
        sendAgentMessage("v2", "other visitor");
        SandboxMessage reply = sandbox.addVisitorMessage("v1", "two");
        String third = sendPushedMessage("v1", "three").get("id").asText();

        List<SandboxMessage> conversation = sandbox.messagesFor("v1");

        assertEquals(
                List.of(first, reply.id(), third),
                conversation.stream().map(SandboxMessage::id).toList());
        assertEquals(
                List.of("one", "two", "three"),
                conversation.stream().map(SandboxMessage::text).toList());
        assertTrue(conversation.get(2).pushed());
        assertTrue(sandbox.messagesFor("nobody").isEmpty());
    }

    @Test
    void ping_answersItsDocumentedSuccessEmptyAndSetsAgentOnlineForTheWindow() {
        HttpResponse<String> response =
                http.send("POST", "/conversations/agentOnlinePing", "{\"agentId\":\"d9nKoegKSjmCtyK78\"}");

        assertEquals(PING_OK, response.statusCode());
        assertEquals("", response.body());
        assertTrue(sandbox.isAgentOnline("d9nKoegKSjmCtyK78"));
        assertEquals(Set.of("d9nKoegKSjmCtyK78"), sandbox.onlineAgents());

        clock.advance(Duration.ofSeconds(149));
        assertTrue(sandbox.isAgentOnline("d9nKoegKSjmCtyK78"), "still online within the 150 s window");
        clock.advance(Duration.ofSeconds(1));
        assertFalse(sandbox.isAgentOnline("d9nKoegKSjmCtyK78"), "offline once the window has passed");
        assertEquals(Set.of(), sandbox.onlineAgents());
    }

    @Test
    void ping_again_extendsTheWindow_andWindowIsConfigurable() {
        try (ConversationsSandbox short60 = ConversationsSandbox.builder()
                .clock(clock)
                .agentOnlineWindow(Duration.ofSeconds(60))
                .start()) {
            RawHttp raw = new RawHttp(short60);
            raw.send("POST", "/conversations/agentOnlinePing", "{\"agentId\":\"a1\"}");
            clock.advance(Duration.ofSeconds(50));
            raw.send("POST", "/conversations/agentOnlinePing", "{\"agentId\":\"a1\"}");
            clock.advance(Duration.ofSeconds(50));
            assertTrue(short60.isAgentOnline("a1"));
            clock.advance(Duration.ofSeconds(10));
            assertFalse(short60.isAgentOnline("a1"));
        }
    }

    @Test
    void ping_byEmail_isFoundByEmailOrDerivedId_andNamesLaterMessages() {
        http.send(
                "POST",
                "/conversations/agentOnlinePing",
                "{\"agentEmail\":\"liz@getwear.com\",\"agentName\":\"Liz\",\"receivedFrom\":\"Helpdesk\"}");
        String agentId = ConversationsSandbox.agentIdForEmail("liz@getwear.com");

        assertTrue(sandbox.isAgentOnline("liz@getwear.com"));
        assertTrue(sandbox.isAgentOnline(agentId));
        assertFalse(sandbox.isAgentOnline("someone@else.com"));
        JsonNode sent = RawHttp.json(http.send(
                "POST",
                "/conversations/messages",
                "{\"visitorId\":\"v1\",\"text\":\"Hi\",\"agentId\":\"" + agentId + "\"}"));
        assertEquals("Liz", sent.get("agentName").asText());
    }

    @Test
    void requests_areRecordedWithTheKeyRedacted() {
        sendAgentMessage("v1", "Hello");
        http.send("GET", "/conversations/messages/nope", null, "wrong-key");

        List<RecordedRequest> requests = sandbox.requests();

        assertEquals(2, requests.size());
        RecordedRequest post = requests.get(0);
        assertEquals("POST", post.method());
        assertEquals("/v3/conversations/messages", post.path());
        assertEquals("<redacted>", post.header("API-KEY"));
        assertEquals("application/json", post.header("content-type"));
        assertTrue(post.body().contains("\"visitorId\":\"v1\""));
        assertEquals(200, post.status());
        assertEquals(401, requests.get(1).status());
        assertFalse(requests.toString().contains("test-key"));
        assertFalse(requests.toString().contains("wrong-key"));
    }

    @Test
    void reset_forgetsEverything() {
        String id = sendAgentMessage("v1", "Hello").get("id").asText();
        http.send("POST", "/conversations/agentOnlinePing", "{\"agentId\":\"a1\"}");
        sandbox.failNext(1, 503);

        sandbox.reset();

        assertNull(sandbox.message(id));
        assertTrue(sandbox.messagesFor("v1").isEmpty());
        assertFalse(sandbox.isAgentOnline("a1"));
        assertTrue(sandbox.requests().isEmpty());
        assertEquals(
                404,
                http.send("GET", "/conversations/messages/" + id, null).statusCode(),
                "the pending fault was dropped too");
    }

    @Test
    void close_stopsListening() {
        String baseUrl = sandbox.baseUrl();
        sandbox.close();
        sandbox.close();
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(baseUrl + "/conversations/messages/x"))
                .build();
        org.junit.jupiter.api.Assertions.assertThrows(
                java.io.IOException.class,
                () -> client.send(request, java.net.http.HttpResponse.BodyHandlers.discarding()));
    }
}
