package io.github.conversations4j;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.conversations4j.model.ConversationsMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AttemptHookTest extends WireMockTestBase {

    private void stubRetryThenSuccess() {
        wm.stubFor(get(urlEqualTo("/v3/conversations/messages/" + MESSAGE_ID))
                .inScenario("r")
                .whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("second")
                .willReturn(aResponse().withStatus(503)));
        wm.stubFor(get(urlEqualTo("/v3/conversations/messages/" + MESSAGE_ID))
                .inScenario("r")
                .whenScenarioStateIs("second")
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody(fixture("agent-message.json"))));
    }

    private BrevoConversations.Builder retrying() {
        return builder()
                .retryPolicy(RetryPolicy.defaults()
                        .withMaxRetries(1)
                        .withBackoff(Duration.ofMillis(1), Duration.ofMillis(1)))
                .sleeper(new FakeSleeper());
    }

    @Test
    void aHook_setsHeadersOnEachAttempt_andSeesTheNumberAndThePreviousOutcome() {
        stubRetryThenSuccess();
        List<String> seen = new ArrayList<>();
        try (ConversationsClient client = retrying()
                .addAttemptHook(a -> {
                    seen.add(a.call().operation() + " " + a.number() + " "
                            + (a.previous() == null
                                    ? "-"
                                    : a.previous().status() + " "
                                            + a.previous().failure().getSimpleName()));
                    a.header("X-Attempt", Integer.toString(a.number())).header("X-Audit", "first");
                })
                .addAttemptHook(a -> a.header("x-audit", "second")) // a later hook replaces, whatever the case
                .build()) {
            ConversationsMessage message = client.conversationsMessagesIdGet(MESSAGE_ID);
            assertEquals(MESSAGE_ID, message.getId());
        }
        assertEquals(
                List.of("conversationsMessagesIdGet 1 -", "conversationsMessagesIdGet 2 503 ServerErrorException"),
                seen);
        List<LoggedRequest> requests = received();
        assertEquals(2, requests.size());
        for (int i = 0; i < 2; i++) {
            assertEquals(Integer.toString(i + 1), requests.get(i).getHeader("X-Attempt"));
            assertEquals(
                    List.of("second"),
                    requests.get(i).getHeaders().getHeader("X-Audit").values());
        }
    }

    @Test
    void aHook_cannotSetTheKeyOrFramingHeaders_andItsFailureNeverChangesTheCall() {
        stubRetryThenSuccess();
        List<Class<?>> refused = new ArrayList<>();
        try (ConversationsClient client = retrying()
                .addAttemptHook(a -> {
                    for (String name : List.of(
                            "api-key",
                            "API-KEY",
                            "Authorization",
                            "partner-key",
                            "User-Agent",
                            "Host",
                            "Content-Length",
                            "Bad Name")) {
                        try {
                            a.header(name, "x");
                        } catch (IllegalArgumentException e) {
                            refused.add(e.getClass());
                            assertTrue(!e.getMessage().contains("\"x\""), e.getMessage());
                        }
                    }
                    try {
                        a.header("X-Evil", "a\r\nInjected: yes");
                    } catch (IllegalArgumentException e) {
                        refused.add(e.getClass());
                    }
                    a.header("X-Before-Throw", "kept");
                    throw new IllegalStateException("a broken hook");
                })
                .addAttemptHook(a -> a.header("X-Later", "runs"))
                .build()) {
            assertEquals(
                    MESSAGE_ID, client.conversationsMessagesIdGet(MESSAGE_ID).getId());
        }
        assertEquals(2 * 9, refused.size());
        for (LoggedRequest request : received()) {
            assertEquals(API_KEY, request.getHeader("api-key"));
            assertEquals(1, request.getHeaders().getHeader("api-key").values().size());
            assertNull(request.getHeader("Authorization"));
            assertNull(request.getHeader("Injected"));
            assertEquals("kept", request.getHeader("X-Before-Throw"));
            assertEquals("runs", request.getHeader("X-Later"));
            assertTrue(request.getHeader("User-Agent").startsWith("conversations4j"), request.getHeader("User-Agent"));
        }
    }

    @Test
    void anAttemptKeptAfterItsHook_refusesHeaders() {
        wm.stubFor(get(urlEqualTo("/v3/conversations/messages/" + MESSAGE_ID))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody(fixture("agent-message.json"))));
        AttemptHook.Attempt[] kept = new AttemptHook.Attempt[1];
        try (ConversationsClient client =
                builder().addAttemptHook(a -> kept[0] = a).build()) {
            client.conversationsMessagesIdGet(MESSAGE_ID);
        }
        assertThrows(IllegalStateException.class, () -> kept[0].header("X-Late", "no"));
    }
}
