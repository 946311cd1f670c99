package io.github.conversations4j.sandbox.junit;

import io.github.conversations4j.BrevoConversations;
import io.github.conversations4j.ConversationsClient;
import io.github.conversations4j.api.ConversationsApi;
import io.github.conversations4j.sandbox.ConversationsSandbox;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that runs one {@link ConversationsSandbox} per test class (its {@code @Nested} classes share
 * it), resets it before each test, and
 * injects it, or a client pointed at it ({@link ConversationsClient} or {@link ConversationsApi}), into test and
 * lifecycle method parameters. A client injected into a test is closed after that test.
 *
 * <pre>{@code
 * @ExtendWith(SandboxExtension.class)
 * class OrderNotifierTest {
 *   @Test
 *   void notifiesTheVisitor(ConversationsClient client, ConversationsSandbox sandbox) {
 *     new OrderNotifier(client).shipped("visitor-1", "#1042");
 *     assertEquals(1, sandbox.messagesFor("visitor-1").size());
 *   }
 * }
 * }</pre>
 *
 * <p>JUnit is an optional dependency of the SDK: it is on the class path of your tests, never of your
 * application.
 */
public final class SandboxExtension
        implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(SandboxExtension.class);

    /** Creates the extension; JUnit does, through {@code @ExtendWith}. */
    public SandboxExtension() {}

    @Override
    public void beforeAll(ExtensionContext context) {
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        if (store.get("sandbox", ConversationsSandbox.class) != null) {
            return; // a @Nested class: it shares its enclosing class's sandbox
        }
        ConversationsSandbox sandbox = ConversationsSandbox.start();
        store.put("sandbox", sandbox);
        store.put(startedKey(context), sandbox);
    }

    private static String startedKey(ExtensionContext context) {
        return "started:" + context.getUniqueId();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        sandbox(context).reset();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        ConversationsSandbox sandbox =
                context.getStore(NAMESPACE).remove(startedKey(context), ConversationsSandbox.class);
        if (sandbox != null) {
            context.getStore(NAMESPACE).remove("sandbox");
            sandbox.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == ConversationsSandbox.class
                || type == ConversationsApi.class
                || type == ConversationsClient.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        ConversationsSandbox sandbox = sandbox(context);
        if (parameter.getParameter().getType() == ConversationsSandbox.class) {
            return sandbox;
        }
        ConversationsClient client = BrevoConversations.builder()
                .apiKey(sandbox.apiKey())
                .baseUrl(sandbox.baseUrl())
                .build();
        // Closed when the context it was made for ends: the test's, or the class's for a lifecycle method.
        context.getStore(NAMESPACE).put(new Object(), new ClosesClient(client));
        return client;
    }

    /**
     * Closes a client when JUnit closes the store. {@link AutoCloseable}, which JUnit 5.13 and later (6 included)
     * close without a word; {@code CloseableResource} too, for JUnit before 5.13 (and for a build that turned the
     * closing of {@code AutoCloseable}s off), which JUnit 5.14 and 6 accept without a warning only because the type
     * is also {@code AutoCloseable}.
     */
    @SuppressWarnings("deprecation") // CloseableResource: deprecated from JUnit 5.13 on, still the only way before
    record ClosesClient(ConversationsClient client) implements AutoCloseable, ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            client.close();
        }
    }

    private static ConversationsSandbox sandbox(ExtensionContext context) {
        ConversationsSandbox sandbox = context.getStore(NAMESPACE).get("sandbox", ConversationsSandbox.class);
        if (sandbox == null) {
            throw new IllegalStateException("no sandbox yet: SandboxExtension must be registered on the test class "
                    + "(@ExtendWith(SandboxExtension.class)), and it starts the sandbox before all tests, so it cannot inject "
                    + "into a test class's constructor under @TestInstance(PER_CLASS); use a method parameter");
        }
        return sandbox;
    }
}
