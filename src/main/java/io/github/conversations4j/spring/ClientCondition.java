package io.github.conversations4j.spring;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Whether to create the client: {@code brevo.conversations.api-key} is set (and not {@code false}, as
 * {@code @ConditionalOnProperty} reads it), or {@code brevo.conversations.sandbox.enabled} is true (the sandbox
 * gives the key).
 */
final class ClientCondition implements Condition {

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        return keyOrSandbox(context.getEnvironment());
    }

    /** Whether the environment sets the key, or enables the sandbox. */
    boolean keyOrSandbox(Environment env) {
        String key = env.getProperty("brevo.conversations.api-key");
        return (key != null && !key.equalsIgnoreCase("false"))
                || "true"
                        .equalsIgnoreCase(env.getProperty("brevo.conversations.sandbox.enabled", "")
                                .trim());
    }
}
