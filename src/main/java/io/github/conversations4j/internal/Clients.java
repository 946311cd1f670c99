package io.github.conversations4j.internal;

import feign.Client;
import feign.Feign;
import feign.Request;
import feign.Retryer;
import io.github.conversations4j.AttemptHook;
import io.github.conversations4j.CallListener;
import io.github.conversations4j.ConversationsClient;
import io.github.conversations4j.RetryPolicy;
import io.github.conversations4j.Sleeper;
import io.github.conversations4j.api.ConversationsApi;
import io.github.conversations4j.errors.BrevoApiException;
import io.github.conversations4j.errors.InvalidRequestException;
import io.github.conversations4j.model.Body12;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLSocketFactory;

/**
 * Assembles a client from what {@link io.github.conversations4j.BrevoConversations.Builder} checked: the one way
 * from the builder into the SDK's machinery; and lends the SDK's own rules (validation, server waits, close) to
 * the helper packages ({@code presence}). Public only because the packages must meet; not part of the API.
 */
public final class Clients {
    // The builder's defaults, each stated in the javadoc of its builder method and in the README.
    public static final String DEFAULT_BASE_URL = "https://api.brevo.com/v3";
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(60);
    public static final int DEFAULT_MAX_CONNECTIONS_PER_HOST = 64;
    /** The SDK's version, as sent in its {@code User-Agent}. */
    public static final String VERSION = SdkVersion.VERSION;

    private static final Map<Method, Operation> OPERATIONS = Operation.of(ConversationsApi.class);
    private static final Operation PING = OPERATIONS.values().stream()
            .filter(o -> o.name().equals("conversationsAgentOnlinePingPost"))
            .findFirst()
            .orElseThrow();

    private Clients() {}

    /**
     * Checks an agent online ping as a client checks it before sending: the same rule, the same exception.
     *
     * @param agent the ping's body
     * @throws InvalidRequestException naming the field that breaks Brevo's contract (operation
     *     {@code conversationsAgentOnlinePingPost})
     */
    public static void validatePing(Body12 agent) {
        RequestValidator.validate(PING, new Object[] {agent});
    }

    /**
     * How long an error response asks the caller to wait, by the rule the client's retries follow: a
     * {@code Retry-After} (seconds or HTTP date) first, then on a 429 Brevo's {@code x-sib-ratelimit-reset}.
     *
     * @param e the error
     * @param clock the wall clock, to read an HTTP date
     * @return the wait, or empty when the response names none
     */
    public static Optional<Duration> serverWait(BrevoApiException e, Clock clock) {
        return RetryAfter.of(e.statusCode(), e.headers(), clock);
    }

    /**
     * Has a client built by the SDK close something when it closes, before its own connections.
     *
     * @param api any {@code ConversationsApi}
     * @param hook what to close; closed at most once by the client (it should be idempotent all the same)
     * @return true when {@code api} is a client built by the SDK and will close the hook; false for any other
     *     implementation, which closes nothing
     * @throws IllegalStateException when {@code api} is a client built by the SDK that is closed or closing
     */
    public static boolean onClose(ConversationsApi api, AutoCloseable hook) {
        SdkInvocationHandler handler = handlerOf(api);
        if (handler == null) {
            return false;
        }
        handler.addCloseHook(hook);
        return true;
    }

    /**
     * Undoes {@link #onClose}, for something closed by itself before the client.
     *
     * @param api the {@code ConversationsApi} given to {@link #onClose}
     * @param hook the hook; nothing happens when it was not registered
     */
    public static void removeOnClose(ConversationsApi api, AutoCloseable hook) {
        SdkInvocationHandler handler = handlerOf(api);
        if (handler != null) {
            handler.removeCloseHook(hook);
        }
    }

    /** The handler of a client built by {@link #create}, or null for any other object. */
    static SdkInvocationHandler handlerOf(Object api) {
        if (api instanceof ConversationsClient && Proxy.isProxyClass(api.getClass())) {
            InvocationHandler handler = Proxy.getInvocationHandler(api);
            if (handler instanceof SdkInvocationHandler) {
                return (SdkInvocationHandler) handler;
            }
        }
        return null;
    }

    /**
     * Builds a client. Every argument was checked by the builder, and is what its setter of the same name set (null
     * for one not set, whose default is then the JVM's: proxy selector, TLS socket factory).
     *
     * @param baseUrl the API root, without a trailing slash
     * @param plugged a transport the caller plugged in, or null for the SDK's own
     * @param policy the retry policy, its count final
     * @param openTelemetry whether to trace attempts with the global OpenTelemetry, when its API is on the class
     *     path and the transport is the SDK's own
     * @param propagation whether the trace context goes into each request's headers
     * @return the client
     */
    public static ConversationsClient create(
            String baseUrl,
            String apiKey,
            String partnerKey,
            Client plugged,
            Duration connectTimeout,
            Duration readTimeout,
            Duration writeTimeout,
            Duration callTimeout,
            SSLSocketFactory sslSocketFactory,
            java.net.Proxy proxy,
            String proxyUser,
            String proxyPassword,
            int maxConnectionsPerHost,
            RetryPolicy policy,
            Sleeper sleeper,
            Clock clock,
            List<CallListener> listeners,
            List<AttemptHook> hooks,
            boolean openTelemetry,
            boolean propagation) {
        CallListener[] told = CallEvents.orNull(listeners, new CallListener[0]);
        AttemptHook[] hooked = CallEvents.orNull(hooks, new AttemptHook[0]);
        // A plugged-in transport is traced by its own instrumentation (the Java agent's for HttpURLConnection, OkHttp,
        // Apache, the JDK's): a span here too would make two CLIENT spans per request.
        AttemptTracer tracer = AttemptTracer.of(openTelemetry && plugged == null, propagation, baseUrl);
        Map<String, String> fixedHeaders = new LinkedHashMap<>();
        fixedHeaders.put("api-key", apiKey);
        if (partnerKey != null) {
            fixedHeaders.put("partner-key", partnerKey);
        }
        fixedHeaders.put("User-Agent", SdkVersion.USER_AGENT);
        Http11Client own = plugged != null
                ? null
                : new Http11Client(new Http11Client.Settings()
                        .connectTimeout(connectTimeout)
                        .writeTimeout(writeTimeout)
                        .callTimeout(callTimeout)
                        .sslSocketFactory(sslSocketFactory)
                        .fixedHeaders(fixedHeaders)
                        .proxy(proxy)
                        .proxyCredentials(proxyUser, proxyPassword)
                        .maxConnectionsPerHost(maxConnectionsPerHost)
                        .clock(sleeper));
        Client transport = new LoggingClient(
                own != null ? own : plugged,
                fixedHeaders,
                own == null,
                told != null || hooked != null || tracer != null);
        JacksonCodec codec = new JacksonCodec();
        SdkInvocationHandler[] handler = new SdkInvocationHandler[1];
        Feign.builder()
                .client(transport)
                .contract(new SdkContract())
                .encoder(codec)
                .decoder(codec)
                .errorDecoder(ErrorResponse::decode)
                .options(new Request.Options(connectTimeout, readTimeout, false))
                .retryer(Retryer.NEVER_RETRY)
                .invocationHandlerFactory((target, dispatch) -> handler[0] = new SdkInvocationHandler(
                        target,
                        dispatch,
                        OPERATIONS,
                        policy,
                        sleeper,
                        clock,
                        callTimeout,
                        own,
                        told,
                        java.net.URI.create(baseUrl).getHost(),
                        hooked,
                        tracer))
                .target(new SdkTarget<>(ConversationsApi.class, baseUrl));
        // Feign's proxy implements ConversationsApi only; the client's own proxy adds close() on the same handler.
        return (ConversationsClient) Proxy.newProxyInstance(
                ConversationsClient.class.getClassLoader(), new Class<?>[] {ConversationsClient.class}, handler[0]);
    }

    /**
     * Checks a header a caller adds to requests ({@code CallOptions}): a token name that is not one of the SDK's
     * own headers, a value without control characters.
     *
     * @param name the name
     * @param value the value
     * @throws IllegalArgumentException naming the header, never the value
     */
    public static void checkHeader(String name, String value) {
        AttemptHeaders.check(name, value);
    }

    /**
     * Reads a generated model with the SDK's own codec, for the {@code webhooks} package.
     *
     * @param json the JSON document
     * @param type a generated model class
     * @param <T> the model
     * @return the model, or null for a JSON {@code null}
     * @throws java.io.IOException when the document is not JSON of the model's shape; the message names the field
     */
    public static <T> T readModel(byte[] json, Class<T> type) throws java.io.IOException {
        if (!ModelCodec.handles(type)) {
            throw new IllegalArgumentException("not a model of the spec: " + type.getName());
        }
        return type.cast(ModelCodec.read(json, type));
    }
}
