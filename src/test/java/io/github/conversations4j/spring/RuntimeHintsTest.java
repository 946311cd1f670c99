package io.github.conversations4j.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.conversations4j.ConversationsClient;
import io.github.conversations4j.api.ConversationsApi;
import io.github.conversations4j.errors.BrevoException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.support.SpringFactoriesLoader;

/**
 * The native-image metadata the SDK ships: Spring's runtime hints (checked with {@code RuntimeHintsPredicates},
 * registered through {@code aot.factories}), the plain reachability metadata (every type and resource it names
 * exists), and the AOT property check. A native build itself cannot run here: no GraalVM.
 */
class RuntimeHintsTest {

    @Test
    void theRegistrar_isFoundThroughAotFactories_andCoversWhatTheSdkDoesReflectively() {
        List<RuntimeHintsRegistrar> registrars = SpringFactoriesLoader.forResourceLocation(
                        "META-INF/spring/aot.factories")
                .load(RuntimeHintsRegistrar.class);
        assertTrue(registrars.stream().anyMatch(r -> r instanceof ConversationsRuntimeHints), registrars.toString());
        RuntimeHints hints = new RuntimeHints();
        new ConversationsRuntimeHints().registerHints(hints, getClass().getClassLoader());
        assertTrue(RuntimeHintsPredicates.proxies()
                .forInterfaces(ConversationsApi.class)
                .test(hints));
        assertTrue(RuntimeHintsPredicates.proxies()
                .forInterfaces(ConversationsClient.class)
                .test(hints));
        assertTrue(RuntimeHintsPredicates.reflection()
                .onType(ConversationsApi.class)
                .withMemberCategory(MemberCategory.INVOKE_PUBLIC_METHODS)
                .test(hints));
        assertTrue(
                RuntimeHintsPredicates.reflection().onType(BrevoException.class).test(hints));
        assertTrue(RuntimeHintsPredicates.resource()
                .forResource("io/github/conversations4j/version.properties")
                .test(hints));
        assertTrue(RuntimeHintsPredicates.reflection()
                .onType(org.springframework.aot.hint.TypeReference.of(
                        "io.github.conversations4j.internal.OpenTelemetryTracer"))
                .test(hints));
        // And the check can fail: a proxy nobody registered.
        assertTrue(
                !RuntimeHintsPredicates.proxies().forInterfaces(Runnable.class).test(hints));
    }

    @Test
    void thePlainReachabilityMetadata_namesOnlyWhatExists() throws Exception {
        String path = "META-INF/native-image/io.github.conversations4j/brevo-conversations/reachability-metadata.json";
        JsonNode metadata;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(path)) {
            assertNotNull(in, path);
            metadata = new ObjectMapper().readTree(in);
        }
        List<String> proxies = new ArrayList<>();
        for (JsonNode entry : metadata.path("reflection")) {
            JsonNode type = entry.path("type");
            if (type.isObject()) {
                for (JsonNode iface : type.path("proxy")) {
                    assertTrue(Class.forName(iface.asText()).isInterface(), iface.asText());
                    proxies.add(iface.asText());
                }
            } else {
                assertNotNull(Class.forName(type.asText(), false, getClass().getClassLoader()), type.asText());
            }
        }
        assertEquals(List.of(ConversationsApi.class.getName(), ConversationsClient.class.getName()), proxies);
        for (JsonNode resource : metadata.path("resources")) {
            assertNotNull(
                    getClass()
                            .getClassLoader()
                            .getResource(resource.path("glob").asText()),
                    resource.toString());
        }
    }

    @Test
    void underAot_aPropertySetOnlyAtRunTime_failsTheStart_namingIt() {
        StandardEnvironment environment = new StandardEnvironment();
        environment
                .getPropertySources()
                .addFirst(new org.springframework.core.env.MapPropertySource(
                        "test",
                        java.util.Map.of(
                                "brevo.conversations.api-key",
                                "xkeysib-run-time-only",
                                "brevo.conversations.presence.agents",
                                "agent-1")));
        DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
        IllegalStateException e = assertThrows(
                IllegalStateException.class, () -> new AotPropertyCheck(environment, beans, true).afterPropertiesSet());
        assertTrue(e.getMessage().startsWith("brevo.conversations.api-key is set"), e.getMessage());
        assertTrue(!e.getMessage().contains("xkeysib-run-time-only"), e.getMessage());
        new AotPropertyCheck(environment, beans, false).afterPropertiesSet(); // without AOT: nothing to check

        beans.registerBeanDefinition("conversationsClient", new RootBeanDefinition(ConversationsClient.class));
        IllegalStateException agents = assertThrows(
                IllegalStateException.class, () -> new AotPropertyCheck(environment, beans, true).afterPropertiesSet());
        assertTrue(agents.getMessage().startsWith("brevo.conversations.presence.agents is set"), agents.getMessage());
    }
}
