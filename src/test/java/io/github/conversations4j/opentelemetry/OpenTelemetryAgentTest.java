package io.github.conversations4j.opentelemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.conversations4j.BrevoConversations;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The SDK under the real OpenTelemetry Java agent ({@code -javaagent}, as production services run it), in a JVM
 * of its own: {@link AgentProgram} makes four attempts inside an application span against a loopback server.
 * The agent's exporters write OTLP JSON to the program's output (no exporter reaches a network); this test reads
 * it back: one CLIENT span per attempt with the HTTP semantic conventions, one duration point per attempt, and
 * the server saw the application's trace id in every {@code traceparent}.
 *
 * <p>The agent jar is copied by the build to {@code target/otel-agent} (maven-dependency-plugin). Only the
 * agent's bridge of the application's OpenTelemetry API is switched on: the other instrumentations would only
 * slow the start (and the JDK HTTP server the program uses is not what is tested).
 */
class OpenTelemetryAgentTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String location(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString();
    }

    @Test
    void underTheJavaAgent_eachAttemptIsAClientSpanAndADurationPoint_andTheTraceReachesTheServer() throws Exception {
        Path agent = Path.of(System.getProperty("otel.agent.jar", "target/otel-agent/opentelemetry-javaagent.jar"));
        assertTrue(Files.isRegularFile(agent), "the build copies the agent to " + agent);
        List<String> classPath = new ArrayList<>();
        for (Class<?> type : new Class<?>[] {
            BrevoConversations.class,
            AgentProgram.class,
            feign.Client.class,
            ObjectMapper.class,
            JsonParser.class,
            JsonProperty.class,
            io.opentelemetry.api.GlobalOpenTelemetry.class,
            io.opentelemetry.context.Context.class,
            io.opentelemetry.common.ComponentLoader.class
        }) {
            classPath.add(location(type));
        }
        Path out = Files.createTempFile("otel-agent", ".out");
        try {
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-javaagent:" + agent.toAbsolutePath(),
                    "-Xshare:off",
                    "-XX:TieredStopAtLevel=1",
                    "-Dotel.service.name=conversations4j-agent-test",
                    // Exporters that print, never send: nothing leaves the machine.
                    "-Dotel.traces.exporter=logging-otlp",
                    "-Dotel.metrics.exporter=logging-otlp",
                    "-Dotel.logs.exporter=none",
                    "-Dotel.metric.export.interval=500",
                    "-Dotel.bsp.schedule.delay=100",
                    "-Dotel.instrumentation.common.default-enabled=false",
                    "-Dotel.instrumentation.opentelemetry-api.enabled=true",
                    "-Dotel.instrumentation.runtime-telemetry.enabled=false",
                    "-cp",
                    String.join(File.pathSeparator, classPath),
                    AgentProgram.class.getName()));
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(out.toFile())
                    .start();
            // Generous: the agent's start takes tens of seconds on a busy machine; this catches a hang only.
            boolean ended = process.waitFor(5, TimeUnit.MINUTES);
            if (!ended) {
                process.destroyForcibly();
            }
            String output = Files.readString(out, StandardCharsets.UTF_8);
            assertTrue(ended, "the program did not end:\n" + output);
            assertEquals(0, process.exitValue(), output);
            check(output);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static void check(String output) throws Exception {
        String appTrace = null;
        List<String> traceparents = new ArrayList<>();
        List<JsonNode> spans = new ArrayList<>();
        long points = 0;
        for (String line : output.split("\n")) {
            if (line.startsWith("APP_TRACE ")) {
                appTrace = line.substring("APP_TRACE ".length()).trim();
            } else if (line.startsWith("TRACEPARENT ")) {
                traceparents.add(line.substring("TRACEPARENT ".length()).trim());
            }
            int brace = line.indexOf("{\"resource\"");
            if (brace < 0) {
                continue;
            }
            JsonNode batch = JSON.readTree(line.substring(brace));
            for (JsonNode scope : batch.path("scopeSpans")) {
                if (scope.path("scope").path("name").asText().equals("io.github.conversations4j")) {
                    scope.path("spans").forEach(spans::add);
                }
            }
            for (JsonNode scope : batch.path("scopeMetrics")) {
                if (!scope.path("scope").path("name").asText().equals("io.github.conversations4j")) {
                    continue;
                }
                for (JsonNode metric : scope.path("metrics")) {
                    if (metric.path("name").asText().equals("http.client.request.duration")) {
                        assertEquals("s", metric.path("unit").asText());
                        long batchPoints = 0;
                        for (JsonNode point : metric.path("histogram").path("dataPoints")) {
                            batchPoints += point.path("count").asLong();
                        }
                        points = Math.max(points, batchPoints); // cumulative: the last export holds every attempt
                    }
                }
            }
        }
        assertNotNull(appTrace, output);
        assertEquals(4, traceparents.size(), output);
        assertEquals(4, spans.size(), "one CLIENT span per attempt:\n" + output);
        assertEquals(4, points, "one duration point per attempt:\n" + output);
        Map<String, String> seenSpanIds = new HashMap<>();
        for (String traceparent : traceparents) {
            String[] parts = traceparent.split("-");
            assertEquals(appTrace, parts[1], "the server saw the application's trace: " + traceparent);
            seenSpanIds.put(parts[2], traceparent);
        }
        List<String> statuses = new ArrayList<>();
        for (JsonNode span : spans) {
            assertEquals(3, span.path("kind").asInt(), "SPAN_KIND_CLIENT: " + span);
            assertEquals(appTrace, span.path("traceId").asText());
            assertTrue(seenSpanIds.containsKey(span.path("spanId").asText()), "the request carried its span: " + span);
            Map<String, String> attributes = new HashMap<>();
            for (JsonNode attribute : span.path("attributes")) {
                JsonNode value = attribute.path("value");
                attributes.put(
                        attribute.path("key").asText(),
                        value.has("intValue")
                                ? value.path("intValue").asText()
                                : value.path("stringValue").asText());
            }
            assertEquals("127.0.0.1", attributes.get("server.address"), span.toString());
            assertNotNull(attributes.get("server.port"), span.toString());
            assertTrue(attributes.get("url.template").startsWith("/v3/conversations/"), span.toString());
            statuses.add(attributes.get("http.request.method") + " " + attributes.get("http.response.status_code") + " "
                    + attributes.get("error.type") + " " + attributes.get("http.request.resend_count"));
            assertFalse(span.toString().contains("secret"), span.toString());
        }
        statuses.sort(null);
        assertEquals(
                List.of("GET 404 404 1", "GET 503 503 null", "POST 201 null null", "POST 201 null null"),
                statuses,
                output);
    }
}
