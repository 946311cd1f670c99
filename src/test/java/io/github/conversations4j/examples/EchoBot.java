package io.github.conversations4j.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.conversations4j.api.ConversationsApi;
import io.github.conversations4j.errors.BrevoException;
import io.github.conversations4j.errors.InvalidWebhookException;
import io.github.conversations4j.model.Body8;
import io.github.conversations4j.model.ConversationsMessage;
import io.github.conversations4j.webhooks.ConversationsWebhooks;
import io.github.conversations4j.webhooks.LoopGuard;
import io.github.conversations4j.webhooks.WebhookEvent;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * An echo bot: Brevo's webhooks in, the SDK out. It answers every message of a conversation but its own replies,
 * which come back in the next webhook: the loop guard drops them, else the bot would answer itself forever.
 */
public final class EchoBot implements AutoCloseable {
  static final String MARKER = "EchoBot";                     // the receivedFrom of everything the bot sends

  private final ConversationsApi api;
  private final String agentId;
  private final String token;
  private final LoopGuard guard = LoopGuard.receivedFrom(MARKER).droppingPushed();
  private final Set<String> answered = ConcurrentHashMap.newKeySet();   // Brevo may deliver an event twice
  private final ExecutorService replies = Executors.newSingleThreadExecutor();
  private final HttpServer server;

  public EchoBot(ConversationsApi api, String agentId, String token, int port) throws IOException {
    this.api = api;
    this.agentId = agentId;
    this.token = token;
    this.server = HttpServer.create(new InetSocketAddress(port), 0);
    server.createContext("/brevo/webhook", this::receive);    // the URL set in Brevo: .../brevo/webhook?token=...
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
      WebhookEvent event;
      try {
        event = ConversationsWebhooks.parse(exchange.getRequestBody().readAllBytes());
      } catch (InvalidWebhookException e) {
        exchange.sendResponseHeaders(400, -1);                // re-sending the same body cannot help
        return;
      }
      String visitorId = event.visitorId();
      for (ConversationsMessage m : event.messagesNotFrom(guard)) {   // the bot's own messages come back too
        if (visitorId != null && answered.add(m.getId())) {
          replies.execute(() -> reply(visitorId, m));
        }
      }
      exchange.sendResponseHeaders(200, -1);                  // answer at once; the replies go out after
    }
  }

  private void reply(String visitorId, ConversationsMessage m) {
    try {
      api.conversationsMessagesPost(new Body8().visitorId(visitorId).agentId(agentId)
          .receivedFrom(MARKER)                               // marks the reply, so that the guard drops it
          .text("You said: " + m.getText()));
    } catch (BrevoException e) {
      System.err.println("Reply to " + m.getId() + " failed: " + e.getMessage());
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
    if (replies.isShutdown()) {
      return;
    }
    server.stop(0);
    replies.shutdown();                                       // the replies already queued still go out
    try {
      if (!replies.awaitTermination(30, TimeUnit.SECONDS)) {
        replies.shutdownNow();
      }
    } catch (InterruptedException e) {
      replies.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
