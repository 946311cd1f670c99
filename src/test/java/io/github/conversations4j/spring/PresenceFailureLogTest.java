package io.github.conversations4j.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.conversations4j.errors.BrevoApiException;
import io.github.conversations4j.model.Body12;
import io.github.conversations4j.presence.PingFailure;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import org.apache.commons.logging.Log;
import org.junit.jupiter.api.Test;

/** What the auto-configured presence's failure listener writes on the application's log, level by level. */
class PresenceFailureLogTest {
    static final String KEY = "xkeysib-never-logged-0123456789";

    record Line(String level, String message, Throwable thrown) {}

    private final List<Line> lines = new ArrayList<>();
    private final PresenceFailureLog listener = new PresenceFailureLog((Log) Proxy.newProxyInstance(
            Log.class.getClassLoader(), new Class<?>[] {Log.class}, (proxy, method, args) -> {
                if (method.getName().startsWith("is")) {
                    return true;
                }
                lines.add(new Line(
                        method.getName(), String.valueOf(args[0]), args.length > 1 ? (Throwable) args[1] : null));
                return null;
            }));

    private static BrevoApiException status(int status) {
        // Brevo's message for a refused key may name the caller's IP address: it is not logged.
        return BrevoApiException.builder(status)
                .errorCode("unauthorized")
                .errorMessage("Key not found for IP 203.0.113.9 and " + KEY)
                .request("POST /conversations/agentOnlinePing")
                .rawBody("{}")
                .build();
    }

    private static Body12 agent() {
        return new Body12().agentId("agent-1");
    }

    @Test
    void anAgentStoppedBy401Or403IsAWarnNamingTheAgentAndTheKeyProperty() {
        listener.accept(new PingFailure(agent(), status(401), true, null));
        listener.accept(new PingFailure(agent(), status(403), true, null));

        assertEquals(2, lines.size());
        for (int i = 0; i < 2; i++) {
            Line line = lines.get(i);
            assertEquals("warn", line.level());
            assertTrue(line.message().contains("agentId=agent-1"), line.message());
            assertTrue(line.message().contains("brevo.conversations.api-key"), line.message());
            assertTrue(line.message().contains(i == 0 ? "401" : "403"), line.message());
            assertFalse(line.message().contains(KEY), line.message());
            assertFalse(line.message().contains("203.0.113.9"), line.message());
            assertNull(line.thrown());
        }
    }

    @Test
    void anAgentStoppedBecauseTheSchedulerRefusedIsAWarnToo() {
        listener.accept(new PingFailure(agent(), new RejectedExecutionException("shut down"), true, null));

        assertEquals("warn", lines.get(0).level());
        assertTrue(
                lines.get(0).message().contains("could not be scheduled"),
                lines.get(0).message());
    }

    @Test
    void aPingsErrorIsAnErrorWithItsStackTrace() {
        AssertionError error = new AssertionError("a bug");
        listener.accept(new PingFailure(agent(), error, false, Duration.ofMinutes(1)));

        assertEquals("error", lines.get(0).level());
        assertSame(error, lines.get(0).thrown());
        assertTrue(
                lines.get(0).message().contains("agentId=agent-1"), lines.get(0).message());
    }

    @Test
    void aFailedPingWhoseNextOneComesOnTimeIsAnInfo() {
        listener.accept(new PingFailure(agent(), status(500), false, Duration.ofSeconds(59)));

        assertEquals("info", lines.get(0).level());
        assertTrue(lines.get(0).message().contains("500"), lines.get(0).message());
        assertTrue(lines.get(0).message().contains("PT59S"), lines.get(0).message());
        assertFalse(lines.get(0).message().contains(KEY), lines.get(0).message());
    }
}
