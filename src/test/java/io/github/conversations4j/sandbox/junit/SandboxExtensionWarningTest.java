package io.github.conversations4j.sandbox.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.github.conversations4j.ConversationsClient;
import io.github.conversations4j.sandbox.ConversationsSandbox;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/**
 * A user's build shows no JUnit warning from the extension: JUnit 5.14 and 6 warn about a stored value that is a
 * {@code CloseableResource} but not {@code AutoCloseable}. The tests of {@link UsersTest} run in a JUnit of their
 * own here, and everything JUnit logs at WARNING or above is read.
 */
class SandboxExtensionWarningTest {

    /** What a user writes; run only by the launcher below (Surefire leaves nested classes out). */
    @ExtendWith(SandboxExtension.class)
    static class UsersTest {
        static ConversationsClient seen;

        @Test
        void usesAClient(ConversationsClient client, ConversationsSandbox sandbox) {
            seen = client;
            assertTrue(sandbox.baseUrl().startsWith("http://"));
        }
    }

    @Test
    void aTestWithAnInjectedClient_runsWithoutAWarning_andTheClientIsClosed() {
        List<LogRecord> records = new ArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                    synchronized (records) {
                        records.add(record);
                    }
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger junit = Logger.getLogger("org.junit");
        junit.addHandler(handler);
        try {
            LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                    .selectors(selectClass(UsersTest.class))
                    .build();
            SummaryGeneratingListener summary = new SummaryGeneratingListener();
            LauncherFactory.create().execute(request, summary);
            assertEquals(
                    1,
                    summary.getSummary().getTestsSucceededCount(),
                    () -> summary.getSummary().getFailures().stream()
                            .map(f -> String.valueOf(f.getException()))
                            .toList()
                            .toString());
        } finally {
            junit.removeHandler(handler);
        }
        List<String> warnings = new ArrayList<>();
        synchronized (records) {
            records.forEach(r -> warnings.add(r.getLoggerName() + ": " + r.getMessage()));
        }
        assertEquals(List.of(), warnings);
        // Closed by JUnit at the end of the test: a closed client refuses calls.
        ConversationsClient client = UsersTest.seen;
        assertTrue(client != null, "the user's test ran");
        IllegalStateException closed = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalStateException.class, () -> client.conversationsMessagesIdGet("x"));
        assertTrue(closed.getMessage().contains("closed"), closed.getMessage());
    }

    @Test
    void theStoredCloserIsAutoCloseable() {
        assertTrue(AutoCloseable.class.isAssignableFrom(SandboxExtension.ClosesClient.class));
    }
}
