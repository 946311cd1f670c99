package io.github.conversations4j.spring;

import io.github.conversations4j.webhooks.InMemoryWebhookIntake;
import io.github.conversations4j.webhooks.WebhookEvent;
import io.github.conversations4j.webhooks.WebhookHandler;
import io.github.conversations4j.webhooks.WebhookIntake;
import io.github.conversations4j.webhooks.WebhookReceiver;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * Receives Brevo's Conversations webhooks at {@code brevo.conversations.webhook.path} through a
 * {@link WebhookReceiver}, and hands each event to the application: to its {@link WebhookHandler} bean if it has
 * one, else as a Spring application event ({@code @EventListener} methods taking a {@link WebhookEvent}, or one of
 * its types, receive it).
 *
 * <p>Answers: 403 for a wrong token (the body unread), 413 for a body over {@code max-body-size} (not read whole),
 * 400 for a body that is no Conversations event, 200 once the event is in the intake, and 429 with
 * {@code Retry-After} when the intake is full or the application is stopping: never a 5xx, which Brevo would not
 * deliver again. The intake is the application's {@link WebhookIntake} bean if it has one (a durable store), else
 * an {@link InMemoryWebhookIntake}.
 *
 * <p>It is a {@link SmartLifecycle} of the earliest stopping phase: when the context closes it stops taking webhooks
 * (429) while the web server still answers, drains for up to {@code drain-timeout}, then logs at WARN, on the
 * application's own log (Commons Logging: see {@link JclLogger} for why not {@code java.util.logging}), how many
 * events it could not hand over and their conversation ids. The handler's failures are logged the same way, by
 * event name, conversation id and exception type only.
 */
final class WebhookEndpoint implements SmartLifecycle, AutoCloseable {
    static final String LOGGER = "io.github.conversations4j.spring";
    private static final Log LOG = LogFactory.getLog(LOGGER);

    private final String path;
    private final Duration drainTimeout;
    private final WebhookReceiver receiver;
    private final Object lifecycle = new Object();
    private boolean running;
    private boolean stopped;

    WebhookEndpoint(ConversationsProperties.Webhook webhook, WebhookHandler handler, WebhookIntake applicationIntake) {
        String path = webhook.getPath();
        if (path == null
                || !path.startsWith("/")
                || path.contains("?")
                || path.contains("#")
                || path.chars().anyMatch(Character::isWhitespace)) {
            throw ClientFactory.invalid(
                    "webhook.path", "must be a path starting with /, such as /brevo/webhook, was " + path);
        }
        String token = webhook.getToken();
        if (token == null || token.isBlank()) {
            throw ClientFactory.invalid(
                    "webhook.token",
                    "must be set when " + ClientFactory.PREFIX + "webhook.path is: "
                            + "without it anyone could post events (Brevo signs nothing); put a long random secret in the webhook "
                            + "URL set in Brevo as ?token=... (make one with: openssl rand -hex 32), or set "
                            + ClientFactory.PREFIX + "webhook.enabled=false");
        }
        String problem = WebhookReceiver.tokenProblem(token);
        if (problem != null) {
            throw ClientFactory.invalid("webhook.token", problem);
        }
        if (webhook.getQueueCapacity() < 1) {
            throw ClientFactory.invalid(
                    "webhook.queue-capacity", "must be at least 1, was " + webhook.getQueueCapacity());
        }
        if (webhook.getThreads() < 1 || webhook.getThreads() > 256) {
            throw ClientFactory.invalid("webhook.threads", "must be 1 to 256, was " + webhook.getThreads());
        }
        long maxBody =
                webhook.getMaxBodySize() == null ? -1 : webhook.getMaxBodySize().toBytes();
        if (maxBody < 1 || maxBody > Integer.MAX_VALUE - 8) {
            throw ClientFactory.invalid(
                    "webhook.max-body-size", "must be 1B to 2047MB, was " + webhook.getMaxBodySize());
        }
        Duration drain = webhook.getDrainTimeout();
        if (drain == null || drain.isNegative()) {
            throw ClientFactory.invalid("webhook.drain-timeout", "must be zero or more, was " + drain);
        }
        Duration retryAfter = webhook.getRetryAfter();
        if (retryAfter == null || retryAfter.toSeconds() < 1) {
            throw ClientFactory.invalid("webhook.retry-after", "must be at least 1s, was " + retryAfter);
        }
        this.path = path;
        this.drainTimeout = drain;
        WebhookIntake intake = applicationIntake != null
                ? applicationIntake
                : InMemoryWebhookIntake.builder()
                        .capacity(webhook.getQueueCapacity())
                        .threads(webhook.getThreads())
                        .logger(new JclLogger("io.github.conversations4j.webhooks"))
                        .threadName("conversations4j-webhook-events")
                        .build();
        this.receiver = WebhookReceiver.builder()
                .token(token)
                .intake(intake)
                .handler(handler)
                .maxBodyBytes(maxBody)
                .retryAfter(retryAfter)
                .build();
    }

    RouterFunction<ServerResponse> route() {
        return RouterFunctions.route().POST(path, this::receive).build();
    }

    ServerResponse receive(ServerRequest request) throws IOException {
        HttpServletRequest servlet = request.servletRequest();
        // The token from the query string itself: getParameter() would read a form-encoded body whole to look there.
        String token = queryParameter(servlet.getQueryString(), "token");
        WebhookReceiver.Response answer;
        try (InputStream body = servlet.getInputStream()) {
            answer = receiver.receive(token, servlet.getContentLengthLong(), body);
        }
        ServerResponse.BodyBuilder response = ServerResponse.status(answer.status());
        if (answer.retryAfterSeconds() > 0) {
            response.header("Retry-After", Long.toString(answer.retryAfterSeconds()));
        }
        if (answer.status() == 413) {
            response.header("Connection", "close"); // the rest of the body is not read
        }
        return response.build();
    }

    /** A query parameter's first value, decoded; null when absent or not decodable. */
    static String queryParameter(String query, String name) {
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (key.equals(name)) {
                try {
                    return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    return null;
                }
            }
        }
        return null;
    }

    @Override
    public void start() {
        synchronized (lifecycle) {
            running = !stopped;
        }
    }

    /** Stops taking webhooks (429 from now on), drains, and reports what was not handed over. */
    @Override
    public void stop() {
        WebhookIntake.StopReport report;
        synchronized (lifecycle) {
            if (stopped) {
                running = false;
                return;
            }
            stopped = true;
            running = false;
            report = receiver.stop(drainTimeout);
        }
        report(report);
    }

    private void report(WebhookIntake.StopReport report) {
        if (report.undelivered() == 0) {
            LOG.info("Stopped the webhook endpoint at " + path + ": every event it answered 200 was handed over");
        } else {
            LOG.warn("Stopped the webhook endpoint at " + path + " with " + report.undelivered()
                    + " events answered 200 "
                    + (report.kept() ? "and not yet" : "but not") + " handed over within " + ClientFactory.PREFIX
                    + "webhook.drain-timeout (" + drainTimeout + "): "
                    + (report.kept()
                            ? "they stay in the intake's store for the next start"
                            : "they are lost (the in-memory intake keeps nothing)")
                    + "; conversations " + report.conversationIds());
        }
    }

    @Override
    public boolean isRunning() {
        synchronized (lifecycle) {
            return running;
        }
    }

    /** The first to stop: before the web server's graceful shutdown, while the application's logging still runs. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE;
    }

    /** When the context never started (or is closed without a stop): stops as {@link #stop} does. */
    @Override
    public void close() {
        stop();
    }

    WebhookReceiver receiver() {
        return receiver;
    }

    @Override
    public String toString() {
        return "WebhookEndpoint(POST " + path + ")";
    }
}
