package io.github.conversations4j.opentelemetry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.conversations4j.BrevoConversations;
import io.github.conversations4j.ConversationsClient;
import io.github.conversations4j.RetryPolicy;
import io.github.conversations4j.errors.NotFoundException;
import io.github.conversations4j.model.Body10;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Run by {@link OpenTelemetryAgentTest} in a JVM of its own under the OpenTelemetry Java agent: a loopback
 * server that notes each request's {@code traceparent}, and an application span in which the SDK makes two sends
 * and a get that is retried once (503) and fails (404): four attempts. Prints {@code APP_TRACE <trace id>} and one
 * {@code TRACEPARENT <value>} per request on stdout; the agent's exporters print the spans and metrics.
 */
public final class AgentProgram {
    private AgentProgram() {}

    public static void main(String[] args) throws Exception {
        AtomicInteger gets = new AtomicInteger();
        StringBuffer traceparents = new StringBuffer();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            traceparents
                    .append("TRACEPARENT ")
                    .append(exchange.getRequestHeaders().getFirst("traceparent"))
                    .append('\n');
            try (InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
            }
            if (exchange.getRequestMethod().equals("POST")) {
                answer(
                        exchange,
                        201,
                        "{\"id\":\"AXCR3k9bpSY7bpuh7\",\"type\":\"agent\",\"text\":\"ok\","
                                + "\"visitorId\":\"v\",\"createdAt\":1}");
            } else if (gets.incrementAndGet() == 1) {
                answer(exchange, 503, "");
            } else {
                answer(exchange, 404, "{\"code\":\"document_not_found\",\"message\":\"Message not found\"}");
            }
        });
        server.start();
        String baseUrl = "http://127.0.0.1:" + server.getAddress().getPort() + "/v3";
        Span app = GlobalOpenTelemetry.getTracer("agent-test-app")
                .spanBuilder("application work")
                .startSpan();
        try (Scope ignored = app.makeCurrent();
                ConversationsClient client = BrevoConversations.builder()
                        .apiKey("xkeysib-agent-test")
                        .baseUrl(baseUrl)
                        .retryPolicy(RetryPolicy.defaults()
                                .withMaxRetries(1)
                                .withBackoff(Duration.ofMillis(10), Duration.ofMillis(10)))
                        .build()) {
            for (int i = 0; i < 2; i++) {
                client.conversationsPushedMessagesPost(
                        new Body10().visitorId("visitor-secret").text("text-secret"));
            }
            try {
                client.conversationsMessagesIdGet("eYBEm3gq3zc5ayE2g");
                throw new AssertionError("the get should have failed");
            } catch (NotFoundException expected) {
                // the fourth attempt
            }
        } finally {
            app.end();
            server.stop(0);
        }
        System.out.println("APP_TRACE " + app.getSpanContext().getTraceId());
        System.out.print(traceparents);
        System.out.flush();
        // The agent's shutdown hook flushes the spans and the last metrics to its logging exporters.
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
