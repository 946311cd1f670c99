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
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
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

    /** Loads the SDK's and the test's classes itself (not from the parent), and notes every name asked for. */
    static final class IsolatingLoader extends URLClassLoader {
        final List<String> asked = Collections.synchronizedList(new ArrayList<>());

        IsolatingLoader(URL[] urls) {
            super(urls, ClassLoader.getPlatformClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            asked.add(name);
            return super.loadClass(name, resolve);
        }
    }

    private static URL location(Class<?> type) throws Exception {
        return type.getProtectionDomain().getCodeSource().getLocation();
    }

    @Test
    void withoutTheApi_aCallWorks_andNoOpenTelemetryClassIsLoaded() throws Exception {
        wm.stubFor(get(urlEqualTo("/v3/conversations/messages/" + MESSAGE_ID))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody(fixture("agent-message.json"))));
        URL[] urls = {
            location(BrevoConversations.class),
            location(OpenTelemetryAbsentTest.class),
            location(feign.Client.class),
            location(ObjectMapper.class),
            location(JsonParser.class),
            location(JsonProperty.class)
        };
        for (URL url : urls) {
            assertFalse(url.toString().contains("opentelemetry"), url.toString());
        }
        try (IsolatingLoader loader = new IsolatingLoader(urls)) {
            assertThrows(
                    ClassNotFoundException.class,
                    () -> Class.forName("io.opentelemetry.api.GlobalOpenTelemetry", false, loader));
            @SuppressWarnings("unchecked")
            Function<String, String> calls = (Function<String, String>) loader.loadClass(Calls.class.getName())
                    .getDeclaredConstructor()
                    .newInstance();
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
        Path root = Path.of(BrevoConversations.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        List<String> naming = new ArrayList<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path c : all.filter(p -> p.toString().endsWith(".class")).toList()) {
                String bytes = new String(Files.readAllBytes(c), StandardCharsets.ISO_8859_1);
                if (bytes.contains("io/opentelemetry/")) {
                    naming.add(root.relativize(c).toString().replace('\\', '/'));
                }
            }
        }
        assertTrue(!naming.isEmpty(), "the check finds the tracer");
        for (String name : naming) {
            assertTrue(name.startsWith("io/github/conversations4j/internal/OpenTelemetryTracer"), name);
        }
    }
}
