package io.github.conversations4j.spring;

import io.github.conversations4j.errors.BrevoApiException;
import io.github.conversations4j.model.Body12;
import io.github.conversations4j.presence.AgentPresence;
import io.github.conversations4j.presence.PingFailure;
import java.util.function.Consumer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The auto-configured presence's failure listener: logs each failed ping on the application's own log, through
 * Spring's commons-logging (so Logback or Log4j 2 as Boot set it up), logger
 * {@code io.github.conversations4j.presence.AgentPresence}.
 *
 * <p>Not through the SDK's {@code System.Logger}: that goes to {@code java.util.logging}, which reaches Boot's log
 * only through the bridge that Boot installs at start-up and removes when the context stops, before the beans
 * are destroyed (so before the presence's {@code close()}); and the SDK logs a failed ping at DEBUG only.
 *
 * <p>An agent stopped (a 401 or 403: Brevo refused the key) is a WARN naming the agent and the key's property,
 * never the key; a ping's {@code Error} an ERROR with its stack trace; any other failure, after which the next ping
 * comes on time, an INFO. Each line names the agent by id, the status and the exception type, never Brevo's
 * message (which may hold the caller's IP address).
 */
final class PresenceFailureLog implements Consumer<PingFailure> {
    static final String KEY_PROPERTY = ClientFactory.PREFIX + "api-key";

    private final Log log;

    PresenceFailureLog() {
        this(LogFactory.getLog(AgentPresence.class));
    }

    PresenceFailureLog(Log log) {
        this.log = log;
    }

    @Override
    public void accept(PingFailure failure) {
        Throwable e = failure.exception();
        String agent = agent(failure.agent());
        String cause = e instanceof BrevoApiException api
                ? "Brevo answered " + api.statusCode() + " (" + e.getClass().getSimpleName() + ")"
                : e.getClass().getName();
        if (failure.agentStopped()) {
            if (e instanceof BrevoApiException) {
                log.warn("Agent " + agent + " is no longer kept online: " + cause + " to its ping, Brevo refused the "
                        + "API key. Check " + KEY_PROPERTY + " (a key of the Brevo account the agent belongs to), then "
                        + "restart the application");
            } else {
                log.warn("Agent " + agent + " is no longer kept online: its next ping could not be scheduled (" + cause
                        + ")");
            }
        } else if (e instanceof Error) {
            log.error(
                    "Agent online ping of " + agent + " failed with an Error; the next ping in " + failure.nextPingIn(),
                    e);
        } else {
            log.info("Agent online ping of " + agent + " failed: " + cause + "; the next ping in "
                    + failure.nextPingIn());
        }
    }

    private static String agent(Body12 agent) {
        return agent.getAgentId() != null ? "agentId=" + agent.getAgentId() : "agentEmail=" + agent.getAgentEmail();
    }
}
