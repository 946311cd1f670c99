package io.github.conversations4j.spring;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Whether to create the webhook endpoint: {@code brevo.conversations.webhook.path} is set and not blank, and
 * {@code brevo.conversations.webhook.enabled} is not false. (Before issue 20 an empty path failed start-up, and
 * nothing switched a configured endpoint off.)
 */
final class WebhookEndpointCondition implements Condition {

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        return on(context.getEnvironment());
    }

    static boolean on(Environment env) {
        String path = env.getProperty("brevo.conversations.webhook.path");
        return path != null
                && !path.isBlank()
                && !"false"
                        .equalsIgnoreCase(env.getProperty("brevo.conversations.webhook.enabled", "true")
                                .trim());
    }
}
