package io.github.conversations4j.spring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The {@code brevo.conversations.*} properties: one for each option of
 * {@link io.github.conversations4j.BrevoConversations.Builder} that a property can hold, and those of the agent
 * presence and the webhook endpoint. Their defaults are the builder's. {@link #toString()} never shows a key, a
 * password or a token.
 */
@ConfigurationProperties(prefix = "brevo.conversations")
public class ConversationsProperties {
    /** Brevo API key, sent as the api-key header. Setting it creates the ConversationsClient bean. */
    private String apiKey;

    /** Partner key, sent as the partner-key header along with the API key (Brevo partners only). */
    private String partnerKey;

    /** API root: https, or http to a loopback address (a local test server). */
    private String baseUrl = "https://api.brevo.com/v3";

    /** Whether to allow a plain http base URL that is not a loopback address: the key then travels in clear text. */
    private boolean allowInsecureHttp = false;

    /** Maximum wait for a TCP connection, and again for a proxy tunnel and the TLS handshake. */
    private Duration connectTimeout = Duration.ofSeconds(10);

    /** Maximum wait for the next bytes of a response. */
    private Duration readTimeout = Duration.ofSeconds(30);

    /** Maximum wait for room to write the request, for a server that stops reading. */
    private Duration writeTimeout = Duration.ofSeconds(30);

    /** Maximum time one call may take, retries and their waits included. */
    private Duration callTimeout = Duration.ofSeconds(60);

    /** Maximum number of requests in flight to one host, and so of its connections: 1 to 10000. */
    private int maxConnectionsPerHost = 64;

    private final Retry retry = new Retry();

    private final Proxy proxy = new Proxy();

    private final Presence presence = new Presence();

    private final Webhook webhook = new Webhook();

    private final Sandbox sandbox = new Sandbox();

    /** The API key, or null. */
    public String getApiKey() {
        return apiKey;
    }

    /** Sets the API key. */
    public void setApiKey(String apiKey) {
        this.apiKey = apiKey;
    }

    /** The partner key, or null. */
    public String getPartnerKey() {
        return partnerKey;
    }

    /** Sets the partner key. */
    public void setPartnerKey(String partnerKey) {
        this.partnerKey = partnerKey;
    }

    /** The API root. */
    public String getBaseUrl() {
        return baseUrl;
    }

    /** Sets the API root. */
    public void setBaseUrl(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** Whether a plain http base URL that is not loopback is allowed; false by default. */
    public boolean isAllowInsecureHttp() {
        return allowInsecureHttp;
    }

    /** Sets whether a plain http base URL that is not loopback is allowed. */
    public void setAllowInsecureHttp(boolean allowInsecureHttp) {
        this.allowInsecureHttp = allowInsecureHttp;
    }

    /** The connect timeout. */
    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    /** Sets the connect timeout. */
    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    /** The read timeout. */
    public Duration getReadTimeout() {
        return readTimeout;
    }

    /** Sets the read timeout. */
    public void setReadTimeout(Duration readTimeout) {
        this.readTimeout = readTimeout;
    }

    /** The write timeout. */
    public Duration getWriteTimeout() {
        return writeTimeout;
    }

    /** Sets the write timeout. */
    public void setWriteTimeout(Duration writeTimeout) {
        this.writeTimeout = writeTimeout;
    }

    /** The call timeout. */
    public Duration getCallTimeout() {
        return callTimeout;
    }

    /** Sets the call timeout. */
    public void setCallTimeout(Duration callTimeout) {
        this.callTimeout = callTimeout;
    }

    /** The cap on requests in flight to one host. */
    public int getMaxConnectionsPerHost() {
        return maxConnectionsPerHost;
    }

    /** Sets the cap on requests in flight to one host. */
    public void setMaxConnectionsPerHost(int maxConnectionsPerHost) {
        this.maxConnectionsPerHost = maxConnectionsPerHost;
    }

    /** The retry settings, {@code brevo.conversations.retry.*}. */
    public Retry getRetry() {
        return retry;
    }

    /** The proxy settings, {@code brevo.conversations.proxy.*}. */
    public Proxy getProxy() {
        return proxy;
    }

    /** The agent presence settings, {@code brevo.conversations.presence.*}. */
    public Presence getPresence() {
        return presence;
    }

    /** The webhook endpoint settings, {@code brevo.conversations.webhook.*}. */
    public Webhook getWebhook() {
        return webhook;
    }

    /** The test sandbox settings, {@code brevo.conversations.sandbox.*}. */
    public Sandbox getSandbox() {
        return sandbox;
    }

    @Override
    public String toString() {
        return "ConversationsProperties(baseUrl=" + baseUrl + ", apiKey=" + (apiKey == null ? "unset" : "<redacted>")
                + ", partnerKey=" + (partnerKey == null ? "unset" : "<redacted>") + ")";
    }

    /** {@code brevo.conversations.retry.*}: how calls are retried (what is retried is fixed by the SDK). */
    public static class Retry {
        /** Maximum number of retries after the first attempt: 0 to 10. */
        private int maxRetries = 2;

        /** Wait before the first retry, before jitter; it doubles for each further retry. */
        private Duration initialDelay = Duration.ofMillis(500);

        /** Maximum backoff wait. */
        private Duration maxDelay = Duration.ofSeconds(8);

        /** Whether to retry the two sends even when they may have reached Brevo: a visitor may then see a message twice. */
        private boolean atLeastOnceSends = false;

        /** Retries after the first attempt: 0 to 10. */
        public int getMaxRetries() {
            return maxRetries;
        }

        /** Sets the retries after the first attempt: 0 to 10. */
        public void setMaxRetries(int maxRetries) {
            this.maxRetries = maxRetries;
        }

        /** The wait before the first retry. */
        public Duration getInitialDelay() {
            return initialDelay;
        }

        /** Sets the wait before the first retry. */
        public void setInitialDelay(Duration initialDelay) {
            this.initialDelay = initialDelay;
        }

        /** The cap on any backoff wait. */
        public Duration getMaxDelay() {
            return maxDelay;
        }

        /** Sets the cap on any backoff wait. */
        public void setMaxDelay(Duration maxDelay) {
            this.maxDelay = maxDelay;
        }

        /** Whether sends are retried even when they may have reached Brevo; false by default. */
        public boolean isAtLeastOnceSends() {
            return atLeastOnceSends;
        }

        /** Sets whether sends are retried even when they may have reached Brevo (a duplicate rather than a loss). */
        public void setAtLeastOnceSends(boolean atLeastOnceSends) {
            this.atLeastOnceSends = atLeastOnceSends;
        }
    }

    /** {@code brevo.conversations.proxy.*}: a proxy of your own instead of the JVM's proxy settings. */
    public static class Proxy {
        /** Proxy type: HTTP or SOCKS with a host and port; DIRECT to ignore the JVM's proxy settings. Unset: the JVM's. */
        private java.net.Proxy.Type type;

        /** Proxy host. */
        private String host;

        /** Proxy port, 1 to 65535. */
        private Integer port;

        /** User name for the proxy (Basic authentication, or SOCKS5's). */
        private String username;

        /** Password for the proxy. */
        private String password;

        /** The proxy type, or null for the JVM's settings. */
        public java.net.Proxy.Type getType() {
            return type;
        }

        /** Sets the proxy type. */
        public void setType(java.net.Proxy.Type type) {
            this.type = type;
        }

        /** The proxy's host, or null. */
        public String getHost() {
            return host;
        }

        /** Sets the proxy's host. */
        public void setHost(String host) {
            this.host = host;
        }

        /** The proxy's port, or null. */
        public Integer getPort() {
            return port;
        }

        /** Sets the proxy's port. */
        public void setPort(Integer port) {
            this.port = port;
        }

        /** The user name for the proxy, or null. */
        public String getUsername() {
            return username;
        }

        /** Sets the user name for the proxy. */
        public void setUsername(String username) {
            this.username = username;
        }

        /** The password for the proxy, or null. */
        public String getPassword() {
            return password;
        }

        /** Sets the password for the proxy. */
        public void setPassword(String password) {
            this.password = password;
        }

        @Override
        public String toString() {
            return "Proxy(type=" + type + ", host=" + host + ", port=" + port
                    + (username == null ? "" : ", credentials=<redacted>") + ")";
        }
    }

    /** {@code brevo.conversations.presence.*}: agents kept online for the application's lifetime. */
    public static class Presence {
        /** Comma-separated list of agent ids to keep online (a ping a minute) while the application runs. */
        private List<String> agents = new ArrayList<>();

        /** Time between two pings of an agent, before jitter: positive and at most 2 minutes. */
        private Duration interval = Duration.ofMinutes(1);

        /** The agent ids, empty for none. */
        public List<String> getAgents() {
            return agents;
        }

        /** Sets the agent ids. */
        public void setAgents(List<String> agents) {
            this.agents = agents;
        }

        /** The time between two pings of an agent. */
        public Duration getInterval() {
            return interval;
        }

        /** Sets the time between two pings of an agent. */
        public void setInterval(Duration interval) {
            this.interval = interval;
        }
    }

    /** {@code brevo.conversations.webhook.*}: the endpoint that receives Brevo's Conversations webhooks. */
    public static class Webhook {
        /** Whether to create the endpoint when a path is set; false switches it off (for a test, an instance). */
        private boolean enabled = true;

        /** Path of the webhook endpoint, such as /brevo/webhook. Setting it creates the endpoint (Spring MVC). */
        private String path;

        /**
         * Secret of the webhook URL's token query parameter, required with a path: 16 or more of A-Z a-z 0-9 - . _ ~
         * (make one with: openssl rand -hex 32).
         */
        private String token;

        /**
         * Maximum number of webhook events received but not yet handed to the listeners; a webhook beyond it is
         * answered 429.
         */
        private int queueCapacity = 1000;

        /** Number of threads handing events to the listeners; the events of one conversation always go to the same one. */
        private int threads = 1;

        /** Maximum size of a webhook body; a longer one is answered 413 without being read whole. */
        private DataSize maxBodySize = DataSize.ofMegabytes(10);

        /** How long a stopping application waits for the listeners to take the events already answered 200. */
        private Duration drainTimeout = Duration.ofSeconds(20);

        /** Retry-After of a 429 answer (intake full, application stopping). */
        private Duration retryAfter = Duration.ofSeconds(60);

        /** Whether the endpoint is created when a path is set; true by default. */
        public boolean isEnabled() {
            return enabled;
        }

        /** Switches the endpoint on or off (false for no endpoint). */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /** The endpoint's path, or null for no endpoint. */
        public String getPath() {
            return path;
        }

        /** Sets the endpoint's path. */
        public void setPath(String path) {
            this.path = path;
        }

        /** The secret token, or null. */
        public String getToken() {
            return token;
        }

        /** Sets the secret token. */
        public void setToken(String token) {
            this.token = token;
        }

        /** How many events may wait for the listeners. */
        public int getQueueCapacity() {
            return queueCapacity;
        }

        /** Sets how many events may wait for the listeners: 1 or more. */
        public void setQueueCapacity(int queueCapacity) {
            this.queueCapacity = queueCapacity;
        }

        /** How many threads hand events to the listeners: 1 or more. */
        public int getThreads() {
            return threads;
        }

        /** Sets how many threads hand events to the listeners: 1 to 256. */
        public void setThreads(int threads) {
            this.threads = threads;
        }

        /** The largest body read. */
        public DataSize getMaxBodySize() {
            return maxBodySize;
        }

        /** Sets the largest body read: 1 byte or more. */
        public void setMaxBodySize(DataSize maxBodySize) {
            this.maxBodySize = maxBodySize;
        }

        /** How long a stop waits for the listeners. */
        public Duration getDrainTimeout() {
            return drainTimeout;
        }

        /** Sets how long a stop waits for the listeners: zero or more. */
        public void setDrainTimeout(Duration drainTimeout) {
            this.drainTimeout = drainTimeout;
        }

        /** The Retry-After of a 429. */
        public Duration getRetryAfter() {
            return retryAfter;
        }

        /** Sets the Retry-After of a 429: 1 second or more. */
        public void setRetryAfter(Duration retryAfter) {
            this.retryAfter = retryAfter;
        }

        @Override
        public String toString() {
            return "Webhook(enabled=" + enabled + ", path=" + path + ", token="
                    + (token == null ? "unset" : "<redacted>") + ")";
        }
    }

    /**
     * {@code brevo.conversations.sandbox.*}: for a {@code @SpringBootTest}, the SDK's Conversations sandbox in place
     * of Brevo.
     */
    public static class Sandbox {
        /**
         * Whether to start the Conversations sandbox, point the client at it, and have it deliver its webhooks to
         * this application's own endpoint (on its port, random or not). For tests only: never in production.
         */
        private boolean enabled;

        /** Whether the sandbox is started; false by default. */
        public boolean isEnabled() {
            return enabled;
        }

        /** Starts the sandbox in place of Brevo (true in a test). */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        @Override
        public String toString() {
            return "Sandbox(enabled=" + enabled + ")";
        }
    }
}
