/**
 * Keeping Brevo agents online: {@link io.github.conversations4j.presence.AgentPresence} pings each agent every
 * minute from one small scheduler, for bots and helpdesk bridges that stand in for their agents.
 *
 * <pre>{@code
 * AgentPresence presence = AgentPresence.builder(conversations)        // closed with the client
 *     .failureListener(failure -> log.warn("{}", failure))
 *     .build();
 * AgentPresence.Handle ana = presence.keepOnline(new Body12()
 *     .agentEmail("ana@helpdesk.example").agentName("Ana").receivedFrom("my-helpdesk"));
 * // ... Ana signs out of the helpdesk:
 * ana.close();
 * }</pre>
 *
 * <p>A failed ping is reported as a {@link io.github.conversations4j.presence.PingFailure}.
 */
package io.github.conversations4j.presence;
