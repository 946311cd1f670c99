package io.github.conversations4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.conversations4j.api.ConversationsApi;
import io.github.conversations4j.errors.BrevoException;
import io.github.conversations4j.webhooks.jdbc.JdbcWebhookIntake;
import java.io.File;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** What a release would freeze: nothing of internal but what other packages must reach, no public constructors. */
class PublicSurfaceTest {

    private static List<Class<?>> classesOf(String pkg) throws URISyntaxException, ClassNotFoundException {
        File root = new File(BrevoConversations.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        File dir = new File(root, pkg.replace('.', '/'));
        List<Class<?>> classes = new ArrayList<>();
        for (String name : Objects.requireNonNull(dir.list())) {
            if (name.endsWith(".class") && !name.equals("package-info.class")) {
                classes.add(Class.forName(
                        pkg + "." + name.substring(0, name.length() - ".class".length()),
                        false,
                        PublicSurfaceTest.class.getClassLoader()));
            }
        }
        return classes;
    }

    @Test
    void internalHasOnlyTheTwoTypesOtherPackagesMustReach() throws Exception {
        TreeSet<String> open = new TreeSet<>();
        for (Class<?> c : classesOf("io.github.conversations4j.internal")) {
            if (Modifier.isPublic(c.getModifiers())) {
                open.add(c.getName().substring("io.github.conversations4j.internal.".length()));
            }
        }
        assertEquals(new TreeSet<>(List.of("Clients", "ErrorFactory")), open);
    }

    @Test
    void presenceHasItsFourTypesAndNoPublicConstructorButThePingFailureRecords() throws Exception {
        TreeSet<String> open = new TreeSet<>();
        for (Class<?> c : classesOf("io.github.conversations4j.presence")) {
            if (Modifier.isPublic(c.getModifiers())) {
                open.add(c.getName().substring("io.github.conversations4j.presence.".length()));
                if (!c.isRecord()) {
                    for (Constructor<?> k : c.getDeclaredConstructors()) {
                        assertFalse(
                                Modifier.isPublic(k.getModifiers()) || Modifier.isProtected(k.getModifiers()),
                                k.toString());
                    }
                }
            }
        }
        assertEquals(
                new TreeSet<>(List.of("AgentPresence", "AgentPresence$Builder", "AgentPresence$Handle", "PingFailure")),
                open);
    }

    @Test
    void springHasItsConfigurationTypesAndTheObservationBinding() throws Exception {
        assertEquals(
                new TreeSet<>(List.of(
                        "ConversationsAutoConfiguration",
                        "ConversationsBuilderCustomizer",
                        "ConversationsProperties",
                        "ConversationsProperties$Presence",
                        "ConversationsProperties$Proxy",
                        "ConversationsProperties$Retry",
                        "ConversationsProperties$Sandbox",
                        "ConversationsProperties$Webhook",
                        "ConversationsWebhookSecurityAutoConfiguration",
                        "WebhookStoreAutoConfiguration",
                        "WebhookStoreProperties",
                        "WebhookStoreProperties$Jdbc")),
                publicNames("io.github.conversations4j.spring"));
        assertEquals(
                new TreeSet<>(List.of(
                        "ConversationsObservationContext",
                        "DefaultConversationsObservationConvention",
                        "ObservationCallListener")),
                publicNames("io.github.conversations4j.spring.observation"));
    }

    @Test
    void theAutoConfigurationsArePublicFinal_withNoPublicBeanMethods() throws Exception {
        for (String name : List.of(
                "ConversationsAutoConfiguration",
                "ConversationsWebhookSecurityAutoConfiguration",
                "WebhookStoreAutoConfiguration")) {
            Class<?> c = Class.forName("io.github.conversations4j.spring." + name);
            assertTrue(Modifier.isPublic(c.getModifiers()) && Modifier.isFinal(c.getModifiers()), name);
            int beans = 0;
            for (java.lang.reflect.Method m : c.getDeclaredMethods()) {
                if (m.isAnnotationPresent(org.springframework.context.annotation.Bean.class)) {
                    beans++;
                    assertFalse(
                            Modifier.isPublic(m.getModifiers()) || Modifier.isProtected(m.getModifiers()),
                            m.toString());
                }
            }
            assertTrue(beans > 0, name + " has bean methods");
        }
    }

    @Test
    void theWebhookStoreHasItsIntakeItsBuilderAndTheFailedEventRecord() throws Exception {
        assertEquals(
                new TreeSet<>(List.of("FailedWebhookEvent", "JdbcWebhookIntake", "JdbcWebhookIntake$Builder")),
                publicNames("io.github.conversations4j.webhooks.jdbc"));
        for (Constructor<?> k : JdbcWebhookIntake.class.getDeclaredConstructors()) {
            assertFalse(Modifier.isPublic(k.getModifiers()), k.toString());
        }
    }

    @Test
    void theCallListenerSpi_isAnInterfaceOfDefaultMethods_withImmutableRecords() {
        assertTrue(CallListener.class.isInterface());
        for (java.lang.reflect.Method m : CallListener.class.getDeclaredMethods()) {
            assertTrue(m.isDefault(), m + " has a default: a listener overrides only what it needs");
        }
        TreeSet<String> nested = new TreeSet<>();
        for (Class<?> c : CallListener.class.getDeclaredClasses()) {
            assertTrue(c.isRecord(), c + " is a record");
            nested.add(c.getSimpleName());
        }
        assertEquals(new TreeSet<>(List.of("Attempt", "Call", "Result", "Retry")), nested);
    }

    private static TreeSet<String> publicNames(String pkg) throws Exception {
        TreeSet<String> open = new TreeSet<>();
        for (Class<?> c : classesOf(pkg)) {
            if (Modifier.isPublic(c.getModifiers())) {
                open.add(c.getName().substring(pkg.length() + 1));
            }
        }
        return open;
    }

    @Test
    void theGeneratedApiReachesNothingInternal() {
        for (Class<?> c : ConversationsApi.class.getInterfaces()) {
            assertFalse(c.getName().contains(".internal."), c.getName());
        }
    }

    @Test
    void everyExceptionHasAPublicBuilderOrFactoryAndOnlyProtectedConstructorsTakingTheSame() throws Exception {
        List<Class<?>> exceptions = classesOf("io.github.conversations4j.errors");
        int checked = 0;
        int factories = 0;
        for (Class<?> c : exceptions) {
            if (!BrevoException.class.isAssignableFrom(c)) {
                continue;
            }
            checked++;
            java.lang.reflect.Method creator = null;
            for (java.lang.reflect.Method m : c.getDeclaredMethods()) {
                if ((m.getName().equals("builder") || m.getName().equals("of"))
                        && Modifier.isStatic(m.getModifiers())
                        && Modifier.isPublic(m.getModifiers())) {
                    creator = m;
                }
            }
            assertNotNull(creator, c + " has a public static builder or of");
            boolean factory = creator.getName().equals("of");
            if (factory) {
                factories++;
                assertSame(c, creator.getReturnType(), creator.toString());
            }
            for (Constructor<?> k : c.getDeclaredConstructors()) {
                assertFalse(Modifier.isPublic(k.getModifiers()), k.toString());
                if (Modifier.isProtected(k.getModifiers())) {
                    if (factory) {
                        assertEquals(
                                List.of(creator.getParameterTypes()), List.of(k.getParameterTypes()), k.toString());
                    } else {
                        assertEquals(1, k.getParameterCount(), k.toString());
                        assertEquals("Builder", k.getParameterTypes()[0].getSimpleName(), k.toString());
                    }
                }
            }
        }
        assertEquals(13, checked);
        assertEquals(3, factories);
    }

    @Test
    void theErrorsPackageReachesNothingInternal() throws Exception {
        File root = new File(BrevoConversations.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        File dir = new File(root, "io/github/conversations4j/errors");
        int read = 0;
        for (File f : Objects.requireNonNull(dir.listFiles())) {
            String bytes = new String(
                    java.nio.file.Files.readAllBytes(f.toPath()), java.nio.charset.StandardCharsets.ISO_8859_1);
            assertFalse(
                    bytes.contains("io/github/conversations4j/internal"), f.getName() + " names a type of internal");
            read++;
        }
        assertTrue(read > 13);
    }
}
