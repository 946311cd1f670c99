package io.github.conversations4j.presence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.conversations4j.BrevoConversations;
import io.github.conversations4j.ConversationsClient;
import io.github.conversations4j.Sleeper;
import io.github.conversations4j.errors.ServerErrorException;
import io.github.conversations4j.errors.TooManyRequestsException;
import io.github.conversations4j.errors.UnauthorizedException;
import io.github.conversations4j.model.Body12;
import io.github.conversations4j.sandbox.ConversationsSandbox;
import io.github.conversations4j.sandbox.RecordedRequest;
import io.github.conversations4j.spec.Spec;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * AgentPresence through the SDK's client against the sandbox, on virtual time: the sandbox's clock and the
 * presence's scheduler are the same {@link VirtualScheduler}, so an online window passes when the test says so.
 */
@Timeout(60)
class AgentPresenceSandboxTest {
    /** The ping's success status, as openapi/conversations.yaml documents it (never typed here). */
    private static final int PING_OK =
            Spec.project().operation("conversationsAgentOnlinePingPost").successStatus();

    private static final String AGENT = "d9nKoegKSjmCtyK78";

    private final VirtualScheduler scheduler = new VirtualScheduler();
    private final List<PingFailure> failures = new CopyOnWriteArrayList<>();
    private ConversationsSandbox sandbox;
    private ConversationsClient client;

    /** Retries without waiting: the client's retry rules apply, on no real time. */
    private static final Sleeper NO_WAIT = new Sleeper() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleep(Duration duration) {}
    };

    private void start(ConversationsSandbox.Builder sandboxBuilder, String apiKey) {
        sandbox = sandboxBuilder.clock(scheduler.clock()).start();
        client = BrevoConversations.builder()
                .apiKey(apiKey == null ? sandbox.apiKey() : apiKey)
                .baseUrl(sandbox.baseUrl())
                .sleeper(NO_WAIT)
                .build();
    }

    private AgentPresence presence() {
        return AgentPresence.builder(client)
                .scheduler(scheduler)
                .ticker(scheduler::nanoTime)
                .clock(scheduler.clock())
                .random(AgentPresenceTest.share(0))
                .listenerExecutor(Runnable::run) // the listener on the thread that pinged: on virtual time
                .failureListener(failures::add)
                .build();
    }

    private List<RecordedRequest> pings() {
        return sandbox.requests().stream()
                .filter(r -> r.path().endsWith("/conversations/agentOnlinePing"))
                .toList();
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
        assertEquals(List.of(), scheduler.thrown());
    }

    @Test
    void anAgentIsShownOnlineAfterTheFirstPingAndOfflineOnceStoppedAndTheWindowPasses() {
        start(ConversationsSandbox.builder().agentOnlineWindow(Duration.ofSeconds(150)), null);
        AgentPresence presence = presence();
        String email = "ana@helpdesk.example";

        AgentPresence.Handle byId = presence.keepOnline(new Body12().agentId(AGENT));
        AgentPresence.Handle byEmail = presence.keepOnline(
                new Body12().agentEmail(email).agentName("Ana").receivedFrom("my-helpdesk"));
        assertFalse(sandbox.isAgentOnline(AGENT), "offline until the first ping");

        scheduler.runDue();
        assertTrue(sandbox.isAgentOnline(AGENT), "online after the first ping");
        assertTrue(sandbox.isAgentOnline(email));

        scheduler.advance(Duration.ofMinutes(10));
        assertTrue(sandbox.isAgentOnline(AGENT), "still online ten minutes on: pinged every minute");
        assertEquals(22, pings().size(), "two agents, at 0 and every minute to 10");

        byId.close();
        scheduler.advance(Duration.ofSeconds(149));
        assertTrue(sandbox.isAgentOnline(AGENT), "the last ping's window has not passed");
        scheduler.advance(Duration.ofSeconds(1));
        assertFalse(sandbox.isAgentOnline(AGENT), "offline once pings stopped and the window passed");
        assertTrue(sandbox.isAgentOnline(email), "the other agent goes on");

        presence.close();
        scheduler.advance(Duration.ofSeconds(150));
        assertFalse(sandbox.isAgentOnline(email));
        assertTrue(byEmail.isStopped());
        assertEquals(List.of(), failures);
    }

    @Test
    void eachPingGoesThroughTheClientsRetries() {
        start(ConversationsSandbox.builder(), null);
        AgentPresence presence = presence();
        sandbox.failNext(1, 503);

        presence.keepOnline(new Body12().agentId(AGENT));
        scheduler.runDue();

        assertEquals(
                List.of(503, PING_OK),
                pings().stream().map(RecordedRequest::status).toList(),
                "retried by the client");
        assertTrue(sandbox.isAgentOnline(AGENT));
        assertEquals(List.of(), failures, "a ping the client's retry saved is no failure");
    }

    @Test
    void aServerErrorTheClientDoesNotRetryIsReportedAndTheNextPingSetsTheAgentOnline() {
        start(ConversationsSandbox.builder().agentOnlineWindow(Duration.ofSeconds(30)), null);
        AgentPresence presence = presence();
        sandbox.failNext(1, 500);

        presence.keepOnline(new Body12().agentId(AGENT));
        scheduler.runDue();

        assertFalse(sandbox.isAgentOnline(AGENT));
        assertEquals(1, failures.size());
        ServerErrorException e =
                assertInstanceOf(ServerErrorException.class, failures.get(0).exception());
        assertEquals(1, e.attempts());
        assertEquals(Duration.ofMinutes(1), failures.get(0).nextPingIn());

        scheduler.advance(Duration.ofMinutes(1));
        assertTrue(sandbox.isAgentOnline(AGENT));
    }

    @Test
    void brevosRateLimitPutsTheNextPingOffUntilItsResetThenPingsSucceedAgain() {
        start(
                ConversationsSandbox.builder()
                        .rateLimit(1, Duration.ofMinutes(5))
                        .agentOnlineWindow(Duration.ofMinutes(10)),
                null);
        AgentPresence presence = presence();

        presence.keepOnline(new Body12().agentId(AGENT));
        scheduler.advance(Duration.ofMinutes(6));

        // 0 s: allowed. 60 s: 429, the window resets in 240 s (too long for the client's own retry, which
        // the call timeout bounds). 300 s: a new window, allowed. 360 s: 429 again (reset in 240 s).
        assertEquals(
                List.of(PING_OK, 429, PING_OK, 429),
                pings().stream().map(RecordedRequest::status).toList());
        assertEquals(2, failures.size());
        TooManyRequestsException e =
                assertInstanceOf(TooManyRequestsException.class, failures.get(0).exception());
        assertEquals(Duration.ofSeconds(240), e.rateLimit().reset());
        assertEquals(Duration.ofSeconds(240), failures.get(0).nextPingIn(), "the next ping waits for the reset");
        assertEquals(List.of(Duration.ofMinutes(4)), scheduler.pendingDelays());
        assertTrue(sandbox.isAgentOnline(AGENT));
    }

    @Test
    void aBadKeyStopsTheAgentAndTheFailureNeverShowsTheKey() {
        String key = "xkeysib-0123456789abcdef-wrongKey";
        start(ConversationsSandbox.builder(), key);
        AgentPresence presence = presence();

        AgentPresence.Handle handle = presence.keepOnline(new Body12().agentId(AGENT));
        scheduler.advance(Duration.ofMinutes(5));

        assertEquals(1, pings().size(), "no ping after the 401");
        assertTrue(handle.isStopped());
        assertEquals(1, failures.size());
        PingFailure failure = failures.get(0);
        assertInstanceOf(UnauthorizedException.class, failure.exception());
        assertTrue(failure.agentStopped());
        assertFalse(failure.toString().contains(key), failure.toString());
        assertFalse(failure.toString().contains("0123456789abcdef"), failure.toString());
        assertFalse(presence.toString().contains(key));
        assertFalse(handle.toString().contains(key));
    }

    @Test
    void closingTheClientClosesThePresencesBuiltOnIt() {
        start(ConversationsSandbox.builder().agentOnlineWindow(Duration.ofSeconds(150)), null);
        AgentPresence presence = presence();
        AgentPresence.Handle handle = presence.keepOnline(new Body12().agentId(AGENT));
        scheduler.advance(Duration.ofMinutes(1));

        client.close();

        assertTrue(handle.isStopped());
        assertEquals(0, scheduler.pending());
        assertThrows(IllegalStateException.class, () -> presence.keepOnline(new Body12().agentId("another")));
        scheduler.advance(Duration.ofSeconds(150));
        assertFalse(sandbox.isAgentOnline(AGENT));
        assertEquals(2, pings().size());
        assertEquals(List.of(), failures, "a presence closed with its client reports nothing");
    }

    @Test
    void closingTheClientEndsThePresencesOwnThreads() throws Exception {
        start(ConversationsSandbox.builder(), null);
        Set<String> before = AgentPresenceThreadsTest.presenceThreads();
        AgentPresence presence =
                AgentPresence.builder(client).failureListener(failures::add).build();
        presence.keepOnline(new Body12().agentId(AGENT));
        Set<String> started = AgentPresenceThreadsTest.presenceThreads();
        started.removeAll(before);
        assertEquals(1, started.size(), "the first agent started one thread: " + started);
        // The presence tells nobody of a ping that worked; the sandbox's state is the only witness: a named poll.
        io.github.conversations4j.testing.Await.until(
                AGENT + " pinged online", java.time.Duration.ofSeconds(20), () -> sandbox.isAgentOnline(AGENT));

        client.close();

        assertThrows(IllegalStateException.class, () -> presence.keepOnline(new Body12().agentId("another")));
        AgentPresenceThreadsTest.assertNoThreadLeft(started.iterator().next());
        assertEquals(List.of(), failures);
    }

    @Test
    void aPresenceCannotBeBuiltOnAClosedClient() {
        start(ConversationsSandbox.builder(), null);
        client.close();

        IllegalStateException e = assertThrows(
                IllegalStateException.class, () -> AgentPresence.builder(client).build());

        assertTrue(e.getMessage().contains("closed ConversationsClient"), e.getMessage());
    }
}
