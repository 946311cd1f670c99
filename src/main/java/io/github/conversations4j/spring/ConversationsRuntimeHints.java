package io.github.conversations4j.spring;

import io.github.conversations4j.ConversationsClient;
import io.github.conversations4j.api.ConversationsApi;
import io.github.conversations4j.errors.BrevoException;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;

/**
 * What a native image of a Spring application needs to run the SDK, as Spring's runtime-hints recorder lists it:
 * the two JDK proxies (Feign's {@code ConversationsApi} and the client's {@code ConversationsClient}), the public
 * methods of {@code ConversationsApi} (read with {@code getMethods()} to learn the operations), the
 * {@code Class.forName} of {@code BrevoException}, the {@code version.properties} resource, and, when
 * OpenTelemetry's API is in the image, the SDK's tracer that is loaded by name. Registered in
 * {@code META-INF/spring/aot.factories}. Plain Java native builds get the same from
 * {@code META-INF/native-image/io.github.conversations4j/brevo-conversations/reachability-metadata.json}.
 */
final class ConversationsRuntimeHints implements RuntimeHintsRegistrar {

    /** Created by Spring's AOT processing. */
    ConversationsRuntimeHints() {}

    @Override
    public void registerHints(RuntimeHints hints, ClassLoader classLoader) {
        hints.proxies().registerJdkProxy(ConversationsApi.class);
        hints.proxies().registerJdkProxy(ConversationsClient.class);
        hints.reflection().registerType(ConversationsApi.class, MemberCategory.INVOKE_PUBLIC_METHODS);
        hints.reflection().registerType(BrevoException.class);
        hints.reflection()
                .registerType(
                        TypeReference.of("io.github.conversations4j.internal.OpenTelemetryTracer"),
                        hint -> hint.onReachableType(TypeReference.of("io.opentelemetry.api.GlobalOpenTelemetry"))
                                .withMembers(MemberCategory.INVOKE_DECLARED_CONSTRUCTORS));
        hints.resources().registerPattern("io/github/conversations4j/version.properties");
    }
}
