package io.github.conversations4j.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.conversations4j.api.ConversationsApi;
import io.github.conversations4j.errors.InvalidWebhookException;
import io.github.conversations4j.model.Body8;
import io.github.conversations4j.model.ConversationsMessage;
import io.github.conversations4j.webhooks.ConversationsWebhooks;
import io.github.conversations4j.webhooks.LoopGuard;
import io.github.conversations4j.webhooks.WebhookEvent;
import io.github.conversations4j.webhooks.WebhookIntake;
import io.github.conversations4j.webhooks.jdbc.JdbcWebhookIntake;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;

/**
 * An echo bot: Brevo's webhooks in, the SDK out. It answers every message of a conversation but its own replies,
 * which come back in the next webhook: the loop guard drops them, else the bot would answer itself forever.
 * Each webhook is stored in the application's database before Brevo gets its 200, and handed to the bot from there:
 * a crash loses nothing, an event delivered twice is answered once, and a message is answered once even when the
 * conversation's transcript repeats it after a restart.
 */
public final class EchoBot implements AutoCloseable {
    static final String MARKER = "EchoBot"; // the receivedFrom of everything the bot sends

    private final ConversationsApi api;
    private final String agentId;
    private final String token;
    private final LoopGuard guard = LoopGuard.receivedFrom(MARKER).droppingPushed();
    private final JdbcWebhookIntake intake;
    private final HttpServer server;

    public EchoBot(ConversationsApi api, String agentId, String token, int port, DataSource database)
            throws IOException {
        this.api = api;
        this.agentId = agentId;
        this.token = token;
        this.intake = JdbcWebhookIntake.builder(database).createSchema(true).build();
        intake.start(this::answer); // on the intake's threads, from the database
        this.server = HttpServer.create(new InetSocketAddress(port), 0);
        server.createContext("/brevo/webhook", this::receive); // the URL set in Brevo: .../brevo/webhook?token=...
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void receive(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("POST")) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            // Nothing but this token tells Brevo's requests from anyone's: Brevo signs nothing.
            if (!ConversationsWebhooks.tokenMatches(token, queryParameter(exchange, "token"))) {
                exchange.sendResponseHeaders(403, -1);
                return;
            }
            byte[] body = exchange.getRequestBody().readAllBytes();
            WebhookEvent event;
            try {
                event = ConversationsWebhooks.parse(body);
            } catch (InvalidWebhookException e) {
                exchange.sendResponseHeaders(400, -1); // re-sending the same body cannot help
                return;
            }
            WebhookIntake.Admission admission = intake.offer(event, body); // stored (or a duplicate) before the 200
            if (admission.status() == 429) {
                exchange.getResponseHeaders().set("Retry-After", "10"); // Brevo delivers it again
            }
            exchange.sendResponseHeaders(admission.status(), -1);
        }
    }

    /** newMessages: the event's messages never handed over before, so a transcript is not answered again. */
    private void answer(WebhookEvent event, List<ConversationsMessage> newMessages) {
        String visitorId = event.visitorId();
        if (visitorId == null) {
            return;
        }
        for (ConversationsMessage m : guard.filter(newMessages)) { // the bot's own and pushed messages come back too
            // A BrevoException here leaves the event in the store: it is handed over again, with backoff.
            api.conversationsMessagesPost(new Body8()
                    .visitorId(visitorId)
                    .agentId(agentId)
                    .receivedFrom(MARKER) // marks the reply, so that the guard drops it
                    .text("You said: " + m.getText()));
        }
    }

    private static String queryParameter(HttpExchange exchange, String name) {
        String query = exchange.getRequestURI().getRawQuery();
        for (String pair : query == null ? new String[0] : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    @Override
    public void close() {
        server.stop(0);
        intake.stop(Duration.ofSeconds(30)); // what is not answered yet stays in the database
    }
}
