package io.github.conversations4j.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpServer;
import io.github.conversations4j.ConversationsClient;
import io.github.conversations4j.model.Body10;
import io.github.conversations4j.sandbox.ConversationsSandbox;
import io.github.conversations4j.sandbox.SandboxMessage;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A real application (Tomcat, Actuator, the auto-configured client) against the sandbox: a controller sends
 * through the injected client, the sandbox's webhooks come back through the endpoint, a listener answers with the
 * loop guard, and Micrometer and Boot's logging see the calls.
 */
@ExtendWith(OutputCaptureExtension.class)
class ApplicationTest {
    static final String KEY = "xkeysib-app-0123456789abcdef-AbCdEf";
    static final String TOKEN = "t0k3n-0123456789-abcdef";
    static final HttpClient HTTP = HttpClient.newHttpClient();

    static HttpServer relay;
    static volatile int appPort;
    static ConversationsSandbox sandbox;
    static ConfigurableApplicationContext app;

    @BeforeAll
    static void start() throws IOException {
        // The sandbox needs the webhook URL before the application (which needs the sandbox's URL) has a port: a
        // relay on a port of its own forwards each webhook to the application once it runs.
        relay = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        relay.createContext("/", exchange -> {
            try (exchange) {
                HttpResponse<Void> forwarded;
                try {
                    forwarded = HTTP.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + appPort + exchange.getRequestURI()))
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofByteArray(
                                            exchange.getRequestBody().readAllBytes()))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    exchange.sendResponseHeaders(502, -1);
                    return;
                }
                exchange.sendResponseHeaders(forwarded.statusCode(), -1);
            }
        });
        relay.start();
        sandbox = ConversationsSandbox.builder()
                .apiKey(KEY)
                .webhookUrl("http://127.0.0.1:" + relay.getAddress().getPort() + "/brevo/webhook?token=" + TOKEN)
                .start();
        app = new SpringApplicationBuilder(ShopApplication.class)
                .properties(
                        "server.port=0",
                        "server.address=127.0.0.1",
                        "brevo.conversations.api-key=" + KEY,
                        "brevo.conversations.base-url=" + sandbox.baseUrl(),
                        "brevo.conversations.webhook.path=/brevo/webhook",
                        "brevo.conversations.webhook.token=" + TOKEN,
                        "logging.level.io.github.conversations4j=DEBUG")
                .run();
        appPort = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
        if (relay != null) {
            relay.stop(0);
        }
    }

    static HttpResponse<String> post(String pathAndQuery, String body) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + appPort + pathAndQuery))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        Await.until(what, Duration.ofSeconds(30), condition); // the sandbox and the listener signal nobody
    }

    @Test
    void theControllerSendsThroughTheInjectedClient_andMicrometerAndTheLogsSeeIt(CapturedOutput output)
            throws Exception {
        HttpResponse<String> response = post("/orders/1042/shipped?visitor=visitor-1", "");
        assertEquals(200, response.statusCode(), response.body());

        List<SandboxMessage> received = sandbox.messagesFor("visitor-1");
        assertEquals(1, received.size());
        assertEquals("Your order #1042 has shipped!", received.get(0).text());
        assertEquals(received.get(0).id(), response.body());

        Timer timer = app.getBean(MeterRegistry.class)
                .get("http.client.requests")
                .tag("uri", "/conversations/pushedMessages")
                .tag("method", "POST")
                .timer();
        assertEquals(1, timer.count());
        assertEquals("200", timer.getId().getTag("status"));
        assertEquals("SUCCESS", timer.getId().getTag("outcome"));

        // The SDK's System.Logger reached Boot's logging system, at the level logging.level set.
        assertThat(output.getOut()).contains("<-- 200 POST " + sandbox.baseUrl() + "/conversations/pushedMessages");
        assertThat(output.getAll()).doesNotContain(KEY);
    }

    @Test
    void webhooksReachTheListener_whichAnswersEachVisitorMessageOnce_andNeverItsOwn() throws Exception {
        sandbox.addVisitorMessage("visitor-2", "Is my parcel on its way?");
        ShopApplication.Replies replies = app.getBean(ShopApplication.Replies.class);
        await(
                "the reply and the fragment that carries it",
                () -> conversationEvents(replies).size() >= 2
                        && sandbox.messagesFor("visitor-2").size() >= 2);
        assertThat(sandbox.awaitWebhooks(Duration.ofSeconds(30))).isTrue();
        await(
                "the listener saw every webhook",
                () -> conversationEvents(replies).size()
                        == sandbox.webhookDeliveries().stream()
                                .filter(d -> d.body().contains("visitor-2"))
                                .count());

        List<SandboxMessage> conversation = sandbox.messagesFor("visitor-2");
        assertEquals(
                List.of("Is my parcel on its way?", "You said: Is my parcel on its way?"),
                conversation.stream().map(SandboxMessage::text).toList());
        assertThat(sandbox.webhookDeliveries()).allMatch(d -> d.status() == 200, "every webhook answered 200");
        assertEquals(List.of("conversationStarted 1", "conversationFragment 1"), conversationEvents(replies));
    }

    static List<String> conversationEvents(ShopApplication.Replies replies) {
        return replies.handled.stream()
                .filter(h -> h.startsWith("conversation"))
                .toList();
    }

    @Test
    void theEndpoint_refusesABadToken_andABadBody() throws Exception {
        String event = "{\"eventName\":\"somethingNew\"}";
        assertEquals(
                403, post("/brevo/webhook?token=wrong-token-0123456789", event).statusCode());
        assertEquals(403, post("/brevo/webhook", event).statusCode());
        assertEquals(400, post("/brevo/webhook?token=" + TOKEN, "not json").statusCode());
        assertEquals(
                400,
                post("/brevo/webhook?token=" + TOKEN, "{\"no\":\"eventName\"}").statusCode());
        assertEquals(200, post("/brevo/webhook?token=" + TOKEN, event).statusCode());
    }

    @Test
    void aSlowListener_doesNotDelayTheAnswer() throws Exception {
        ShopApplication.Replies replies = app.getBean(ShopApplication.Replies.class);
        // The listener blocks until released: the answer comes while it is still blocked.
        HttpResponse<String> response = post("/brevo/webhook?token=" + TOKEN, "{\"eventName\":\"slowEvent\"}");
        assertEquals(200, response.statusCode());
        assertThat(replies.slowRelease.getCount()).isEqualTo(1);
        replies.slowRelease.countDown();
    }

    @Test
    void anInvalidProperty_isReportedByBootsFailureAnalysis_withoutTheKey(CapturedOutput output) {
        SpringApplicationBuilder broken = new SpringApplicationBuilder(ShopApplication.class)
                .properties(
                        "server.port=0",
                        "server.address=127.0.0.1",
                        "brevo.conversations.api-key=" + KEY,
                        "brevo.conversations.base-url=" + sandbox.baseUrl(),
                        "brevo.conversations.connect-timeout=0s");
        assertThrows(RuntimeException.class, broken::run);
        assertThat(output.getAll())
                .contains("APPLICATION FAILED TO START")
                .contains("brevo.conversations.connect-timeout must be positive, was PT0S")
                .contains("Change brevo.conversations.connect-timeout in the application's configuration")
                .doesNotContain(KEY);
    }

    @Test
    void theJacksonInUse_isTheBootBomsOne() {
        assertEquals(
                System.getProperty("expected.jackson"),
                com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION.toString());
        assertEquals(
                System.getProperty("expected.jackson"),
                com.fasterxml.jackson.core.json.PackageVersion.VERSION.toString());
        assertEquals(
                System.getProperty("spring-boot.version"), org.springframework.boot.SpringBootVersion.getVersion());
    }

    @Test
    void closingTheApplication_closesTheClient() {
        ConfigurableApplicationContext other = new SpringApplicationBuilder(ShopApplication.class)
                .properties(
                        "server.port=0",
                        "server.address=127.0.0.1",
                        "brevo.conversations.api-key=" + KEY,
                        "brevo.conversations.base-url=" + sandbox.baseUrl())
                .run();
        ConversationsClient client = other.getBean(ConversationsClient.class);
        client.conversationsPushedMessagesPost(
                new Body10().visitorId("visitor-3").text("before"));
        other.close();
        assertThrows(
                IllegalStateException.class,
                () -> client.conversationsPushedMessagesPost(
                        new Body10().visitorId("visitor-3").text("after")));
        assertEquals(1, sandbox.messagesFor("visitor-3").size());
    }
}
