package io.github.conversations4j.presence;

import io.github.conversations4j.errors.ForbiddenException;
import io.github.conversations4j.errors.TooManyRequestsException;
import io.github.conversations4j.errors.UnauthorizedException;
import io.github.conversations4j.model.Body12;
import java.time.Duration;
import java.util.Objects;

/**
 * One failed agent online ping of an {@link AgentPresence}, as given to its
 * {@linkplain AgentPresence.Builder#failureListener failure listener}.
 *
 * <p>The exception is what the ping threw after the client's own retries: usually a
 * {@link io.github.conversations4j.errors.BrevoException} ({@code getMessage()} stands alone in a log line and
 * never contains a key), or whatever a {@code ConversationsApi} of your own threw, an {@link Error} included (the
 * ping's thread goes on, and so does the agent's schedule). Either the agent goes on
 * ({@code agentStopped} false, the next ping in {@code nextPingIn}), or it was stopped, after a 401
 * ({@link UnauthorizedException}) or 403 ({@link ForbiddenException}), which a later ping would only repeat.
 *
 * <pre>{@code
 * .failureListener(failure -> {
 *   if (failure.agentStopped()) {
 *     log.error("Brevo refused the key; agent no longer kept online: {}", failure);
 *   } else {
 *     log.warn("Agent online ping failed: {}", failure);
 *   }
 * })
 * }</pre>
 *
 * <p>Immutable: {@link #agent()} returns a copy each time.
 *
 * @param agent the agent whose ping failed, as given to {@link AgentPresence#keepOnline(Body12)}
 * @param exception what the ping threw: an exception, or an {@link Error}
 * @param agentStopped whether the presence stopped pinging this agent because of this failure
 * @param nextPingIn how long until the agent's next ping: the interval minus its jitter and the time the failed
 *     ping took, or, after a 429 ({@link TooManyRequestsException}), the wait Brevo asked for when longer;
 *     {@code null} exactly when {@code agentStopped} is true
 */
public record PingFailure(Body12 agent, Throwable exception, boolean agentStopped, Duration nextPingIn) {

    /**
     * Checks and copies the parts.
     *
     * @param agent the agent whose ping failed; copied
     * @param exception what the ping threw
     * @param agentStopped whether the presence stopped pinging this agent
     * @param nextPingIn how long until the agent's next ping, or {@code null} when stopped
     * @throws NullPointerException when {@code agent} or {@code exception} is null
     * @throws IllegalArgumentException when {@code nextPingIn} is null for an agent that goes on, non-null for one
     *     that stopped, or negative
     */
    public PingFailure {
        agent = AgentPresence.copy(Objects.requireNonNull(agent, "agent must not be null"));
        Objects.requireNonNull(exception, "exception must not be null");
        if (agentStopped != (nextPingIn == null)) {
            throw new IllegalArgumentException(
                    agentStopped
                            ? "a stopped agent has no next ping: nextPingIn must be null"
                            : "an agent that goes on has a next ping: nextPingIn must not be null");
        }
        if (nextPingIn != null && nextPingIn.isNegative()) {
            throw new IllegalArgumentException("nextPingIn must not be negative, was " + nextPingIn);
        }
    }

    /**
     * The agent whose ping failed.
     *
     * @return a copy of the ping's body, as given to {@link AgentPresence#keepOnline(Body12)}
     */
    @Override
    public Body12 agent() {
        return AgentPresence.copy(agent);
    }

    /**
     * One line for a log: the agent, what happens next, and the exception.
     *
     * @return for instance {@code PingFailure(agentId=d9nKoegKSjmCtyK78, next ping in PT1M:
     *     io.github.conversations4j.errors.ServerErrorException: HTTP 500 ...)}
     */
    @Override
    public String toString() {
        return "PingFailure(" + AgentPresence.describe(agent) + ", "
                + (agentStopped ? "agent stopped" : "next ping in " + nextPingIn) + ": " + exception + ")";
    }
}
