package io.github.conversations4j;

import feign.Client;
import io.github.conversations4j.api.ConversationsApi;
import io.github.conversations4j.errors.BrevoConnectionException;
import io.github.conversations4j.internal.Clients;
import java.net.InetAddress;
import java.net.Proxy;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.net.ssl.SSLSocketFactory;

/**
 * Entry point of the SDK: builds a {@link ConversationsClient} (a {@link ConversationsApi} you can close) for
 * Brevo's Conversations API. Build one per application and close it at shutdown.
 *
 * <pre>{@code
 * ConversationsClient conversations = BrevoConversations.builder()
 *     .apiKey(System.getenv("BREVO_API_KEY"))
 *     .build();
 * ConversationsMessage sent = conversations.conversationsPushedMessagesPost(
 *     new Body10().visitorId(visitorId).text("Your order has shipped!"));
 * }</pre>
 */
public final class BrevoConversations {
    private BrevoConversations() {}

    /**
     * Starts configuring a client.
     *
     * @return a new builder; {@link Builder#apiKey(String)} is the only required setting
     */
    public static Builder builder() {
        return new Builder();
    }

    /** The SDK's version, as sent in its {@code User-Agent}. */
    public static String version() {
        return Clients.VERSION;
    }

    /** A timeout as the builders take it: positive, and at most {@link Integer#MAX_VALUE} milliseconds. */
    static Duration positive(Duration value, String name) {
        Objects.requireNonNull(value, name + " must not be null");
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
        if (value.compareTo(Duration.ofMillis(Integer.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException(name + " must be at most " + Integer.MAX_VALUE + " ms, was " + value);
        }
        return value;
    }

    /**
     * Configures a {@link ConversationsClient}. Not thread-safe; what {@link #build()} returns is.
     *
     * <p>Every setter checks its argument at once; {@link #build()} checks the whole and fails with an
     * {@link IllegalStateException} or {@link IllegalArgumentException} that says what to fix. No message ever
     * contains a key.
     */
    public static final class Builder {
        private String apiKey;
        private String partnerKey;
        private String baseUrl = Clients.DEFAULT_BASE_URL;
        private boolean allowInsecureHttp;
        private Duration connectTimeout = Clients.DEFAULT_CONNECT_TIMEOUT;
        private Duration readTimeout = Clients.DEFAULT_READ_TIMEOUT;
        private Duration writeTimeout = Clients.DEFAULT_WRITE_TIMEOUT;
        private Duration callTimeout = Clients.DEFAULT_CALL_TIMEOUT;
        private Proxy proxy;
        private String proxyUser;
        private String proxyPassword;
        private int maxConnectionsPerHost = Clients.DEFAULT_MAX_CONNECTIONS_PER_HOST;
        private Client client;
        private SSLSocketFactory sslSocketFactory;
        private RetryPolicy retryPolicy = RetryPolicy.defaults();
        private Integer maxRetries;
        private Sleeper sleeper = Sleeper.system();
        private Clock clock = Clock.systemUTC();
        private final List<CallListener> listeners = new ArrayList<>();
        private final List<AttemptHook> hooks = new ArrayList<>();
        private boolean openTelemetry = true;
        private boolean tracePropagation = true;

        private Builder() {}

        /**
         * Sets the API key sent as the {@code api-key} header of every request. Required.
         *
         * @param apiKey the key from Brevo's "SMTP &amp; API" settings
         * @return this builder
         */
        public Builder apiKey(String apiKey) {
            this.apiKey = Objects.requireNonNull(
                    apiKey, "apiKey must not be null: pass your Brevo API key (Brevo > SMTP & API > API keys)");
            return this;
        }

        /**
         * Sets the partner key sent as the {@code partner-key} header along with the API key. Optional; only Brevo
         * partners have one.
         *
         * @param partnerKey the partner key, or {@code null} to send none
         * @return this builder
         */
        public Builder partnerKey(String partnerKey) {
            this.partnerKey = partnerKey;
            return this;
        }

        /**
         * Sets the API root. Defaults to {@code https://api.brevo.com/v3}.
         *
         * <p>Must be {@code https}, unless it points at a loopback address (a local test server or the SDK's
         * sandbox) or {@link #allowInsecureHttp()} was called: over plain HTTP the API key travels in clear text.
         *
         * @param baseUrl for instance {@code https://api.brevo.com/v3}
         * @return this builder
         */
        public Builder baseUrl(String baseUrl) {
            this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl must not be null");
            return this;
        }

        /**
         * Allows a plain {@code http} base URL that is not a loopback address, for instance a test server on
         * another host of a private network. The API key then travels in clear text.
         *
         * @return this builder
         */
        public Builder allowInsecureHttp() {
            this.allowInsecureHttp = true;
            return this;
        }

        /**
         * Sets how long to wait for a connection. Defaults to 10 seconds.
         *
         * @param connectTimeout a positive duration of at most {@link Integer#MAX_VALUE} milliseconds
         * @return this builder
         */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = positive(connectTimeout, "connectTimeout");
            return this;
        }

        /**
         * Sets the longest wait for the next bytes of a response. Defaults to 30 seconds. A server that keeps sending a
         * byte now and then is not stopped by it; {@link #callTimeout(Duration)} is.
         *
         * @param readTimeout a positive duration of at most {@link Integer#MAX_VALUE} milliseconds
         * @return this builder
         */
        public Builder readTimeout(Duration readTimeout) {
            this.readTimeout = positive(readTimeout, "readTimeout");
            return this;
        }

        /**
         * Sets the longest wait for room to write the request, for a server that stops reading. Defaults to 30
         * seconds. Applies to the default transport.
         *
         * @param writeTimeout a positive duration of at most {@link Integer#MAX_VALUE} milliseconds
         * @return this builder
         */
        public Builder writeTimeout(Duration writeTimeout) {
            this.writeTimeout = positive(writeTimeout, "writeTimeout");
            return this;
        }

        /**
         * Sets the most time one call may take, retries and their waits included. Defaults to 60 seconds. On the
         * default transport it cuts short an attempt under way at any point (waiting for a free connection, connect,
         * proxy tunnel, TLS handshake, write, waiting for and reading the response); the call then fails with a
         * {@link BrevoConnectionException} whose {@code isTimeout()} is true. No retry is started that could not
         * end within it. With a plugged-in {@link #client(Client)} it bounds only the retries: an attempt under way
         * ends by that client's own timeouts. (DNS look-ups cannot be cut short by any JDK client.)
         *
         * @param callTimeout a positive duration of at most {@link Integer#MAX_VALUE} milliseconds
         * @return this builder
         */
        public Builder callTimeout(Duration callTimeout) {
            this.callTimeout = positive(callTimeout, "callTimeout");
            return this;
        }

        /**
         * Sets the proxy of the default transport. By default it asks {@link java.net.ProxySelector#getDefault()}, so
         * the JVM's {@code https.proxyHost}, {@code https.proxyPort}, {@code http.nonProxyHosts} and
         * {@code socksProxyHost} settings apply as in every JDK client. An HTTP proxy carries HTTPS through a
         * {@code CONNECT} tunnel with TLS inside, the host name verified against Brevo's, not the proxy's; a SOCKS
         * proxy is spoken to in SOCKS5 and resolves the host name itself.
         *
         * @param proxy an HTTP or SOCKS proxy, or {@link Proxy#NO_PROXY} to connect directly whatever the JVM says
         * @return this builder
         */
        public Builder proxy(Proxy proxy) {
            this.proxy = Objects.requireNonNull(proxy, "proxy must not be null (Proxy.NO_PROXY connects directly)");
            return this;
        }

        /**
         * Sets the credentials for the proxy: sent as {@code Proxy-Authorization: Basic} on the {@code CONNECT} (and
         * on requests to a plain-{@code http} base URL through an HTTP proxy), or as the SOCKS5 user name and
         * password. Never through the JVM-wide {@link java.net.Authenticator}, and never in a message or log line.
         *
         * @param username the user name
         * @param password the password
         * @return this builder
         */
        public Builder proxyCredentials(String username, String password) {
            this.proxyUser = Objects.requireNonNull(username, "proxy username must not be null");
            this.proxyPassword = Objects.requireNonNull(password, "proxy password must not be null");
            for (String value : new String[] {username, password}) {
                for (int i = 0; i < value.length(); i++) {
                    char c = value.charAt(i);
                    if (c < 0x20 || c == 0x7F) {
                        throw new IllegalArgumentException("proxy " + (value == username ? "username" : "password")
                                + " contains a control character at index " + i);
                    }
                }
            }
            if (username.indexOf(':') >= 0) {
                throw new IllegalArgumentException("proxy username must not contain ':' (Basic authentication)");
            }
            return this;
        }

        /**
         * Caps the requests in flight to one host on the default transport, and so its connections. Defaults to 64.
         * A call beyond the cap waits for a free connection within its call timeout.
         *
         * @param max 1 to 10000
         * @return this builder
         */
        public Builder maxConnectionsPerHost(int max) {
            if (max < 1 || max > 10_000) {
                throw new IllegalArgumentException("maxConnectionsPerHost must be between 1 and 10000, was " + max);
            }
            this.maxConnectionsPerHost = max;
            return this;
        }

        /**
         * Plugs in another Feign HTTP client ({@code feign-okhttp}, say). Defaults to the SDK's own HTTP/1.1 client
         * on kept-alive connections, which needs no dependency, never retries or follows redirects on its own, reads
         * bodies only up to a bound, and supports proxies ({@link #proxy(Proxy)}). The timeouts set here are passed to it with every request; a plugged-in client
         * may retry or follow redirects by itself, which the SDK cannot see.
         *
         * @param client the transport
         * @return this builder
         */
        public Builder client(Client client) {
            this.client = Objects.requireNonNull(client, "client must not be null");
            return this;
        }

        /**
         * Sets the TLS socket factory of the default transport, for instance to trust a corporate CA. Defaults to
         * the JDK's, with its trust store. Host names are verified either way.
         *
         * @param sslSocketFactory the factory
         * @return this builder
         */
        public Builder sslSocketFactory(SSLSocketFactory sslSocketFactory) {
            this.sslSocketFactory = Objects.requireNonNull(sslSocketFactory, "sslSocketFactory must not be null");
            return this;
        }

        /**
         * Sets how calls are retried. Defaults to {@link RetryPolicy#defaults()}: 2 retries, exponential backoff
         * with jitter from 500 ms capped at 8 s, no retry past the call timeout. What is retried is fixed (see
         * {@link RetryPolicy}): a message send is never repeated once it may have reached the server, unless
         * {@link RetryPolicy#withAtLeastOnceSends(boolean)} says so.
         *
         * <p>{@link #maxRetries(int)}, when called, sets the number of retries whatever the order of the two calls.
         *
         * @param retryPolicy the policy; {@link RetryPolicy#none()} for exactly one request per call
         * @return this builder
         */
        public Builder retryPolicy(RetryPolicy retryPolicy) {
            this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy must not be null");
            return this;
        }

        /**
         * Sets the number of retries after the first attempt, keeping the rest of the retry policy. It wins over the
         * count of a {@link #retryPolicy(RetryPolicy)}, whichever is called first: {@code maxRetries(0)} with any
         * policy makes one request per call.
         *
         * @param maxRetries 0 to 10; defaults to 2
         * @return this builder
         */
        public Builder maxRetries(int maxRetries) {
            RetryPolicy.defaults().withMaxRetries(maxRetries); // checks the range now
            this.maxRetries = maxRetries;
            return this;
        }

        /**
         * Replaces the clock (of retries, and of the default transport's idle connections) and the wait between
         * retries: a seam for tests that check retry delays or connection reuse without sleeping. Defaults to
         * {@link Sleeper#system()}; nothing but a test should replace it. Under a fake clock that does not advance,
         * idle connections never expire and a server's idle close turns pooling off for that host (every connection
         * is still checked before it is reused); call deadlines always run on the real clock.
         *
         * @param sleeper the sleeper
         * @return this builder
         */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper must not be null");
            return this;
        }

        /**
         * Replaces the wall clock used to read {@code Retry-After} dates: a seam for tests. Defaults to UTC system
         * time.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock must not be null");
            return this;
        }

        /**
         * Adds a listener told of every call the client makes: its start, each attempt and its outcome, each retry and
         * its wait, and its end (see {@link CallListener}). For metrics and tracing; the Spring integration adds one
         * bound to Micrometer. Listeners are told in the order they were added; one that throws never breaks a call.
         * A client without listeners does no work for them. A listener that is also an {@link AttemptHook} (the
         * Micrometer one, which puts the trace context into each attempt's headers) is added as a hook too.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder addCallListener(CallListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener must not be null"));
            if (listener instanceof AttemptHook) {
                hooks.add((AttemptHook) listener);
            }
            return this;
        }

        /**
         * Adds a hook run before each attempt of every call, which may add or replace headers of that attempt's
         * request (see {@link AttemptHook}). Hooks run in the order they were added; one that throws never breaks a
         * call.
         *
         * @param hook the hook
         * @return this builder
         */
        public Builder addAttemptHook(AttemptHook hook) {
            hooks.add(Objects.requireNonNull(hook, "hook must not be null"));
            return this;
        }

        /**
         * Whether the client reports to OpenTelemetry. On by default, and then, with {@code io.opentelemetry:
         * opentelemetry-api} on the class path and a global OpenTelemetry set (by the application, or by the
         * OpenTelemetry Java agent), each attempt of a call on the default transport is a CLIENT span after the
         * stable HTTP client semantic conventions ({@code http.request.method}, {@code server.address},
         * {@code server.port}, {@code url.template}, {@code http.response.status_code}, {@code error.type},
         * {@code http.request.resend_count}), its duration is recorded in the {@code http.client.request.duration}
         * histogram (seconds), and the global propagator writes the trace context ({@code traceparent}) into its
         * headers. No key, message text or visitor id is ever an attribute. Without OpenTelemetry's API on the class
         * path nothing of it is loaded. A plugged-in {@link #client(Client)} is left to its own instrumentation.
         *
         * @param enabled false to report nothing to OpenTelemetry
         * @return this builder
         */
        public Builder openTelemetry(boolean enabled) {
            this.openTelemetry = enabled;
            return this;
        }

        /**
         * Whether the trace context goes to Brevo in each request's headers ({@code traceparent}, {@code tracestate}
         * and whatever else the global OpenTelemetry propagator writes). On by default; off keeps the spans and
         * metrics but no trace id leaves for Brevo.
         *
         * @param enabled false to send no trace context
         * @return this builder
         */
        public Builder tracePropagation(boolean enabled) {
            this.tracePropagation = enabled;
            return this;
        }

        /**
         * Builds the client.
         *
         * @return a ready client, immutable and safe to share between threads: build one per application, reuse
         *     it, and {@link ConversationsClient#close() close} it at shutdown
         * @throws IllegalStateException when no API key was set
         * @throws IllegalArgumentException when a key or the base URL is unusable; the message says why and never
         *     contains a key
         */
        public ConversationsClient build() {
            if (apiKey == null) {
                throw new IllegalStateException("apiKey is required: call apiKey(...) with your Brevo API key "
                        + "(Brevo > SMTP & API > API keys)");
            }
            checkKey("apiKey", apiKey);
            if (partnerKey != null) {
                checkKey("partnerKey", partnerKey);
            }
            String url = checkBaseUrl(baseUrl, allowInsecureHttp);
            if (client != null && (proxy != null || proxyUser != null)) {
                throw new IllegalStateException("proxy(...) and proxyCredentials(...) configure the default transport; "
                        + "a plugged-in client(...) brings its own proxy settings");
            }
            return Clients.create(
                    url,
                    apiKey,
                    partnerKey,
                    client,
                    connectTimeout,
                    readTimeout,
                    writeTimeout,
                    callTimeout,
                    sslSocketFactory,
                    proxy,
                    proxyUser,
                    proxyPassword,
                    maxConnectionsPerHost,
                    maxRetries == null ? retryPolicy : retryPolicy.withMaxRetries(maxRetries),
                    sleeper,
                    clock,
                    List.copyOf(listeners),
                    List.copyOf(hooks),
                    openTelemetry,
                    tracePropagation);
        }

        @Override
        public String toString() {
            return "BrevoConversations.Builder(baseUrl=" + baseUrl + ", apiKey="
                    + (apiKey == null ? "unset" : "<redacted>")
                    + ", partnerKey=" + (partnerKey == null ? "unset" : "<redacted>")
                    + (proxyUser == null ? "" : ", proxyCredentials=<redacted>") + ")";
        }

        private static void checkKey(String name, String key) {
            if (key.isBlank()) {
                throw new IllegalArgumentException(name + " must not be blank");
            }
            for (int i = 0; i < key.length(); i++) {
                char c = key.charAt(i);
                if (c < 0x21 || c > 0x7E) {
                    String what = c == '\r' || c == '\n'
                            ? "a line break"
                            : Character.isISOControl(c)
                                    ? "a control character"
                                    : c == ' ' ? "a space" : "a non-ASCII character";
                    throw new IllegalArgumentException(name + " contains " + what + " at index " + i + " of "
                            + key.length() + " (keys are printable ASCII; was it read with a trailing newline?)");
                }
            }
        }

        private static String checkBaseUrl(String baseUrl, boolean allowInsecureHttp) {
            URI uri;
            try {
                uri = new URI(baseUrl.trim());
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("baseUrl is not a valid URL: " + e.getMessage());
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("https") && !scheme.equals("http")) {
                throw new IllegalArgumentException("baseUrl must be an absolute http(s) URL such as "
                        + Clients.DEFAULT_BASE_URL + ", was " + baseUrl);
            }
            if (uri.getHost() == null) {
                throw new IllegalArgumentException("baseUrl has no host: " + baseUrl);
            }
            if (uri.getPort() == 0 || uri.getPort() > 65535) {
                throw new IllegalArgumentException("baseUrl has a port outside 1-65535: " + uri.getPort());
            }
            if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                throw new IllegalArgumentException(
                        "baseUrl must not contain user info, a query or a fragment: " + uri.getScheme() + "://"
                                + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort()) + "...");
            }
            if (scheme.equals("http") && !allowInsecureHttp && !isLoopback(uri.getHost())) {
                throw new IllegalArgumentException("baseUrl must use https: over http the API key travels in clear "
                        + "text. Use https, a loopback address (localhost, 127.0.0.1, [::1]), or call allowInsecureHttp() "
                        + "to opt in. Was " + baseUrl);
            }
            String url = uri.toString();
            while (url.endsWith("/")) {
                url = url.substring(0, url.length() - 1);
            }
            return url;
        }

        private static boolean isLoopback(String host) {
            String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
            if (h.equalsIgnoreCase("localhost")) {
                return true;
            }
            // Only literal addresses: a name is never resolved here (no DNS look-up at build time).
            boolean literal = h.indexOf(':') >= 0 || h.chars().allMatch(ch -> ch == '.' || Character.isDigit(ch));
            if (!literal) {
                return false;
            }
            try {
                return InetAddress.getByName(h).isLoopbackAddress();
            } catch (UnknownHostException e) {
                return false;
            }
        }
    }
}
