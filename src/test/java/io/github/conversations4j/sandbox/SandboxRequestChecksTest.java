package io.github.conversations4j.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** How the sandbox refuses requests that Brevo refuses: 401, 400, 404, 405, each without changing state. */
class SandboxRequestChecksTest {
    private static ConversationsSandbox sandbox;
    private static RawHttp http;

    @BeforeAll
    static void start() {
        sandbox = ConversationsSandbox.start();
        http = new RawHttp(sandbox);
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @AfterEach
    void noStateChanged() {
        assertTrue(sandbox.messagesFor("v1").isEmpty(), "a refused request stored a message");
        assertTrue(sandbox.onlineAgents().isEmpty(), "a refused request set an agent online");
        sandbox.reset();
    }

    private static void assertError(HttpResponse<String> response, int status, String code) {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals(
                "application/json",
                response.headers().firstValue("Content-Type").orElse(null));
        JsonNode body = RawHttp.json(response);
        assertEquals(code, body.get("code").asText(), response.body());
        assertTrue(
                body.get("message").isTextual() && !body.get("message").asText().isBlank());
        assertEquals(2, body.size(), "ErrorModel has code and message only");
    }

    static Stream<Arguments> everyOperation() {
        return Stream.of(
                Arguments.of("POST", "/conversations/agentOnlinePing", "{\"agentId\":\"a1\"}"),
                Arguments.of(
                        "POST", "/conversations/messages", "{\"visitorId\":\"v1\",\"text\":\"t\",\"agentId\":\"a1\"}"),
                Arguments.of("GET", "/conversations/messages/eYBEm3gq3zc5ayE2g", null),
                Arguments.of("PUT", "/conversations/messages/eYBEm3gq3zc5ayE2g", "{\"text\":\"t\"}"),
                Arguments.of("DELETE", "/conversations/messages/eYBEm3gq3zc5ayE2g", null),
                Arguments.of("POST", "/conversations/pushedMessages", "{\"visitorId\":\"v1\",\"text\":\"t\"}"),
                Arguments.of("GET", "/conversations/pushedMessages/eYBEm3gq3zc5ayE2g", null),
                Arguments.of("PUT", "/conversations/pushedMessages/eYBEm3gq3zc5ayE2g", "{\"text\":\"t\"}"),
                Arguments.of("DELETE", "/conversations/pushedMessages/eYBEm3gq3zc5ayE2g", null));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyOperation")
    void missingKey_is401KeyNotFound(String method, String path, String body) {
        HttpResponse<String> response = http.send(method, path, body, null);
        assertError(response, 401, "unauthorized");
        assertEquals("{\"code\":\"unauthorized\",\"message\":\"Key not found\"}", response.body());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyOperation")
    void wrongKey_is401(String method, String path, String body) {
        assertError(http.send(method, path, body, sandbox.apiKey() + "x"), 401, "unauthorized");
    }

    static Stream<Arguments> badBodies() {
        return Stream.of(
                // path, body, expected code
                Arguments.of("/conversations/messages", "", "missing_parameter"),
                Arguments.of("/conversations/messages", "{\"visitorId\":\"v1\",", "invalid_parameter"),
                Arguments.of("/conversations/messages", "{} {}", "invalid_parameter"),
                Arguments.of("/conversations/messages", "[]", "invalid_parameter"),
                Arguments.of("/conversations/messages", "\"text\"", "invalid_parameter"),
                Arguments.of("/conversations/messages", "{\"text\":\"t\",\"agentId\":\"a1\"}", "missing_parameter"),
                Arguments.of(
                        "/conversations/messages",
                        "{\"visitorId\":null,\"text\":\"t\",\"agentId\":\"a1\"}",
                        "missing_parameter"),
                Arguments.of(
                        "/conversations/messages", "{\"visitorId\":\"v1\",\"agentId\":\"a1\"}", "missing_parameter"),
                Arguments.of(
                        "/conversations/messages",
                        "{\"visitorId\":\" \",\"text\":\"t\",\"agentId\":\"a1\"}",
                        "invalid_parameter"),
                Arguments.of(
                        "/conversations/messages",
                        "{\"visitorId\":\"v1\",\"text\":\"\",\"agentId\":\"a1\"}",
                        "invalid_parameter"),
                Arguments.of(
                        "/conversations/messages",
                        "{\"visitorId\":\"v1\",\"text\":42,\"agentId\":\"a1\"}",
                        "invalid_parameter"),
                Arguments.of(
                        "/conversations/messages",
                        "{\"visitorId\":[\"v1\"],\"text\":\"t\",\"agentId\":\"a1\"}",
                        "invalid_parameter"),
                Arguments.of(
                        "/conversations/messages",
                        "{\"visitorId\":\"v1\",\"text\":\"t\",\"agentId\":7}",
                        "invalid_parameter"),
                Arguments.of(
                        "/conversations/messages",
                        "{\"visitorId\":\"v1\",\"text\":\"t\",\"visitorId\":\"v2\"," + "\"agentId\":\"a1\"}",
                        "invalid_parameter"),
                Arguments.of("/conversations/messages", "{\"visitorId\":\"v1\",\"text\":\"t\"}", "missing_parameter"),
                Arguments.of(
                        "/conversations/messages",
                        "{\"visitorId\":\"v1\",\"text\":\"t\",\"agentEmail\":\"liz@getwear.com\","
                                + "\"agentName\":\"Liz\"}",
                        "missing_parameter"),
                Arguments.of(
                        "/conversations/messages",
                        "{\"visitorId\":\"v1\",\"text\":\"t\",\"agentEmail\":\"not-an-email\","
                                + "\"agentName\":\"Liz\",\"receivedFrom\":\"x\"}",
                        "invalid_parameter"),
                Arguments.of("/conversations/agentOnlinePing", "{}", "missing_parameter"),
                Arguments.of("/conversations/agentOnlinePing", "", "missing_parameter"),
                Arguments.of("/conversations/agentOnlinePing", "{\"agentId\":\"\"}", "missing_parameter"),
                Arguments.of("/conversations/agentOnlinePing", "{\"agentId\":true}", "invalid_parameter"),
                Arguments.of(
                        "/conversations/agentOnlinePing",
                        "{\"agentName\":\"Liz\",\"receivedFrom\":\"x\"}",
                        "missing_parameter"),
                Arguments.of("/conversations/pushedMessages", "{\"text\":\"t\"}", "missing_parameter"),
                Arguments.of(
                        "/conversations/pushedMessages",
                        "{\"visitorId\":\"v1\",\"text\":{\"a\":1}}",
                        "invalid_parameter"),
                Arguments.of(
                        "/conversations/pushedMessages",
                        "{\"visitorId\":\"v1\",\"text\":\"t\",\"groupId\":1}",
                        "invalid_parameter"));
    }

    @ParameterizedTest(name = "POST {0} {1}")
    @MethodSource("badBodies")
    void bodyThatBreaksTheContract_is400(String path, String body, String code) {
        assertError(http.send("POST", path, body), 400, code);
    }

    @Test
    void missingAgent_messageNamesWhatIsMissing() {
        HttpResponse<String> response = http.send(
                "POST",
                "/conversations/messages",
                "{\"visitorId\":\"v1\",\"text\":\"t\",\"agentEmail\":\"liz@getwear.com\",\"agentName\":\"Liz\"}");
        assertTrue(RawHttp.json(response).get("message").asText().contains("missing: receivedFrom"), response.body());
    }

    @Test
    void editWithBadBody_is400_andTheTextStays() {
        String id = RawHttp.json(http.send(
                        "POST", "/conversations/pushedMessages", "{\"visitorId\":\"v9\",\"text\":\"original\"}"))
                .get("id")
                .asText();

        assertError(http.send("PUT", "/conversations/pushedMessages/" + id, "{}"), 400, "missing_parameter");
        assertError(http.send("PUT", "/conversations/pushedMessages/" + id, "{\"text\":1}"), 400, "invalid_parameter");
        assertError(http.send("PUT", "/conversations/pushedMessages/" + id, "no json"), 400, "invalid_parameter");
        assertError(http.send("PUT", "/conversations/pushedMessages/" + id, null), 400, "missing_parameter");

        assertEquals("original", sandbox.message(id).text());
    }

    @Test
    void unknownFields_areIgnored() {
        HttpResponse<String> response = http.send(
                "POST",
                "/conversations/pushedMessages",
                "{\"visitorId\":\"v9\",\"text\":\"t\",\"somethingNew\":{\"x\":1}}");
        assertEquals(200, response.statusCode(), response.body());
    }

    static Stream<Arguments> wrongMethods() {
        return Stream.of(
                Arguments.of("GET", "/conversations/messages", "POST"),
                Arguments.of("PUT", "/conversations/pushedMessages", "POST"),
                Arguments.of("DELETE", "/conversations/agentOnlinePing", "POST"),
                Arguments.of("GET", "/conversations/agentOnlinePing", "POST"),
                Arguments.of("POST", "/conversations/messages/eYBEm3gq3zc5ayE2g", "GET, PUT, DELETE"),
                Arguments.of("PATCH", "/conversations/pushedMessages/eYBEm3gq3zc5ayE2g", "GET, PUT, DELETE"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("wrongMethods")
    void wrongMethodOnKnownPath_is405WithAllow(String method, String path, String allow) {
        HttpResponse<String> response = http.send(method, path, method.equals("GET") ? null : "{}");
        assertError(response, 405, "method_not_allowed");
        assertEquals(
                method + " Method is not allowed on this path",
                RawHttp.json(response).get("message").asText());
        assertEquals(allow, response.headers().firstValue("Allow").orElse(null));
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(
            strings = {
                "/conversations",
                "/conversations/message",
                "/conversations/messages/",
                "/conversations/messages/a/b",
                "/contacts",
                "/conversations/messages/eYBEm3gq3zc5ayE2g/extra"
            })
    void unknownPath_is404NotFound(String path) {
        assertError(http.send("GET", path, null), 404, "not_found");
    }

    @Test
    void pathOutsideV3_is404() {
        String root = sandbox.baseUrl().substring(0, sandbox.baseUrl().length() - "/v3".length());
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        HttpResponse<String> response;
        try {
            response = client.send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(root + "/conversations/messages"))
                            .header("api-key", sandbox.apiKey())
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                                    "{\"visitorId\":\"v1\",\"text\":\"t\",\"agentId\":\"a1\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        assertError(response, 404, "not_found");
    }
}
