package io.github.conversations4j.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.conversations4j.BrevoConversations;
import io.github.conversations4j.ConversationsClient;
import io.github.conversations4j.RetryPolicy;
import io.github.conversations4j.model.Body10;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * A request delayed with delayNext(..) whose client gave up must not land in the sandbox after reset() (the next
 * test's state, under SandboxExtension).
 */
class SandboxDelayLeakTest {
    @Test
    void aRequestDelayedAcrossAResetChangesNothing() throws InterruptedException {
        try (ConversationsSandbox sandbox = ConversationsSandbox.start();
                ConversationsClient c = BrevoConversations.builder()
                        .apiKey(sandbox.apiKey())
                        .baseUrl(sandbox.baseUrl())
                        .readTimeout(Duration.ofMillis(100))
                        .retryPolicy(RetryPolicy.none())
                        .build()) {
            // Long enough that a loaded machine still finds the request held before it ends (1 s was not).
            sandbox.delayNext(1, Duration.ofSeconds(5));
            assertThrows(
                    RuntimeException.class,
                    () -> c.conversationsPushedMessagesPost(
                            new Body10().visitorId("v").text("from the first test")));
            sandbox.reset();
            assertTrue(sandbox.messagesFor("v").isEmpty());
            // Not a fixed sleep, which a busy machine may outlast: the delayed request is seen held in the sandbox's
            // handler, then seen finished.
            await("the delayed request held in the sandbox", () -> inSandboxHandler() > 0);
            await("the delayed request handled", () -> inSandboxHandler() == 0);
            List<SandboxMessage> leaked = sandbox.messagesFor("v");
            assertEquals(0, leaked.size(), "a request from before the reset landed after it: " + leaked);
        }
    }

    /** Threads now holding a delayed request in a sandbox's request handler (asleep in it). */
    private static long inSandboxHandler() {
        return Thread.getAllStackTraces().values().stream()
                .filter(stack -> Arrays.stream(stack)
                        .anyMatch(f -> f.getMethodName().startsWith("sleep")
                                && f.getClassName().equals("java.lang.Thread")))
                .filter(stack -> Arrays.stream(stack)
                        .anyMatch(f -> f.getClassName().equals("io.github.conversations4j.sandbox.SandboxHandler")))
                .count();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        // Threads ending and timers firing inside the sandbox signal nobody: a named poll.
        io.github.conversations4j.testing.Await.until(what, Duration.ofSeconds(20), condition::getAsBoolean);
    }
}
