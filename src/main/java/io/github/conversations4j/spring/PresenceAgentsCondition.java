package io.github.conversations4j.spring;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Whether {@code brevo.conversations.presence.agents} lists any agent, in whatever form it was given (a comma
 * separated value, a YAML list, indexed properties): a plain property condition sees only the first form.
 */
final class PresenceAgentsCondition implements Condition {

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        return Binder.get(context.getEnvironment())
                .bind("brevo.conversations.presence.agents", Bindable.listOf(String.class))
                .map(agents -> !agents.isEmpty())
                .orElse(false);
    }
}
