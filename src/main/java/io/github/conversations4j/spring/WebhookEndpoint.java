package io.github.conversations4j.spring;

import io.github.conversations4j.errors.InvalidWebhookException;
import io.github.conversations4j.webhooks.ConversationsWebhooks;
import io.github.conversations4j.webhooks.WebhookEvent;
import java.lang.System.Logger.Level;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * Receives Brevo's Conversations webhooks at {@code brevo.conversations.webhook.path} and publishes each as a
 * Spring application event: {@code @EventListener} methods taking a {@link WebhookEvent}, or one of its types
 * ({@code ConversationFragment}, ...), receive it.
 *
 * <p>A {@code POST} whose {@code token} query parameter is not the configured token is answered 403 and its body
 * is not read; a body that is no Conversations event, 400; anything else, 200 at once. The events are handed to
 * the listeners on one thread of the endpoint's own, in the order they arrived, after the answer was decided, so
 * a slow listener never delays an answer (it may delay the next events). At most
 * {@code brevo.conversations.webhook.queue-capacity} events wait for the listeners; a webhook beyond that is
 * answered 503. A listener's exception is logged at WARNING (logger {@code io.github.conversations4j.spring}) and
 * the next event goes on. When the context closes, the events already accepted are still handed over, for up to
 * 5 seconds.
 */
final class WebhookEndpoint implements AutoCloseable {
  static final int MIN_TOKEN_LENGTH = 16;
  private static final System.Logger LOG = System.getLogger("io.github.conversations4j.spring");

  private final String path;
  private final String token;
  private final ApplicationEventPublisher publisher;
  private final ThreadPoolExecutor listeners;

  WebhookEndpoint(ConversationsProperties.Webhook webhook, ApplicationEventPublisher publisher) {
    String path = webhook.getPath();
    if (path == null || !path.startsWith("/") || path.contains("?") || path.contains("#")
        || path.chars().anyMatch(Character::isWhitespace)) {
      throw ClientFactory.invalid("webhook.path", "must be a path starting with /, such as /brevo/webhook, was "
          + path);
    }
    String token = webhook.getToken();
    if (token == null || token.isBlank()) {
      throw ClientFactory.invalid("webhook.token", "must be set when " + ClientFactory.PREFIX + "webhook.path is: "
          + "without it anyone could post events (Brevo signs nothing); use a long random secret and put it in the "
          + "webhook URL set in Brevo as ?token=...");
    }
    if (token.length() < MIN_TOKEN_LENGTH) {
      throw ClientFactory.invalid("webhook.token", "must be at least " + MIN_TOKEN_LENGTH + " characters, was "
          + token.length() + " (use a long random secret, such as 32 random bytes in Base64url)");
    }
    if (webhook.getQueueCapacity() < 1) {
      throw ClientFactory.invalid("webhook.queue-capacity", "must be at least 1, was " + webhook.getQueueCapacity());
    }
    this.path = path;
    this.token = token;
    this.publisher = publisher;
    this.listeners = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(webhook.getQueueCapacity()), task -> {
          Thread thread = new Thread(task, "conversations4j-webhook-events");
          thread.setDaemon(true);
          return thread;
        });
  }

  RouterFunction<ServerResponse> route() {
    return RouterFunctions.route().POST(path, this::receive).build();
  }

  ServerResponse receive(ServerRequest request) throws Exception {
    if (!ConversationsWebhooks.tokenMatches(token, request.param("token").orElse(null))) {
      return ServerResponse.status(HttpStatus.FORBIDDEN).build();
    }
    WebhookEvent event;
    try {
      event = ConversationsWebhooks.parse(request.body(byte[].class));
    } catch (InvalidWebhookException e) {
      LOG.log(Level.DEBUG, () -> "Refused a webhook at " + path + ": " + e.getMessage());
      return ServerResponse.badRequest().build();
    }
    try {
      listeners.execute(() -> publish(event));
    } catch (RejectedExecutionException e) {
      LOG.log(Level.WARNING, () -> "Answered a " + event.eventName() + " webhook 503: " + listenersState());
      return ServerResponse.status(HttpStatus.SERVICE_UNAVAILABLE).build();
    }
    return ServerResponse.ok().build();
  }

  private String listenersState() {
    return listeners.isShutdown() ? "the application is stopping"
        : "the listeners are behind by " + listeners.getQueue().size() + " events";
  }

  private void publish(WebhookEvent event) {
    try {
      publisher.publishEvent(event);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "An @EventListener failed on a " + event.eventName() + " webhook (conversation "
          + event.conversationId() + ")", e);
    }
  }

  @Override
  public void close() {
    listeners.shutdown();
    try {
      if (!listeners.awaitTermination(5, TimeUnit.SECONDS)) {
        listeners.shutdownNow();
      }
    } catch (InterruptedException e) {
      listeners.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "WebhookEndpoint(POST " + path + ")";
  }
}
