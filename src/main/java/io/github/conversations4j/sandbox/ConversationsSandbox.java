package io.github.conversations4j.sandbox;

import com.sun.net.httpserver.HttpServer;
import io.github.conversations4j.model.ConversationsMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * An in-process stand-in for Brevo's Conversations API, for tests and demos: a real HTTP server on a loopback
 * port that implements every operation of the spec with real state, and checks every request the way Brevo documents.
 *
 * <pre>{@code
 * try (ConversationsSandbox sandbox = ConversationsSandbox.start()) {
 *   ConversationsApi api = BrevoConversations.builder()
 *       .apiKey(sandbox.apiKey())
 *       .baseUrl(sandbox.baseUrl())
 *       .build();
 *   api.conversationsPushedMessagesPost(new Body10().visitorId("v1").text("Your order has shipped"));
 *   assertEquals(1, sandbox.messagesFor("v1").size());
 * }
 * }</pre>
 *
 * <p>What it answers, below {@link #baseUrl()} ({@code http://127.0.0.1:PORT/v3}):
 * <ul>
 *   <li>{@code POST /conversations/messages} (Body8) and {@code POST /conversations/pushedMessages} (Body10):
 *       200 and the stored message;</li>
 *   <li>{@code GET}, {@code PUT} (Body9, Body11) and {@code DELETE} on {@code /conversations/messages/{id}} and
 *       {@code /conversations/pushedMessages/{id}}: 200 and the message, or 204 with no body for a delete. An
 *       automated (pushed) message is found only under {@code pushedMessages}, any other message only under
 *       {@code messages}; an unknown id is 404 {@code document_not_found};</li>
 *   <li>{@code POST /conversations/agentOnlinePing} (Body12): 201 with no body; the agent is then
 *       {@linkplain #isAgentOnline(String) online} for {@link Builder#agentOnlineWindow(Duration)};</li>
 *   <li>{@code PUT /conversations/visitorGroup} ({@code ConversationsVisitorGroupPutRequest}): 200 and
 *       {@code {"groupId":...,"visitorId":...}}; the visitor's {@linkplain #visitorGroup(String) group} is then
 *       that group, or none after {@code "groupId":null}. A visitor the sandbox has never seen a message for is
 *       404 {@code document_not_found}; {@code groupId} must be present (a string, or {@code null}).</li>
 * </ul>
 * With a {@linkplain Builder#webhookUrl(String) webhook URL}, the sandbox also POSTs Brevo's Conversations webhooks
 * to it: {@code conversationStarted} for a visitor's first message (sent by an agent through the API or added with
 * {@link #addVisitorMessage}; an automated message starts no conversation), {@code conversationFragment} for each
 * later message (automated ones included, agents' messages with their {@code receivedFrom}), and
 * {@code conversationTranscript} when the test calls {@link #endConversation(String)}. They leave one at a time, in
 * the order the messages were stored; {@link #awaitWebhooks(Duration)} waits for them and
 * {@link #webhookDeliveries()} lists them with the receiver's answers. A failed delivery is not retried.
 *
 * <p>Messages are answered in the shape of Brevo's 2026 definition: beside the stored fields, {@code html} (the
 * text, HTML-escaped, line breaks as {@code <br>}) and {@code isTrigger}, {@code isMissed},
 * {@code isMissedByVisitor} (all {@code false}).
 * Every request is checked first: a missing or wrong {@code api-key} header is 401 {@code unauthorized}; a body
 * that is not JSON, not an object, lacks a required field, has a field of the wrong JSON type, a blank
 * {@code visitorId} or {@code text}, an {@code agentEmail} that is not an address, or names no agent the
 * documented way (Body8, Body12: {@code agentId}, or all three of {@code agentEmail}, {@code agentName} and
 * {@code receivedFrom}) is 400 {@code missing_parameter} (absent or {@code null}) or {@code invalid_parameter}
 * (anything else); another method on a known path is 405 {@code method_not_allowed} with an {@code Allow}
 * header; any other path is 404 {@code not_found}. Error bodies are Brevo's ErrorModel,
 * {@code {"code":"...","message":"..."}}; every body is {@code Content-Type: application/json}.
 * Fields a body carries beyond its model are ignored, as by Brevo.
 *
 * <p>Optional behaviour: a {@linkplain Builder#rateLimit(int, Duration) rate limit} (headers
 * {@code x-sib-ratelimit-limit}, {@code -remaining}, {@code -reset} on every response, 429 past the limit) and
 * fault injection ({@link #failNext(int, int)}, {@link #dropNext(int)}, {@link #delayNext(int, Duration)}). A
 * request refused for any of these reasons changes no state.
 *
 * <p>Thread-safe. Times (message {@code createdAt}, online windows, rate-limit windows) come from the
 * {@link Builder#clock(Clock) clock}, so tests can move time without sleeping. Not a security boundary: it only
 * listens on 127.0.0.1.
 *
 * <p>Loading this class sets the system property {@code sun.net.httpserver.nodelay} to {@code true} unless it is
 * already set: without it the JDK's HTTP server adds about 40 ms to every response (Nagle's algorithm meeting
 * delayed ACKs). It affects only {@code com.sun.net.httpserver} servers started later in the same JVM.
 */
public final class ConversationsSandbox implements AutoCloseable {
    static final String BASE_PATH = "/v3";

    static {
        // The JDK's server writes a response's headers and body as two TCP segments; with Nagle's algorithm on, the
        // body then waits for the client's delayed ACK (about 40 ms on Linux loopback) on every request. The JDK
        // reads this property once, when its first server starts; an explicit setting by the application wins.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final String apiKey;
    final Clock clock;
    private final Duration agentOnlineWindow;
    final RateLimiter rateLimiter;
    private final HttpServer server;
    private final ExecutorService executor;
    private final String baseUrl;
    private final WebhookSender webhooks;

    final ConcurrentHashMap<String, Stored> messages = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Instant> onlineUntil = new ConcurrentHashMap<>();
    final ConcurrentHashMap<String, String> agentNames = new ConcurrentHashMap<>();
    /** Every visitor a message was stored for since the last reset; only they can be assigned a group. */
    private final Set<String> visitors = ConcurrentHashMap.newKeySet();

    private final ConcurrentHashMap<String, String> visitorGroups = new ConcurrentHashMap<>();
    /** How many requests {@link #requests()} keeps, the most recent ones. */
    private static final int MAX_RECORDED_REQUESTS = 10_000;

    private final ConcurrentLinkedQueue<RecordedRequest> requests = new ConcurrentLinkedQueue<>();
    private final AtomicLong recorded = new AtomicLong();
    final ConcurrentLinkedQueue<Fault> faults = new ConcurrentLinkedQueue<>();
    private final AtomicLong sequence = new AtomicLong();
    /** Bumped by {@link #reset()}: a request delayed across a reset changes nothing after it. */
    final AtomicLong generation = new AtomicLong();

    private volatile boolean closed;

    /** A stored message and its arrival order. */
    record Stored(SandboxMessage message, long sequence) {}

    /** One injected fault, used up by one request. */
    record Fault(Kind kind, int status, Duration delay) {
        enum Kind {
            STATUS,
            DROP,
            DELAY
        }
    }

    private ConversationsSandbox(Builder builder) {
        this.apiKey = builder.apiKey;
        this.clock = builder.clock;
        this.agentOnlineWindow = builder.agentOnlineWindow;
        this.rateLimiter = builder.rateLimitRequests > 0
                ? new RateLimiter(builder.rateLimitRequests, builder.rateLimitWindow)
                : null;
        InetAddress loopback;
        try {
            loopback = InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
            this.server = HttpServer.create(new InetSocketAddress(loopback, builder.port), 64);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the Conversations sandbox on 127.0.0.1:" + builder.port, e);
        }
        this.executor = Executors.newCachedThreadPool(daemonThreads("conversations-sandbox-"));
        server.setExecutor(executor);
        this.webhooks = builder.webhookUrl == null ? null : new WebhookSender(this, builder.webhookUrl);
        server.createContext("/", new SandboxHandler(this));
        server.start();
        this.baseUrl = "http://127.0.0.1:" + server.getAddress().getPort() + BASE_PATH;
    }

    static ThreadFactory daemonThreads(String namePrefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, namePrefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * Starts a sandbox with the defaults: an ephemeral port, API key {@code sandbox-key}, the system clock,
     * a 150-second online window, no rate limit.
     *
     * @return the running sandbox; close it when done
     * @throws UncheckedIOException when no port can be bound
     */
    public static ConversationsSandbox start() {
        return builder().start();
    }

    /**
     * Starts configuring a sandbox.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The root to give the SDK's {@code baseUrl(..)}.
     *
     * @return for instance {@code http://127.0.0.1:51234/v3}, without a trailing slash
     */
    public String baseUrl() {
        return baseUrl;
    }

    /**
     * The port the sandbox listens on.
     *
     * @return the bound port (the ephemeral one chosen when configured with 0)
     */
    public int port() {
        return server.getAddress().getPort();
    }

    /**
     * The API key the sandbox accepts in the {@code api-key} header.
     *
     * @return the configured key, {@code sandbox-key} unless {@link Builder#apiKey(String)} set another
     */
    public String apiKey() {
        return apiKey;
    }

    // ---------------------------------------------------------------- inspection

    /**
     * The messages a visitor's conversation holds now, oldest first: agents' and automated messages sent to the
     * visitor and the visitor's own ({@link #addVisitorMessage(String, String)}), with their current text.
     * Deleted messages are gone.
     *
     * @param visitorId the visitor
     * @return an immutable snapshot, empty for an unknown visitor
     */
    public List<SandboxMessage> messagesFor(String visitorId) {
        Objects.requireNonNull(visitorId, "visitorId must not be null");
        return messages.values().stream()
                .filter(s -> s.message().visitorId().equals(visitorId))
                .sorted(Comparator.comparingLong(Stored::sequence))
                .map(Stored::message)
                .toList();
    }

    /**
     * One message by id, whatever its kind.
     *
     * @param id the message id
     * @return the message with its current text, or null when unknown or deleted
     */
    public SandboxMessage message(String id) {
        Objects.requireNonNull(id, "id must not be null");
        Stored stored = messages.get(id);
        return stored == null ? null : stored.message();
    }

    /**
     * Adds a message written by a visitor, as if typed in the chat widget, to test code that reads conversations.
     *
     * <p>It is found by {@code GET /conversations/messages/{id}}; editing or deleting it through the API is refused
     * with 400 {@code invalid_parameter} ("Only agents' messages can be edited/deleted"), since Brevo allows that
     * for agents' messages only and the message does exist. It is not found under {@code pushedMessages} (404).
     *
     * @param visitorId the visitor
     * @param text what the visitor wrote
     * @return the stored message
     */
    public SandboxMessage addVisitorMessage(String visitorId, String text) {
        requireText(visitorId, "visitorId");
        requireText(text, "text");
        return store(id -> new SandboxMessage(
                id, ConversationsMessage.TypeEnum.VISITOR, text, visitorId, null, null, clock.millis(), false, null));
    }

    /**
     * Ends a visitor's conversation: the sandbox POSTs {@code conversationTranscript} with the conversation's
     * messages (their current text; deleted ones left out). A later message starts a new conversation, with a new
     * {@code conversationId} and its own {@code conversationStarted}.
     *
     * @param visitorId the visitor
     * @return true when a conversation was under way, false when there was none to end
     * @throws IllegalStateException when the sandbox was built without a {@link Builder#webhookUrl(String)}
     */
    public boolean endConversation(String visitorId) {
        Objects.requireNonNull(visitorId, "visitorId must not be null");
        return requireWebhooks().end(visitorId);
    }

    /**
     * The webhooks POSTed since the start or the last {@link #reset()}, in the order they were sent, with the
     * receiver's answer. Call {@link #awaitWebhooks(Duration)} first to see the ones still on their way.
     *
     * @return an immutable snapshot
     * @throws IllegalStateException when the sandbox was built without a {@link Builder#webhookUrl(String)}
     */
    public List<WebhookDelivery> webhookDeliveries() {
        return requireWebhooks().deliveries();
    }

    /**
     * Waits until every webhook the sandbox has queued so far was POSTed and answered (or failed).
     *
     * @param timeout how long to wait at most
     * @return true when all went out, false when the timeout passed first
     * @throws IllegalStateException when the sandbox was built without a {@link Builder#webhookUrl(String)}
     * @throws InterruptedException when the waiting thread is interrupted
     */
    public boolean awaitWebhooks(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout must not be null");
        return requireWebhooks().await(timeout);
    }

    /**
     * POSTs each of the next {@code times} webhooks twice in a row, the same body each time, as Brevo may deliver an
     * event more than once: to test a receiver's de-duplication. Both deliveries are listed in
     * {@link #webhookDeliveries()}. {@link #reset()} cancels what is left.
     *
     * @param times how many of the next webhooks, 1 or more
     * @throws IllegalArgumentException when {@code times} is less than 1
     * @throws IllegalStateException when the sandbox was built without a {@link Builder#webhookUrl(String)}
     */
    public void duplicateNextWebhooks(int times) {
        if (times < 1) {
            throw new IllegalArgumentException("times must be 1 or more, was " + times);
        }
        requireWebhooks().duplicateNext(times);
    }

    /**
     * POSTs a webhook delivered before once more, the same body, after the webhooks queued so far: a late
     * redelivery, as after a restart of the receiver. Listed again in {@link #webhookDeliveries()} with the new answer.
     *
     * @param delivery one of {@link #webhookDeliveries()}
     * @throws IllegalStateException when the sandbox was built without a {@link Builder#webhookUrl(String)}
     */
    public void redeliverWebhook(WebhookDelivery delivery) {
        Objects.requireNonNull(delivery, "delivery must not be null");
        requireWebhooks().redeliver(delivery);
    }

    private WebhookSender requireWebhooks() {
        if (webhooks == null) {
            throw new IllegalStateException("this sandbox sends no webhooks: build it with webhookUrl(url)");
        }
        return webhooks;
    }

    /**
     * The agent group a visitor is assigned to through {@code PUT /conversations/visitorGroup}.
     *
     * @param visitorId the visitor
     * @return the group id, or null when the visitor is in no group (never assigned, or removed)
     */
    public String visitorGroup(String visitorId) {
        Objects.requireNonNull(visitorId, "visitorId must not be null");
        return visitorGroups.get(visitorId);
    }

    /**
     * Whether an agent is online now: a ping for it arrived less than the online window ago, by the clock.
     *
     * @param agentIdOrEmail the agent's id, or the email address it was pinged with
     * @return true when online
     */
    public boolean isAgentOnline(String agentIdOrEmail) {
        Objects.requireNonNull(agentIdOrEmail, "agentIdOrEmail must not be null");
        String agentId = agentIdOrEmail.contains("@") ? Ids.forEmail(agentIdOrEmail) : agentIdOrEmail;
        Instant until = onlineUntil.get(agentId);
        return until != null && clock.instant().isBefore(until);
    }

    /**
     * The ids of the agents online now (an agent pinged by email has the id {@link #agentIdForEmail(String)}).
     *
     * @return an immutable, sorted snapshot
     */
    public Set<String> onlineAgents() {
        Instant now = clock.instant();
        return Collections.unmodifiableSortedSet(onlineUntil.entrySet().stream()
                .filter(e -> now.isBefore(e.getValue()))
                .map(Map.Entry::getKey)
                .collect(Collectors.toCollection(TreeSet::new)));
    }

    /**
     * The agent id the sandbox uses for an agent named by email ({@code agentEmail} + {@code agentName} +
     * {@code receivedFrom}), as Brevo keeps one agent per address. Stable: the same address (case ignored) gives
     * the same id in every sandbox.
     *
     * @param email the agent's email address
     * @return a 17-character id
     */
    public static String agentIdForEmail(String email) {
        return Ids.forEmail(Objects.requireNonNull(email, "email must not be null"));
    }

    /**
     * The requests received since the start or the last {@link #reset()}, in arrival order, with the
     * {@code api-key} and {@code partner-key} values redacted; at most the last 10,000, so
     * that a long-running sandbox does not grow without bound. Requests refused (401, 400, 429, faults) are
     * included.
     *
     * @return an immutable snapshot
     */
    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    /**
     * Forgets every message, online agent, recorded request, pending fault and rate-limit window. The
     * configuration (key, clock, limits) stays.
     */
    public void reset() {
        generation.incrementAndGet();
        faults.clear();
        messages.clear();
        onlineUntil.clear();
        agentNames.clear();
        visitors.clear();
        visitorGroups.clear();
        if (webhooks != null) {
            webhooks.reset();
        }
        requests.clear();
        recorded.set(0);
        if (rateLimiter != null) {
            rateLimiter.reset();
        }
    }

    // ---------------------------------------------------------------- faults

    /**
     * Answers the next {@code times} requests with {@code status} and an ErrorModel body, without processing
     * them (no state changes, no rate-limit count, the key is not even checked). The body's code is Brevo's for
     * that status where it has one ({@code 400 bad_request}, {@code 402 not_enough_credits},
     * {@code 403 permission_denied}, {@code 429 too_many_requests}, ...), else {@code internal_error}.
     *
     * @param times how many requests, 1 or more
     * @param status an error status, 400 to 599
     */
    public void failNext(int times, int status) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("status must be an error status, 400 to 599, was " + status);
        }
        enqueue(times, new Fault(Fault.Kind.STATUS, status, Duration.ZERO));
    }

    /**
     * Closes the connection of the next {@code times} requests without any response, before processing them
     * (no state changes): the client sees the connection end, as when a proxy or the network fails.
     *
     * <p>Note that {@code HttpURLConnection} (Feign's default client) silently re-sends a request without a body
     * once when this happens; such a retry is the next request here.
     *
     * @param times how many requests, 1 or more
     */
    public void dropNext(int times) {
        enqueue(times, new Fault(Fault.Kind.DROP, 0, Duration.ZERO));
    }

    /**
     * Holds each of the next {@code times} requests for {@code delay} (real time, not the clock), then processes
     * it normally: use it with a shorter client read timeout to test timeouts. A client that gives up early does
     * not stop the processing, as with a real server.
     *
     * @param times how many requests, 1 or more
     * @param delay how long to wait before processing, positive
     */
    public void delayNext(int times, Duration delay) {
        Objects.requireNonNull(delay, "delay must not be null");
        if (delay.isNegative() || delay.isZero()) {
            throw new IllegalArgumentException("delay must be positive, was " + delay);
        }
        enqueue(times, new Fault(Fault.Kind.DELAY, 0, delay));
    }

    private void enqueue(int times, Fault fault) {
        if (times < 1) {
            throw new IllegalArgumentException("times must be at least 1, was " + times);
        }
        for (int i = 0; i < times; i++) {
            faults.add(fault);
        }
    }

    /** Stops the server at once; requests in flight are cut. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.stop(0);
        executor.shutdownNow();
        if (webhooks != null) {
            webhooks.close();
        }
    }

    @Override
    public String toString() {
        return "ConversationsSandbox(" + baseUrl + (closed ? ", closed" : "") + ")";
    }

    // ---------------------------------------------------------------- state used by the handler

    boolean keyMatches(String presented) {
        return presented != null
                && java.security.MessageDigest.isEqual(
                        presented.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        apiKey.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    void record(RecordedRequest request) {
        requests.add(request);
        if (recorded.incrementAndGet() > MAX_RECORDED_REQUESTS && requests.poll() != null) {
            recorded.decrementAndGet();
        }
    }

    SandboxMessage store(java.util.function.Function<String, SandboxMessage> factory) {
        if (webhooks == null) {
            return storeOnly(factory);
        }
        synchronized (webhooks) { // events leave in the order the messages were stored
            SandboxMessage message = storeOnly(factory);
            webhooks.stored(message);
            return message;
        }
    }

    private SandboxMessage storeOnly(java.util.function.Function<String, SandboxMessage> factory) {
        while (true) {
            String id = Ids.random();
            SandboxMessage message = factory.apply(id);
            if (messages.putIfAbsent(id, new Stored(message, sequence.incrementAndGet())) == null) {
                visitors.add(message.visitorId());
                return message;
            }
        }
    }

    /** Replaces the text of a stored message if it is still the one given; null when it was deleted meanwhile. */
    SandboxMessage edit(String id, String text) {
        Stored updated =
                messages.computeIfPresent(id, (k, s) -> new Stored(s.message().withText(text), s.sequence()));
        return updated == null ? null : updated.message();
    }

    void setOnline(String agentId) {
        onlineUntil.put(agentId, clock.instant().plus(agentOnlineWindow));
    }

    /** Assigns (or, for a null group, unassigns) a visitor; false when the sandbox has never seen the visitor. */
    boolean assignGroup(String visitorId, String groupId) {
        if (!visitors.contains(visitorId)) {
            return false;
        }
        visitorGroups.compute(visitorId, (visitor, old) -> groupId); // null removes the entry
        return true;
    }

    private static void requireText(String value, String name) {
        Objects.requireNonNull(value, name + " must not be null");
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }

    /**
     * Configures a sandbox. Not thread-safe; every setter checks its argument at once.
     */
    public static final class Builder {
        private String apiKey = "sandbox-key";
        private Clock clock = Clock.systemUTC();
        private Duration agentOnlineWindow = Duration.ofSeconds(150); // Brevo says 2 to 3 minutes
        private int port;
        private int rateLimitRequests;
        private Duration rateLimitWindow;
        private java.util.function.Supplier<java.net.URI> webhookUrl;

        private Builder() {}

        /**
         * Makes the sandbox POST Brevo's Conversations webhooks to this URL (see the class description). Off by
         * default. Put a secret token in it as you would in the URL you give Brevo, for instance
         * {@code http://127.0.0.1:8080/brevo/webhook?token=...}.
         *
         * @param url an absolute {@code http} or {@code https} URL
         * @return this builder
         */
        public Builder webhookUrl(String url) {
            java.net.URI uri = checkedUrl(url);
            this.webhookUrl = () -> uri;
            return this;
        }

        /**
         * Makes the sandbox POST its webhooks to the URL {@code url} gives when each is sent: for a receiver whose
         * port is known only once it runs, such as a Spring Boot application on a random port that itself needs the
         * sandbox's {@link ConversationsSandbox#baseUrl()} to start. A delivery while it gives null (or fails) is
         * recorded as failed (status 0), as for a receiver that does not answer.
         *
         * @param url gives an absolute {@code http} or {@code https} URL, or null while there is none yet
         * @return this builder
         */
        public Builder webhookUrlFrom(java.util.function.Supplier<String> url) {
            Objects.requireNonNull(url, "webhookUrlFrom must not be null");
            this.webhookUrl = () -> {
                String now = url.get();
                return now == null ? null : checkedUrl(now);
            };
            return this;
        }

        private static java.net.URI checkedUrl(String url) {
            Objects.requireNonNull(url, "webhookUrl must not be null");
            java.net.URI uri;
            try {
                uri = new java.net.URI(url);
            } catch (java.net.URISyntaxException e) {
                throw new IllegalArgumentException("webhookUrl is not a URL: " + e.getMessage(), e);
            }
            if (!("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    || uri.getHost() == null) {
                throw new IllegalArgumentException("webhookUrl must be an absolute http or https URL, was " + url);
            }
            return uri;
        }

        /**
         * Sets the only API key the sandbox accepts. Defaults to {@code sandbox-key}.
         *
         * @param apiKey printable ASCII, not blank
         * @return this builder
         */
        public Builder apiKey(String apiKey) {
            Objects.requireNonNull(apiKey, "apiKey must not be null");
            if (apiKey.isBlank() || !apiKey.chars().allMatch(c -> c >= 0x21 && c <= 0x7E)) {
                throw new IllegalArgumentException(
                        "apiKey must be printable ASCII without spaces (it is a header value)");
            }
            this.apiKey = apiKey;
            return this;
        }

        /**
         * Sets the clock for {@code createdAt}, online windows and rate-limit windows. Defaults to the system UTC clock.
         *
         * @param clock for instance a test clock that the test moves forward
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock must not be null");
            return this;
        }

        /**
         * Sets how long an online ping keeps an agent online. Defaults to 150 seconds.
         *
         * @param window a positive duration
         * @return this builder
         */
        public Builder agentOnlineWindow(Duration window) {
            this.agentOnlineWindow = positive(window, "agentOnlineWindow");
            return this;
        }

        /**
         * Sets the port to listen on, on 127.0.0.1. Defaults to 0: an ephemeral port, see
         * {@link ConversationsSandbox#baseUrl()}.
         *
         * @param port 0 to 65535
         * @return this builder
         */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0 to 65535, was " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * Limits requests to {@code requests} per fixed {@code window} (started by the first counted request, read
         * from the clock). Every response then carries {@code x-sib-ratelimit-limit}, {@code -remaining} and
         * {@code -reset} (whole seconds until the window ends, rounded up); a request past the limit is answered
         * 429 {@code too_many_requests} and not processed. Requests refused with 401 are not counted. Off by
         * default.
         *
         * @param requests requests allowed per window, 1 or more
         * @param window the window, at least one millisecond
         * @return this builder
         */
        public Builder rateLimit(int requests, Duration window) {
            if (requests < 1) {
                throw new IllegalArgumentException("requests must be at least 1, was " + requests);
            }
            this.rateLimitWindow = positive(window, "window");
            this.rateLimitRequests = requests;
            return this;
        }

        /**
         * Starts the sandbox.
         *
         * @return the running sandbox; close it when done
         * @throws UncheckedIOException when the port cannot be bound
         */
        public ConversationsSandbox start() {
            return new ConversationsSandbox(this);
        }

        @Override
        public String toString() {
            return "ConversationsSandbox.Builder(port=" + port + ", apiKey=<redacted>, agentOnlineWindow="
                    + agentOnlineWindow + ")";
        }

        private static Duration positive(Duration value, String name) {
            Objects.requireNonNull(value, name + " must not be null");
            if (value.toMillis() < 1) {
                throw new IllegalArgumentException(name + " must be at least 1 ms, was " + value);
            }
            return value;
        }
    }
}
