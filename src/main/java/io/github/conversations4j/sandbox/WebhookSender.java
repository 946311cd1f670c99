package io.github.conversations4j.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The sandbox's webhooks, as Brevo's Conversations app sends them: {@code conversationStarted} for a conversation's
 * first message (not for an automated one), {@code conversationFragment} for each later message, and
 * {@code conversationTranscript} when a test ends the conversation. POSTed one at a time, in the order the messages
 * were stored, from one daemon thread, so a receiver sees them in order (Brevo does not promise that; a test of
 * ordering belongs elsewhere). A failed delivery is recorded and not retried.
 */
final class WebhookSender {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final ConversationsSandbox sandbox;
    private final java.util.function.Supplier<URI> url;
    private final HttpClient http;
    private final ExecutorService thread;
    private final ConcurrentLinkedQueue<WebhookDelivery> deliveries = new ConcurrentLinkedQueue<>();
    /** Events queued or being sent; {@link #await} waits for it to reach 0. */
    private int pending;
    /** How many of the next events are sent twice (guarded by {@code this}). */
    private int duplicates;

    /** One visitor's conversation under way. Guarded by {@code this}. */
    private static final class Conversation {
        final String id = Ids.random();
        boolean started;
        final Set<String> messageIds = new LinkedHashSet<>();
    }

    private final Map<String, Conversation> conversations = new HashMap<>();

    WebhookSender(ConversationsSandbox sandbox, java.util.function.Supplier<URI> url) {
        this.sandbox = sandbox;
        this.url = url;
        this.http = HttpClient.newBuilder()
                .connectTimeout(TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.thread = Executors.newSingleThreadExecutor(
                ConversationsSandbox.daemonThreads("conversations-sandbox-webhooks-"));
    }

    /** A message was stored: the event it gives, queued in store order. */
    synchronized void stored(SandboxMessage message) {
        Conversation c = conversations.computeIfAbsent(message.visitorId(), v -> new Conversation());
        c.messageIds.add(message.id());
        Map<String, Object> event = new LinkedHashMap<>();
        if (!c.started) {
            if (message.pushed()) {
                return; // Brevo: no conversationStarted for automated messages; it belongs to the conversation to come
            }
            c.started = true;
            event.put("eventName", "conversationStarted");
            event.put("conversationId", c.id);
            event.put("message", SandboxHandler.toJson(message));
            if (message.agentId() != null) {
                event.put("agent", agent(message.agentId()));
            }
            event.put("visitor", visitor(message.visitorId(), false));
            event.put("isNoAvailableAgent", sandbox.onlineAgents().isEmpty());
        } else {
            event.put("eventName", "conversationFragment");
            event.put("conversationId", c.id);
            event.put("messages", List.of(SandboxHandler.toJson(message)));
            event.put("agents", message.agentId() == null ? List.of() : List.of(agent(message.agentId())));
            event.put("visitor", visitor(message.visitorId(), false));
        }
        send(event, c.id);
    }

    /** Ends a visitor's conversation with a transcript; false when none is under way. */
    synchronized boolean end(String visitorId) {
        Conversation c = conversations.remove(visitorId);
        if (c == null || !c.started) {
            return false;
        }
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("eventName", "conversationTranscript");
        event.put("conversationId", c.id);
        List<SandboxMessage> kept = c.messageIds.stream()
                .map(sandbox::message) // null when deleted
                .filter(Objects::nonNull)
                .toList();
        event.put("messages", kept.stream().map(SandboxHandler::toJson).toList());
        event.put("missedMessagesCount", 0);
        event.put(
                "agents",
                kept.stream()
                        .map(SandboxMessage::agentId)
                        .filter(Objects::nonNull)
                        .distinct()
                        .map(this::agent)
                        .toList());
        event.put("visitor", visitor(visitorId, true));
        send(event, c.id);
        return true;
    }

    synchronized void reset() {
        duplicates = 0;
        conversations.clear();
        deliveries.clear();
    }

    List<WebhookDelivery> deliveries() {
        return List.copyOf(deliveries);
    }

    /** Waits until every event queued so far was sent (or failed). */
    synchronized boolean await(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (pending > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    /** Stops delivering: the events still queued are dropped (and no longer awaited); the one under way is cut. */
    synchronized void close() {
        pending -= thread.shutdownNow().size();
        notifyAll();
    }

    private Map<String, Object> agent(String agentId) {
        Map<String, Object> agent = new LinkedHashMap<>();
        agent.put("id", agentId);
        String name = sandbox.agentNames.get(agentId);
        if (name != null) {
            agent.put("name", name);
        }
        agent.put("userpic", null);
        return agent;
    }

    private Map<String, Object> visitor(String visitorId, boolean transcript) {
        Map<String, Object> visitor = new LinkedHashMap<>();
        visitor.put("id", visitorId);
        visitor.put("groupId", sandbox.visitorGroup(visitorId));
        if (transcript) {
            visitor.put("isBanned", false);
        }
        return visitor;
    }

    /** Queues the event; called holding the lock, so events leave in the order they were made. */
    private void send(Map<String, Object> event, String conversationId) {
        String eventName = (String) event.get("eventName");
        byte[] body = Json.write(event);
        queue(eventName, conversationId, body);
        if (duplicates > 0) {
            duplicates--;
            queue(eventName, conversationId, body); // Brevo may deliver an event twice: right after, here
        }
    }

    /** Each of the next {@code times} events is POSTed twice in a row. */
    synchronized void duplicateNext(int times) {
        duplicates += times;
    }

    /** POSTs a delivered event's body again, after the events queued so far. */
    synchronized void redeliver(WebhookDelivery delivery) {
        queue(delivery.eventName(), delivery.conversationId(), delivery.body().getBytes(StandardCharsets.UTF_8));
    }

    /** Queues one POST; called holding the lock. */
    private void queue(String eventName, String conversationId, byte[] body) {
        long generation = sandbox.generation.get();
        pending++;
        try {
            thread.execute(() -> {
                try {
                    if (sandbox.generation.get() == generation) {
                        WebhookDelivery delivery = post(eventName, conversationId, body);
                        synchronized (this) {
                            // Checked again: a reset while the POST was out must not find it listed after.
                            if (sandbox.generation.get() == generation) {
                                deliveries.add(delivery);
                            }
                        }
                    }
                } finally {
                    synchronized (this) {
                        pending--;
                        notifyAll();
                    }
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            pending--; // the sandbox is closed: nothing more is delivered
        }
    }

    private WebhookDelivery post(String eventName, String conversationId, byte[] body) {
        int status = 0;
        String error = null;
        try {
            URI target = url.get();
            if (target == null) {
                error = "no webhook URL yet";
            } else {
                HttpRequest request = HttpRequest.newBuilder(target)
                        .timeout(TIMEOUT)
                        .header("Content-Type", "application/json")
                        .header("User-Agent", "conversations4j-sandbox")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build();
                // The status is all that counts: the body is not read (the request's timeout covers only the wait for
                // the answer's head, and a receiver that never ends its body must not hold every later delivery).
                HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
                response.body().close();
                status = response.statusCode();
            }
        } catch (IOException e) {
            error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = "interrupted: the sandbox was closed";
        } catch (RuntimeException e) { // from the URL supplier
            error = "no webhook URL: " + e.getMessage();
        }
        return new WebhookDelivery(eventName, conversationId, new String(body, StandardCharsets.UTF_8), status, error);
    }
}
