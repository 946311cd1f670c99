package io.github.conversations4j.sandbox.junit;

import io.github.conversations4j.BrevoConversations;
import io.github.conversations4j.api.ConversationsApi;
import io.github.conversations4j.sandbox.ConversationsSandbox;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that runs one {@link ConversationsSandbox} per test class, resets it before each test, and
 * injects it, or a {@link ConversationsApi} pointed at it, into test and lifecycle method parameters.
 *
 * <p>An example to copy into your own tests: it lives in the SDK's test sources because JUnit is not a runtime
 * dependency of the SDK.
 *
 * <pre>{@code
 * @ExtendWith(SandboxExtension.class)
 * class OrderNotifierTest {
 *   @Test
 *   void notifiesTheVisitor(ConversationsApi api, ConversationsSandbox sandbox) { ... }
 * }
 * }</pre>
 */
public final class SandboxExtension implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback,
    ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SandboxExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    context.getStore(NAMESPACE).put("sandbox", ConversationsSandbox.start());
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    sandbox(context).reset();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    ConversationsSandbox sandbox = context.getStore(NAMESPACE).remove("sandbox", ConversationsSandbox.class);
    if (sandbox != null) {
      sandbox.close();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == ConversationsSandbox.class || type == ConversationsApi.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    ConversationsSandbox sandbox = sandbox(context);
    if (parameter.getParameter().getType() == ConversationsSandbox.class) {
      return sandbox;
    }
    return BrevoConversations.builder().apiKey(sandbox.apiKey()).baseUrl(sandbox.baseUrl()).build();
  }

  private static ConversationsSandbox sandbox(ExtensionContext context) {
    ConversationsSandbox sandbox = context.getStore(NAMESPACE).get("sandbox", ConversationsSandbox.class);
    if (sandbox == null) {
      throw new IllegalStateException("SandboxExtension must be registered on the test class");
    }
    return sandbox;
  }
}
