package io.github.conversations4j.presence;

import static io.github.conversations4j.presence.FakeApi.fail;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.conversations4j.BrevoConversations;
import io.github.conversations4j.ConversationsClient;
import io.github.conversations4j.errors.BadRequestException;
import io.github.conversations4j.errors.ForbiddenException;
import io.github.conversations4j.errors.InvalidRequestException;
import io.github.conversations4j.errors.ServerErrorException;
import io.github.conversations4j.errors.TooManyRequestsException;
import io.github.conversations4j.errors.UnauthorizedException;
import io.github.conversations4j.model.Body12;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * AgentPresence on virtual time: every cadence, jitter and failure case asserted to the nanosecond, without a
 * thread of the presence's own or any sleep.
 */
class AgentPresenceTest {
    private static final Duration MINUTE = Duration.ofMinutes(1);

    private final VirtualScheduler scheduler = new VirtualScheduler();
    private final FakeApi fake = new FakeApi(scheduler::nanoTime);
    private final List<PingFailure> failures = new CopyOnWriteArrayList<>();
    private final List<AgentPresence> presences = new ArrayList<>();

    /** A jitter source that always draws the same share of the largest jitter: 0 none, 1 the largest. */
    static RandomGenerator share(double share) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                throw new UnsupportedOperationException("the presence draws a bounded value");
            }

            @Override
            public long nextLong(long bound) {
                return (long) ((bound - 1) * share);
            }
        };
    }

    private AgentPresence.Builder builder() {
        return AgentPresence.builder(fake.api)
                .scheduler(scheduler)
                .ticker(scheduler::nanoTime)
                .clock(scheduler.clock())
                .random(share(0))
                .listenerExecutor(Runnable::run) // the listener on the thread that pinged: on virtual time
                .failureListener(failures::add);
    }

    private AgentPresence presence() {
        return track(builder().build());
    }

    private AgentPresence track(AgentPresence presence) {
        presences.add(presence);
        return presence;
    }

    static Body12 agent(String id) {
        return new Body12().agentId(id);
    }

    static List<Duration> minutes(double... values) {
        List<Duration> list = new ArrayList<>();
        for (double v : values) {
            list.add(Duration.ofMillis(Math.round(v * 60_000)));
        }
        return list;
    }

    @AfterEach
    void nothingWasThrownIntoTheScheduler() {
        presences.forEach(AgentPresence::close);
        assertEquals(List.of(), scheduler.thrown());
    }

    // ---------------------------------------------------------------- cadence

    @Test
    void theFirstPingGoesOutAtOnceThenOneEveryMinute() {
        AgentPresence presence = presence();
        presence.keepOnline(agent("a1"));
        assertEquals(List.of(Duration.ZERO), scheduler.pendingDelays(), "the first ping is due at once");

        scheduler.runDue();
        assertEquals(minutes(0), fake.times("a1"));

        scheduler.advance(Duration.ofMinutes(5));
        assertEquals(minutes(0, 1, 2, 3, 4, 5), fake.times("a1"));
        assertEquals(List.of(MINUTE), scheduler.pendingDelays(), "one task for the agent, due a minute on");
        assertEquals(List.of(), failures);
    }

    @Test
    void anIntervalOfYourOwnIsKept() {
        AgentPresence presence =
                track(builder().interval(Duration.ofSeconds(45)).build());
        presence.keepOnline(agent("a1"));

        scheduler.advance(Duration.ofMinutes(3));

        assertEquals(minutes(0, 0.75, 1.5, 2.25, 3), fake.times("a1"));
    }

    @Test
    void theCadenceCountsFromEachPingsStartSoASlowPingDoesNotPushItBack() {
        AgentPresence presence = presence();
        fake.then("a1", () -> scheduler.passTime(Duration.ofSeconds(20)));
        presence.keepOnline(agent("a1"));

        scheduler.advance(Duration.ofMinutes(2));

        assertEquals(minutes(0, 1, 2), fake.times("a1"), "a 20 s ping (retries, say) keeps the next on time");
    }

    @Test
    void aPingLongerThanTheIntervalIsFollowedAtOnce() {
        AgentPresence presence = presence();
        fake.then("a1", () -> scheduler.passTime(Duration.ofSeconds(70)));
        presence.keepOnline(agent("a1"));

        scheduler.advance(Duration.ofSeconds(130));

        assertEquals(List.of(Duration.ZERO, Duration.ofSeconds(70), Duration.ofSeconds(130)), fake.times("a1"));
    }

    // ---------------------------------------------------------------- jitter

    @Test
    void theLargestJitterShortensTheWaitByATenthAndNoMore() {
        AgentPresence presence = track(builder().random(share(1)).build());
        presence.keepOnline(agent("a1"));

        scheduler.advance(Duration.ofMinutes(3));

        assertEquals(
                List.of(Duration.ZERO, Duration.ofSeconds(54), Duration.ofSeconds(108), Duration.ofSeconds(162)),
                fake.times("a1"));
    }

    @Test
    void jitterSpreadsAgentsStartedTogetherWithinANinetyToHundredPercentWait() {
        AgentPresence presence = track(builder().random(new SplittableRandom(7)).build());
        for (int i = 0; i < 50; i++) {
            presence.keepOnline(agent("a" + i));
        }

        scheduler.advance(Duration.ofMinutes(10));

        Set<Duration> secondPings = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            List<Duration> times = fake.times("a" + i);
            assertEquals(Duration.ZERO, times.get(0), "every first ping at once");
            assertTrue(times.size() >= 10, "at least one ping a minute: " + times.size());
            for (int k = 1; k < times.size(); k++) {
                Duration gap = times.get(k).minus(times.get(k - 1));
                assertTrue(gap.compareTo(Duration.ofSeconds(54)) >= 0 && gap.compareTo(MINUTE) <= 0, "gap " + gap);
            }
            secondPings.add(times.get(1));
        }
        assertTrue(
                secondPings.size() > 40,
                "agents started together no longer ping in step: " + secondPings.size() + " distinct times of 50");
    }

    @Test
    void theDefaultRandomSourceKeepsTheSameBounds() {
        AgentPresence presence = track(AgentPresence.builder(fake.api)
                .scheduler(scheduler)
                .ticker(scheduler::nanoTime)
                .build());
        for (int i = 0; i < 20; i++) {
            presence.keepOnline(agent("a" + i));
        }

        scheduler.advance(Duration.ofMinutes(5));

        for (int i = 0; i < 20; i++) {
            List<Duration> times = fake.times("a" + i);
            for (int k = 1; k < times.size(); k++) {
                Duration gap = times.get(k).minus(times.get(k - 1));
                assertTrue(gap.compareTo(Duration.ofSeconds(54)) >= 0 && gap.compareTo(MINUTE) <= 0, "gap " + gap);
            }
        }
    }

    // ---------------------------------------------------------------- several agents

    @Test
    void twoAgentsAtOnceKeepTheirOwnSchedules() {
        AgentPresence presence = presence();
        presence.keepOnline(agent("a1"));
        scheduler.advance(Duration.ofSeconds(30));
        presence.keepOnline(
                new Body12().agentEmail("bo@helpdesk.example").agentName("Bo").receivedFrom("bridge"));

        scheduler.advance(Duration.ofSeconds(150));

        assertEquals(minutes(0, 1, 2, 3), fake.times("a1"));
        assertEquals(minutes(0.5, 1.5, 2.5), fake.times("bo@helpdesk.example"));
        assertEquals(2, scheduler.pending(), "one task per agent");
    }

    @Test
    void stoppingOneAgentLeavesTheOtherGoing() {
        AgentPresence presence = presence();
        AgentPresence.Handle a1 = presence.keepOnline(agent("a1"));
        presence.keepOnline(agent("a2"));
        scheduler.advance(Duration.ofSeconds(90));

        a1.close();
        scheduler.advance(Duration.ofMinutes(3));

        assertEquals(minutes(0, 1), fake.times("a1"));
        assertEquals(minutes(0, 1, 2, 3, 4), fake.times("a2"));
        assertTrue(a1.isStopped());
        assertEquals(1, scheduler.pending(), "the stopped agent's task left the queue");
        a1.close(); // again: nothing happens
        assertEquals(minutes(0, 1, 2, 3, 4), fake.times("a2"));
    }

    @Test
    void aStoppedAgentCanBeKeptOnlineAgainAndStartsAtOnce() {
        AgentPresence presence = presence();
        AgentPresence.Handle first = presence.keepOnline(agent("a1"));
        scheduler.advance(Duration.ofSeconds(90));
        first.close();

        AgentPresence.Handle second = presence.keepOnline(agent("a1"));
        scheduler.advance(Duration.ofSeconds(60));

        assertNotSame(first, second);
        assertFalse(second.isStopped());
        assertEquals(minutes(0, 1, 1.5, 2.5), fake.times("a1"));
    }

    @Test
    void aSecondKeepOnlineOfTheSameAgentIsRefused() {
        AgentPresence presence = presence();
        presence.keepOnline(agent("a1"));
        presence.keepOnline(
                new Body12().agentEmail("Ana@Helpdesk.example").agentName("Ana").receivedFrom("bridge"));

        IllegalArgumentException byId = assertThrows(
                IllegalArgumentException.class,
                () -> presence.keepOnline(agent("a1").agentName("another name")));
        IllegalArgumentException byEmail = assertThrows(
                IllegalArgumentException.class,
                () -> presence.keepOnline(new Body12()
                        .agentEmail("ana@helpdesk.EXAMPLE")
                        .agentName("Ana B")
                        .receivedFrom("other")));

        assertTrue(byId.getMessage().contains("already keeps agentId=a1 online"), byId.getMessage());
        assertTrue(byEmail.getMessage().contains("already keeps"), byEmail.getMessage());
        scheduler.advance(Duration.ofMinutes(1));
        assertEquals(4, fake.pings().size(), "two agents, two pings each: the refused calls scheduled nothing");
    }

    // ---------------------------------------------------------------- failures

    @Test
    void aServerErrorIsReportedAndTheNextPingComesOnTime() {
        AgentPresence presence = presence();
        fake.then("a1", () -> {}, fail(500));
        AgentPresence.Handle handle = presence.keepOnline(agent("a1"));

        scheduler.advance(Duration.ofMinutes(3));

        assertEquals(minutes(0, 1, 2, 3), fake.times("a1"));
        assertEquals(1, failures.size());
        PingFailure failure = failures.get(0);
        assertInstanceOf(ServerErrorException.class, failure.exception());
        assertFalse(failure.agentStopped());
        assertEquals(MINUTE, failure.nextPingIn());
        assertEquals(agent("a1"), failure.agent());
        assertFalse(handle.isStopped());
    }

    @Test
    void anyOtherExceptionOfYourOwnApiIsReportedAndTheScheduleKept() {
        AgentPresence presence = presence();
        IllegalStateException own = new IllegalStateException("my own ConversationsApi broke");
        fake.then(
                "a1",
                () -> {
                    throw own;
                },
                fail(400),
                () -> {
                    throw new java.io.IOException("a checked exception, which the proxy wraps");
                });
        presence.keepOnline(agent("a1"));

        scheduler.advance(Duration.ofMinutes(3));

        assertEquals(minutes(0, 1, 2, 3), fake.times("a1"));
        assertEquals(3, failures.size());
        assertSame(own, failures.get(0).exception());
        assertInstanceOf(BadRequestException.class, failures.get(1).exception());
        assertInstanceOf(
                java.io.IOException.class,
                assertInstanceOf(
                                java.lang.reflect.UndeclaredThrowableException.class,
                                failures.get(2).exception())
                        .getCause());
        assertTrue(failures.stream().noneMatch(PingFailure::agentStopped));
    }

    @ParameterizedTest
    @ValueSource(ints = {401, 403})
    void aBadKeyStopsThatAgentAndSaysSo(int status) {
        AgentPresence presence = presence();
        fake.then("a1", () -> {}, fail(status));
        AgentPresence.Handle a1 = presence.keepOnline(agent("a1"));
        AgentPresence.Handle a2 = presence.keepOnline(agent("a2"));

        scheduler.advance(Duration.ofMinutes(4));

        assertEquals(minutes(0, 1), fake.times("a1"), "no ping after the refusal");
        assertEquals(minutes(0, 1, 2, 3, 4), fake.times("a2"), "only that agent stops");
        assertEquals(1, failures.size());
        PingFailure failure = failures.get(0);
        Class<?> expected = status == 401 ? UnauthorizedException.class : ForbiddenException.class;
        assertEquals(expected, failure.exception().getClass());
        assertTrue(failure.agentStopped());
        assertNull(failure.nextPingIn());
        assertTrue(failure.toString().contains("agent stopped"), failure.toString());
        assertTrue(a1.isStopped());
        assertFalse(a2.isStopped());
        assertEquals(1, scheduler.pending());

        presence.keepOnline(agent("a1")); // a fixed key: the agent may be kept online again
        scheduler.runDue();
        assertEquals(minutes(0, 1, 4), fake.times("a1"));
    }

    @Test
    void a429PutsTheNextPingOffUntilBrevosResetThenTheCadenceResumes() {
        AgentPresence presence = presence();
        fake.then("a1", () -> {}, fail(429, Map.of("x-sib-ratelimit-reset", List.of("90"))));
        presence.keepOnline(agent("a1"));

        scheduler.advance(Duration.ofMinutes(5));

        assertEquals(minutes(0, 1, 2.5, 3.5, 4.5), fake.times("a1"));
        assertEquals(1, failures.size());
        assertInstanceOf(TooManyRequestsException.class, failures.get(0).exception());
        assertEquals(Duration.ofSeconds(90), failures.get(0).nextPingIn());
        assertFalse(failures.get(0).agentStopped());
    }

    @Test
    void a429WhoseResetComesBeforeTheNextTurnKeepsTheSchedule() {
        AgentPresence presence = presence();
        fake.then("a1", fail(429, Map.of("x-sib-ratelimit-reset", List.of("10"))));
        presence.keepOnline(agent("a1"));

        scheduler.advance(Duration.ofMinutes(2));

        assertEquals(minutes(0, 1, 2), fake.times("a1"), "never longer than needed, never sooner than its turn");
        assertEquals(MINUTE, failures.get(0).nextPingIn());
    }

    @Test
    void a429sRetryAfterWinsOverTheResetAsInTheClientsRetries() {
        AgentPresence presence = presence();
        fake.then("a1", fail(429, Map.of("Retry-After", List.of("120"), "x-sib-ratelimit-reset", List.of("30"))));
        presence.keepOnline(agent("a1"));

        scheduler.advance(Duration.ofMinutes(3));

        assertEquals(minutes(0, 2, 3), fake.times("a1"));
        assertEquals(Duration.ofSeconds(120), failures.get(0).nextPingIn());
    }

    @Test
    void a429sRetryAfterDateIsReadOnTheClock() {
        AgentPresence presence = presence();
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                VirtualScheduler.EPOCH.plusSeconds(100).atZone(ZoneOffset.UTC));
        fake.then("a1", fail(429, Map.of("Retry-After", List.of(date))));
        presence.keepOnline(agent("a1"));

        scheduler.runDue();

        assertEquals(Duration.ofSeconds(100), failures.get(0).nextPingIn());
    }

    @Test
    void a429AskingForYearsWaitsADayAtMost() {
        AgentPresence presence = presence();
        fake.then("a1", fail(429, Map.of("Retry-After", List.of("99999999999999999999"))));
        presence.keepOnline(agent("a1"));

        scheduler.runDue();

        assertEquals(Duration.ofDays(1), failures.get(0).nextPingIn());
        assertEquals(List.of(Duration.ofDays(1)), scheduler.pendingDelays());
    }

    @Test
    void a429WithoutAResetKeepsTheSchedule() {
        AgentPresence presence = presence();
        fake.then("a1", fail(429));
        presence.keepOnline(agent("a1"));

        scheduler.advance(MINUTE);

        assertEquals(minutes(0, 1), fake.times("a1"));
        assertEquals(MINUTE, failures.get(0).nextPingIn());
    }

    @Test
    void aListenerThatThrowsDoesNotStopTheSchedule() {
        AtomicInteger calls = new AtomicInteger();
        AgentPresence presence = track(builder()
                .failureListener(f -> {
                    calls.incrementAndGet();
                    throw new IllegalStateException("a bug in the listener");
                })
                .build());
        fake.then("a1", fail(500), fail(503));
        presence.keepOnline(agent("a1"));

        scheduler.advance(Duration.ofMinutes(2));

        assertEquals(minutes(0, 1, 2), fake.times("a1"));
        assertEquals(2, calls.get());
    }

    @Test
    void withoutAListenerFailuresChangeNothingElse() {
        AgentPresence presence = track(AgentPresence.builder(fake.api)
                .scheduler(scheduler)
                .ticker(scheduler::nanoTime)
                .random(share(0))
                .build());
        fake.then("a1", fail(500));
        presence.keepOnline(agent("a1"));

        scheduler.advance(MINUTE);

        assertEquals(minutes(0, 1), fake.times("a1"));
    }

    @Test
    void anErrorOfAPingIsReportedAndTheNextPingComesOnTime() {
        AgentPresence presence = presence();
        AssertionError error = new AssertionError("a test double failed");
        fake.then("a1", () -> {
            throw error;
        });
        AgentPresence.Handle handle = presence.keepOnline(agent("a1"));

        scheduler.advance(Duration.ofMinutes(2));

        assertEquals(minutes(0, 1, 2), fake.times("a1"));
        assertEquals(1, failures.size(), "the Error is reported");
        assertSame(error, failures.get(0).exception());
        assertFalse(failures.get(0).agentStopped());
        assertEquals(MINUTE, failures.get(0).nextPingIn());
        assertFalse(handle.isStopped());
        // and nothing was thrown into the scheduler (checked after each test)
    }

    @Test
    void anErrorOfAPingWithoutAListenerIsLoggedAtWarning() {
        AgentPresence presence = track(AgentPresence.builder(fake.api)
                .scheduler(scheduler)
                .ticker(scheduler::nanoTime)
                .random(share(0))
                .build());
        StackOverflowError error = new StackOverflowError("a ConversationsApi of your own recursed");
        fake.then("a1", () -> {
            throw error;
        });
        try (LogCapture log = new LogCapture()) {
            presence.keepOnline(agent("a1"));

            scheduler.advance(MINUTE);

            assertEquals(minutes(0, 1), fake.times("a1"));
            assertEquals(1, log.lines().size(), log.lines().toString());
            assertTrue(log.lines().get(0).startsWith("WARNING "), log.lines().toString());
            assertTrue(log.lines().get(0).contains("agentId=a1"), log.lines().toString());
            assertTrue(
                    log.lines().get(0).contains("thrown: java.lang.StackOverflowError"),
                    log.lines().toString());
        }
    }

    @Test
    void anErrorOfTheListenerIsLoggedAndTheNextFailureIsStillDelivered() {
        List<PingFailure> seen = new ArrayList<>();
        AgentPresence presence = track(builder()
                .failureListener(f -> {
                    seen.add(f);
                    if (seen.size() == 1) {
                        throw new NoClassDefFoundError("a listener missing a class");
                    }
                })
                .build());
        fake.then("a1", fail(500), fail(503));
        try (LogCapture log = new LogCapture()) {
            presence.keepOnline(agent("a1"));

            scheduler.advance(Duration.ofMinutes(2));

            assertEquals(minutes(0, 1, 2), fake.times("a1"));
            assertEquals(2, seen.size());
            assertEquals(1, log.lines().size(), log.lines().toString());
            assertTrue(
                    log.lines().get(0).contains("NoClassDefFoundError"),
                    log.lines().toString());
        }
    }

    @Test
    void aFailureAfterTheAgentWasStoppedIsNotReported() throws Exception {
        AgentPresence presence = presence();
        CountDownLatch inPing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        fake.then("a1", () -> {
            inPing.countDown();
            assertTrue(release.await(10, TimeUnit.SECONDS));
            throw FakeApi.status(500, Map.of());
        });
        AgentPresence.Handle handle = presence.keepOnline(agent("a1"));
        Thread pinger = new Thread(scheduler::runDue, "test-pinger");
        pinger.start();
        assertTrue(inPing.await(10, TimeUnit.SECONDS));

        handle.close(); // on this thread, while the ping is under way on the other: returns at once
        assertTrue(handle.isStopped());
        release.countDown();
        pinger.join(10_000);

        assertFalse(pinger.isAlive());
        assertEquals(0, scheduler.pending(), "the ping under way scheduled no other");
        assertEquals(List.of(), failures);
        scheduler.advance(Duration.ofMinutes(3));
        assertEquals(minutes(0), fake.times("a1"));
    }

    // ---------------------------------------------------------------- what keepOnline takes

    @Test
    void anAgentNamedNoDocumentedWayIsRefusedAsTheClientRefusesIt() {
        AgentPresence presence = presence();
        ConversationsClient client = BrevoConversations.builder()
                .apiKey("k")
                .baseUrl("http://127.0.0.1:9/v3")
                .build();
        try (client) {
            for (Body12 bad : List.of(
                    new Body12(),
                    new Body12().agentId(" "),
                    new Body12().agentEmail("ana@helpdesk.example").agentName("Ana"),
                    new Body12().agentEmail("not an address").agentName("Ana").receivedFrom("bridge"))) {
                InvalidRequestException byPresence =
                        assertThrows(InvalidRequestException.class, () -> presence.keepOnline(bad));
                InvalidRequestException byClient =
                        assertThrows(InvalidRequestException.class, () -> client.conversationsAgentOnlinePingPost(bad));

                assertEquals(byClient.getMessage(), byPresence.getMessage());
                assertEquals(byClient.field(), byPresence.field());
                assertEquals("conversationsAgentOnlinePingPost", byPresence.operation());
            }
        }
        assertEquals(0, scheduler.pending(), "nothing was scheduled");
        assertThrows(NullPointerException.class, () -> presence.keepOnline(null));
    }

    @Test
    void theBodyIsCopiedSoChangingItLaterChangesNothing() {
        AgentPresence presence = presence();
        Body12 body =
                new Body12().agentEmail("ana@helpdesk.example").agentName("Ana").receivedFrom("bridge");
        fake.then("ana@helpdesk.example", () -> fake.pings().get(0).body().setAgentName("changed by the api"));
        AgentPresence.Handle handle = presence.keepOnline(body);

        body.setAgentName("changed by the caller");
        handle.agent().setAgentName("changed through the handle");
        scheduler.advance(MINUTE);

        Body12 expected =
                new Body12().agentEmail("ana@helpdesk.example").agentName("Ana").receivedFrom("bridge");
        assertEquals("changed by the api", fake.pings().get(0).body().getAgentName(), "the api had a copy to change");
        assertEquals(expected, fake.pings().get(1).body(), "each ping sends a fresh copy of the original");
        assertEquals(expected, handle.agent());
    }

    @Test
    void theCopyKeepsEveryFieldOfBody12() throws Exception {
        Body12 full = new Body12();
        int strings = 0;
        for (Field field : Body12.class.getDeclaredFields()) {
            if (!Modifier.isStatic(field.getModifiers())) {
                assertEquals(String.class, field.getType(), "a new kind of field: update AgentPresence.copy");
                field.setAccessible(true);
                field.set(full, "value of " + field.getName());
                strings++;
            }
        }

        Body12 copy = AgentPresence.copy(full);

        assertTrue(strings >= 4);
        assertEquals(full, copy, "Body12.equals compares every field: one not copied fails here");
        assertNotSame(full, copy);
    }

    // ---------------------------------------------------------------- lifecycle

    @Test
    void closeStopsEveryAgentAndRefusesNewOnes() {
        AgentPresence presence = presence();
        AgentPresence.Handle a1 = presence.keepOnline(agent("a1"));
        AgentPresence.Handle a2 = presence.keepOnline(agent("a2"));
        scheduler.advance(Duration.ofSeconds(30));

        presence.close();
        presence.close(); // again: nothing happens

        assertTrue(a1.isStopped() && a2.isStopped());
        assertEquals(0, scheduler.pending());
        assertFalse(scheduler.isShutdown(), "a scheduler of your own is not shut down");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> presence.keepOnline(agent("a3")));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        assertTrue(presence.toString().contains("closed"), presence.toString());
        scheduler.advance(Duration.ofMinutes(5));
        assertEquals(2, fake.pings().size());
    }

    @Test
    void closeFromTheFailureListenerStopsEverythingWithoutWaitingForItself() {
        List<AgentPresence> self = new ArrayList<>();
        AgentPresence presence =
                track(builder().failureListener(f -> self.get(0).close()).build());
        self.add(presence);
        fake.then("a1", () -> {}, fail(500));
        AgentPresence.Handle a1 = presence.keepOnline(agent("a1"));
        AgentPresence.Handle a2 = presence.keepOnline(agent("a2"));

        scheduler.advance(Duration.ofMinutes(3));

        assertTrue(a1.isStopped() && a2.isStopped());
        assertEquals(0, scheduler.pending());
        assertEquals(minutes(0, 1), fake.times("a1"));
    }

    @Test
    void aSchedulerThatRefusesTheNextPingStopsTheAgentAndSaysSo() {
        AgentPresence presence = presence();
        presence.keepOnline(agent("a1"));
        fake.then("a1", scheduler::shutdown);

        scheduler.runDue();

        assertEquals(1, failures.size());
        assertInstanceOf(
                java.util.concurrent.RejectedExecutionException.class,
                failures.get(0).exception());
        assertTrue(failures.get(0).agentStopped());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> presence.keepOnline(agent("a2")));
        assertTrue(e.getMessage().contains("shut down"), e.getMessage());
    }

    // ---------------------------------------------------------------- threads

    @Test
    void keepOnlineFromManyThreadsKeepsEachAgentOnce() throws Exception {
        AgentPresence presence = presence();
        ConcurrentLinkedQueue<AgentPresence.Handle> handles = new ConcurrentLinkedQueue<>();
        AtomicInteger refused = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            Thread thread = new Thread(() -> {
                await(start);
                for (int i = 0; i < 50; i++) {
                    try {
                        handles.add(presence.keepOnline(agent("a" + i)));
                    } catch (IllegalArgumentException e) {
                        refused.incrementAndGet();
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join(10_000);
        }

        scheduler.runDue();

        assertEquals(50, handles.size());
        assertEquals(350, refused.get());
        assertEquals(50, fake.pings().size(), "one first ping per agent");
        assertEquals(
                50, fake.pings().stream().map(FakeApi.Ping::agent).distinct().count());
    }

    @Test
    void keepOnlineRacingCloseLeavesNothingScheduled() throws Exception {
        AgentPresence presence = presence();
        ConcurrentLinkedQueue<AgentPresence.Handle> handles = new ConcurrentLinkedQueue<>();
        AtomicInteger refused = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int base = t * 1000;
            Thread thread = new Thread(() -> {
                await(start);
                for (int i = 0; i < 200; i++) {
                    try {
                        handles.add(presence.keepOnline(agent("a" + (base + i))));
                    } catch (IllegalStateException e) {
                        refused.incrementAndGet();
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
        Thread closer = new Thread(() -> {
            await(start);
            presence.close();
        });
        closer.start();
        start.countDown();
        closer.join(10_000);
        for (Thread thread : threads) {
            thread.join(10_000);
        }

        assertEquals(1600, handles.size() + refused.get());
        assertTrue(handles.stream().allMatch(AgentPresence.Handle::isStopped), "every agent accepted was stopped");
        assertEquals(0, scheduler.pending());
        scheduler.advance(Duration.ofMinutes(5));
        assertEquals(List.of(), fake.pings());
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(10, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    // ---------------------------------------------------------------- the builder and the types

    @Test
    void theIntervalMustBePositiveAndAtMostTwoMinutes() {
        AgentPresence.Builder builder = AgentPresence.builder(fake.api);
        for (Duration bad : List.of(
                Duration.ZERO, Duration.ofSeconds(-1), Duration.ofMinutes(2).plusNanos(1), Duration.ofMinutes(5))) {
            assertThrows(IllegalArgumentException.class, () -> builder.interval(bad), bad.toString());
        }
        IllegalArgumentException tooLong =
                assertThrows(IllegalArgumentException.class, () -> builder.interval(Duration.ofMinutes(3)));
        assertTrue(tooLong.getMessage().contains("drop offline"), tooLong.getMessage());
        builder.interval(Duration.ofMinutes(2));
        builder.interval(Duration.ofMillis(1));
        assertThrows(NullPointerException.class, () -> builder.interval(null));
    }

    @Test
    void theOtherSettingsAreCheckedAtOnce() {
        AgentPresence.Builder builder = AgentPresence.builder(fake.api);
        assertThrows(NullPointerException.class, () -> AgentPresence.builder(null));
        assertThrows(IllegalArgumentException.class, () -> builder.threads(0));
        assertThrows(IllegalArgumentException.class, () -> builder.threads(AgentPresence.MAX_THREADS + 1));
        assertThrows(IllegalArgumentException.class, () -> builder.closeTimeout(Duration.ofMillis(-1)));
        assertThrows(NullPointerException.class, () -> builder.failureListener(null));
        assertThrows(NullPointerException.class, () -> builder.scheduler(null));
        builder.closeTimeout(Duration.ZERO);

        IllegalStateException both = assertThrows(
                IllegalStateException.class,
                () -> AgentPresence.builder(fake.api)
                        .threads(4)
                        .scheduler(scheduler)
                        .build());
        assertTrue(both.getMessage().contains("one or the other"), both.getMessage());
    }

    @Test
    void aPingFailureIsConsistentAndCopiesItsAgent() {
        Body12 body = agent("a1");
        PingFailure failure = new PingFailure(body, new RuntimeException("x"), false, MINUTE);
        body.setAgentId("changed");
        failure.agent().setAgentId("changed too");

        assertEquals(agent("a1"), failure.agent());
        assertThrows(IllegalArgumentException.class, () -> new PingFailure(body, new RuntimeException(), true, MINUTE));
        assertThrows(IllegalArgumentException.class, () -> new PingFailure(body, new RuntimeException(), false, null));
        assertThrows(
                IllegalArgumentException.class,
                () -> new PingFailure(body, new RuntimeException(), false, Duration.ofSeconds(-1)));
        assertThrows(NullPointerException.class, () -> new PingFailure(null, new RuntimeException(), true, null));
        assertThrows(NullPointerException.class, () -> new PingFailure(body, null, true, null));
        assertEquals("PingFailure(agentId=a1, next ping in PT1M: java.lang.RuntimeException: x)", failure.toString());
    }
}
