package io.github.conversations4j.spring;

import io.github.conversations4j.BrevoConversations;
import io.github.conversations4j.CallListener;
import io.github.conversations4j.ConversationsClient;
import io.github.conversations4j.RetryPolicy;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.time.Duration;
import java.util.List;

/**
 * Builds the client from the properties with the builder's own checks, each failure re-worded to name the
 * property: {@code brevo.conversations.connect-timeout must be positive, was PT0S}.
 */
final class ClientFactory {
    static final String PREFIX = "brevo.conversations.";

    private ClientFactory() {}

    static ConversationsClient create(
            ConversationsProperties p, List<CallListener> listeners, List<ConversationsBuilderCustomizer> customizers) {
        BrevoConversations.Builder b = BrevoConversations.builder();
        apply("api-key", "apiKey", () -> b.apiKey(p.getApiKey()));
        if (p.getPartnerKey() != null) {
            b.partnerKey(p.getPartnerKey());
        }
        apply("base-url", "baseUrl", () -> b.baseUrl(p.getBaseUrl()));
        if (p.isAllowInsecureHttp()) {
            b.allowInsecureHttp();
        }
        apply("connect-timeout", "connectTimeout", () -> b.connectTimeout(p.getConnectTimeout()));
        apply("read-timeout", "readTimeout", () -> b.readTimeout(p.getReadTimeout()));
        apply("write-timeout", "writeTimeout", () -> b.writeTimeout(p.getWriteTimeout()));
        apply("call-timeout", "callTimeout", () -> b.callTimeout(p.getCallTimeout()));
        apply(
                "max-connections-per-host",
                "maxConnectionsPerHost",
                () -> b.maxConnectionsPerHost(p.getMaxConnectionsPerHost()));
        b.retryPolicy(retryPolicy(p.getRetry()));
        apply("retry.max-retries", "maxRetries", () -> b.maxRetries(p.getRetry().getMaxRetries()));
        proxy(p.getProxy(), b);
        customizers.forEach(c -> c.customize(b));
        listeners.forEach(b::addCallListener);
        try {
            return b.build();
        } catch (IllegalArgumentException | IllegalStateException e) {
            String message = String.valueOf(e.getMessage());
            for (String[] names :
                    new String[][] {{"apiKey", "api-key"}, {"partnerKey", "partner-key"}, {"baseUrl", "base-url"}}) {
                if (message.startsWith(names[0] + " ")) {
                    throw invalid(
                            names[1],
                            message.substring(names[0].length() + 1)
                                    .replace("call allowInsecureHttp()", "set " + PREFIX + "allow-insecure-http=true"));
                }
            }
            throw e;
        }
    }

    private static RetryPolicy retryPolicy(ConversationsProperties.Retry retry) {
        Duration initial = retry.getInitialDelay();
        Duration max = retry.getMaxDelay();
        if (initial == null || initial.isNegative()) {
            throw invalid("retry.initial-delay", "must be zero or positive, was " + initial);
        }
        if (max == null || max.compareTo(initial) < 0) {
            throw invalid(
                    "retry.max-delay",
                    "must be at least " + PREFIX + "retry.initial-delay (" + initial + "), was " + max);
        }
        return RetryPolicy.defaults().withBackoff(initial, max).withAtLeastOnceSends(retry.isAtLeastOnceSends());
    }

    private static void proxy(ConversationsProperties.Proxy proxy, BrevoConversations.Builder b) {
        Proxy.Type type = proxy.getType();
        if (type == null) {
            if (proxy.getHost() != null || proxy.getPort() != null || proxy.getUsername() != null) {
                throw invalid(
                        "proxy.type",
                        "must be set (HTTP, SOCKS or DIRECT) when any other " + PREFIX + "proxy.* property is");
            }
            return;
        }
        if (type == Proxy.Type.DIRECT) {
            if (proxy.getHost() != null || proxy.getPort() != null || proxy.getUsername() != null) {
                throw invalid("proxy.type", "is DIRECT: " + PREFIX + "proxy.host, port and username must not be set");
            }
            b.proxy(Proxy.NO_PROXY);
            return;
        }
        if (proxy.getHost() == null || proxy.getHost().isBlank()) {
            throw invalid("proxy.host", "must be set when " + PREFIX + "proxy.type is " + type);
        }
        if (proxy.getPort() == null || proxy.getPort() < 1 || proxy.getPort() > 65535) {
            throw invalid(
                    "proxy.port",
                    "must be between 1 and 65535 when " + PREFIX + "proxy.type is " + type + ", was "
                            + proxy.getPort());
        }
        b.proxy(new Proxy(
                type, InetSocketAddress.createUnresolved(proxy.getHost().trim(), proxy.getPort())));
        if (proxy.getUsername() != null || proxy.getPassword() != null) {
            if (proxy.getUsername() == null || proxy.getPassword() == null) {
                throw invalid(
                        proxy.getUsername() == null ? "proxy.username" : "proxy.password",
                        "must be set along with " + PREFIX
                                + (proxy.getUsername() == null ? "proxy.password" : "proxy.username"));
            }
            try {
                b.proxyCredentials(proxy.getUsername(), proxy.getPassword());
            } catch (IllegalArgumentException e) {
                String message = String.valueOf(e.getMessage());
                boolean user = message.startsWith("proxy username");
                throw invalid(
                        user ? "proxy.username" : "proxy.password",
                        message.substring((user ? "proxy username" : "proxy password").length() + 1));
            }
        }
    }

    /**
     * Runs one builder setter; what it refuses is re-thrown naming the property.
     *
     * @param property the property's name after the prefix
     * @param builderName how the builder's messages name the option
     * @param setter the call
     */
    static void apply(String property, String builderName, Runnable setter) {
        try {
            setter.run();
        } catch (IllegalArgumentException | NullPointerException e) {
            String message = String.valueOf(e.getMessage());
            throw invalid(
                    property,
                    message.startsWith(builderName + " ")
                            ? message.substring(builderName.length() + 1)
                            : "is invalid: " + message);
        }
    }

    static InvalidPropertyException invalid(String property, String reason) {
        return new InvalidPropertyException(PREFIX + property, reason);
    }
}
