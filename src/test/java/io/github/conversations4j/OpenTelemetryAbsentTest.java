package io.github.conversations4j;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * OpenTelemetry is optional: without its API on the class path a client works as before and loads none of its
 * classes, nor the SDK's class that uses them; and only that class names OpenTelemetry.
 */
class OpenTelemetryAbsentTest extends WireMockTestBase {

    /** Run inside the class loader without OpenTelemetry: builds a client, makes a call, returns the answer. */
    public static final class Calls implements Function<String, String> {
        @Override
        public String apply(String baseUrl) {
            try (ConversationsClient client = BrevoConversations.builder()
                    .apiKey(API_KEY)
                    .baseUrl(baseUrl)
                    .retryPolicy(RetryPolicy.none())
                    .addAttemptHook(a -> a.header("X-Audit", "a1"))
                    .build()) {
                return client.conversationsMessagesIdGet(MESSAGE_ID).getId();
            }
        }
    }

    @Test
    void withoutTheApi_aCallWorks_andNoOpenTelemetryClassIsLoaded() throws Exception {
        wm.stubFor(get(urlEqualTo("/v3/conversations/messages/" + MESSAGE_ID))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody(fixture("agent-message.json"))));
        try (IsolatingLoader loader = new IsolatingLoader(
                "opentelemetry",
                BrevoConversations.class,
                OpenTelemetryAbsentTest.class,
                feign.Client.class,
                ObjectMapper.class,
                JsonParser.class,
                JsonProperty.class)) {
            assertThrows(
                    ClassNotFoundException.class,
                    () -> Class.forName("io.opentelemetry.api.GlobalOpenTelemetry", false, loader));
            Function<String, String> calls = loader.instance(Calls.class);
            assertEquals(MESSAGE_ID, calls.apply(wm.baseUrl() + "/v3"));
            List<String> asked = new ArrayList<>(loader.asked);
            assertTrue(
                    asked.contains("io.github.conversations4j.internal.SdkInvocationHandler"),
                    "the loader ran the SDK");
            // The probe for the API is the only mention; the tracer that uses it is never loaded.
            assertFalse(asked.contains("io.github.conversations4j.internal.OpenTelemetryTracer"), asked.toString());
            assertEquals(
                    List.of("io.opentelemetry.api.GlobalOpenTelemetry"),
                    asked.stream()
                            .filter(n -> n.startsWith("io.opentelemetry."))
                            .distinct()
                            .toList());
        }
        assertEquals("a1", received().get(0).getHeader("X-Audit"));
    }

    @Test
    void onlyTheTracerClass_namesOpenTelemetry() throws Exception {
        List<String> naming = IsolatingLoader.mainClassesNaming("io/opentelemetry/");
        assertTrue(!naming.isEmpty(), "the check finds the tracer");
        for (String name : naming) {
            assertTrue(name.startsWith("io/github/conversations4j/internal/OpenTelemetryTracer"), name);
        }
    }
}
