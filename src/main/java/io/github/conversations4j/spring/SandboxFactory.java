package io.github.conversations4j.spring;

import io.github.conversations4j.sandbox.ConversationsSandbox;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.springframework.core.env.Environment;

/**
 * Starts the sandbox of {@code brevo.conversations.sandbox.enabled}, and points the application at it: the
 * client's base URL and key, and, when the application has a webhook endpoint, the sandbox's webhooks to that
 * endpoint on the port the server took ({@code local.server.port}, known once the server runs: a test of a
 * {@code webEnvironment = RANDOM_PORT} or {@code DEFINED_PORT}). Without a token, a random one is made for the run.
 */
final class SandboxFactory {
    private SandboxFactory() {}

    static ConversationsSandbox start(ConversationsProperties properties, Environment env) {
        ConversationsSandbox.Builder builder = ConversationsSandbox.builder();
        String key = properties.getApiKey();
        if (key != null && !key.isBlank()) {
            builder.apiKey(key);
        }
        ConversationsProperties.Webhook webhook = properties.getWebhook();
        if (WebhookEndpointCondition.on(env)) {
            if (webhook.getToken() == null || webhook.getToken().isBlank()) {
                byte[] random = new byte[32];
                new SecureRandom().nextBytes(random);
                webhook.setToken(HexFormat.of().formatHex(random));
            }
            String token = webhook.getToken();
            String path = webhook.getPath();
            builder.webhookUrlFrom(() -> {
                String port = env.getProperty("local.server.port");
                if (port == null) {
                    return null; // the server has not started (or the test has no server: webEnvironment = MOCK)
                }
                String host = env.getProperty("server.address", "127.0.0.1");
                if (host.equals("0.0.0.0") || host.equals("::") || host.isBlank()) {
                    host = "127.0.0.1";
                } else if (host.contains(":") && !host.startsWith("[")) {
                    host = "[" + host + "]";
                }
                String contextPath = env.getProperty("server.servlet.context-path", "");
                return "http://" + host + ":" + port + (contextPath.equals("/") ? "" : contextPath) + path + "?token="
                        + token;
            });
        }
        ConversationsSandbox sandbox = builder.start();
        properties.setApiKey(sandbox.apiKey());
        properties.setBaseUrl(sandbox.baseUrl());
        return sandbox;
    }
}
