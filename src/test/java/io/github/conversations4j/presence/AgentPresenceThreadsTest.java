package io.github.conversations4j.presence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.conversations4j.model.Body12;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * AgentPresence on real threads: its own few daemon threads, close() during a ping, and no thread left behind.
 * Nothing here depends on how fast the machine is: each step waits for an event (a latch, a thread's state), with
 * a generous bound only to fail instead of hanging.
 */
@Timeout(60)
class AgentPresenceThreadsTest {
    private static final long BOUND_SECONDS = 10;

    private final FakeApi fake = new FakeApi(System::nanoTime);
    private final List<PingFailure> failures = new CopyOnWriteArrayList<>();

    private static Body12 agent(String id) {
        return new Body12().agentId(id);
    }

    /** The name prefix of the presence's threads, from a thread that pinged: {@code conversations4j-presence-P-}. */
    private static String prefixOf(Thread thread) {
        String name = thread.getName();
        assertTrue(name.startsWith("conversations4j-presence-"), name);
        return name.substring(0, name.lastIndexOf('-') + 1);
    }

    private static List<String> aliveThreads(String prefix) {
        List<String> alive = new ArrayList<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().startsWith(prefix) && thread.isAlive()) {
                alive.add(thread.getName());
            }
        }
        return alive;
    }

    /** The names of the presence threads alive now, of every presence. */
    static Set<String> presenceThreads() {
        return new TreeSet<>(aliveThreads("conversations4j-presence-"));
    }

    /** Joins every thread of that prefix (each signals its own end), for at most the bound in all. */
    static void assertNoThreadLeft(String prefix) throws InterruptedException {
        joinAll(name -> name.startsWith(prefix));
        assertEquals(List.of(), aliveThreads(prefix), "threads left after close()");
    }

    /** Joins the alive threads whose names match, until none is left or the bound has passed. */
    private static void joinAll(java.util.function.Predicate<String> name) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
        for (boolean any = true; any && System.nanoTime() - deadline < 0; ) {
            any = false;
            for (Thread thread : Thread.getAllStackTraces().keySet()) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (thread.isAlive() && name.test(thread.getName()) && left > 0) {
                    any = true;
                    thread.join(left);
                }
            }
        }
    }

    private static void awaitState(Thread thread, Thread.State state) throws InterruptedException {
        // A thread reaching a wait signals nobody: a named poll.
        io.github.conversations4j.testing.Await.until(
                thread.getName() + " to be " + state,
                java.time.Duration.ofSeconds(BOUND_SECONDS),
                () -> thread.getState() == state || !thread.isAlive());
        assertEquals(state, thread.getState());
    }

    @Test
    void manyAgentsShareAFewNamedDaemonThreadsAndNoneIsLeftAfterClose() throws Exception {
        int agents = 20;
        CountDownLatch threePingsEach = new CountDownLatch(agents * 3);
        AgentPresence presence = AgentPresence.builder(fake.api)
                .interval(Duration.ofMillis(5))
                .threads(2)
                .failureListener(failures::add)
                .build();
        FakeApi counting = fake;
        for (int i = 0; i < agents; i++) {
            String id = "a" + i;
            counting.then(id, threePingsEach::countDown, threePingsEach::countDown, threePingsEach::countDown);
            presence.keepOnline(agent(id));
        }
        assertTrue(threePingsEach.await(BOUND_SECONDS, TimeUnit.SECONDS));

        Set<String> names = new TreeSet<>();
        for (FakeApi.Ping ping : fake.pings()) {
            names.add(ping.thread().getName());
            assertTrue(ping.thread().isDaemon(), ping.thread().getName());
        }
        String prefix = prefixOf(fake.pings().get(0).thread());
        assertTrue(names.size() <= 2, "no thread per agent: " + names);
        assertTrue(names.stream().allMatch(n -> n.startsWith(prefix)), names.toString());

        presence.close();
        int pingsAtClose = fake.pings().size();

        assertNoThreadLeft(prefix);
        assertEquals(pingsAtClose, fake.pings().size(), "no ping after close() returned");
        assertEquals(List.of(), failures);
    }

    @Test
    void closeWaitsForAPingUnderWayToEnd() throws Exception {
        CountDownLatch inPing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean pingEnded = new AtomicBoolean();
        AtomicBoolean pingInterrupted = new AtomicBoolean();
        fake.then("a1", () -> {
            inPing.countDown();
            try {
                assertTrue(release.await(BOUND_SECONDS, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                pingInterrupted.set(true);
            }
            pingEnded.set(true);
        });
        AgentPresence presence = AgentPresence.builder(fake.api)
                .closeTimeout(Duration.ofSeconds(30))
                .failureListener(failures::add)
                .build();
        presence.keepOnline(agent("a1"));
        assertTrue(inPing.await(BOUND_SECONDS, TimeUnit.SECONDS));
        String prefix = prefixOf(fake.pings().get(0).thread());

        AtomicBoolean endedWhenCloseReturned = new AtomicBoolean();
        Thread closer = new Thread(
                () -> {
                    presence.close();
                    endedWhenCloseReturned.set(pingEnded.get());
                },
                "test-closer");
        closer.start();
        awaitState(closer, Thread.State.TIMED_WAITING); // close() is waiting for the ping
        assertTrue(closer.isAlive(), "close() did not return while the ping was under way");

        release.countDown();
        closer.join(TimeUnit.SECONDS.toMillis(BOUND_SECONDS));

        assertFalse(closer.isAlive());
        assertTrue(endedWhenCloseReturned.get(), "close() returned only after the ping ended");
        assertFalse(pingInterrupted.get(), "a ping ending within the close timeout is not interrupted");
        assertNoThreadLeft(prefix);
    }

    @Test
    void closeInterruptsAPingThatOutlastsTheCloseTimeout() throws Exception {
        CountDownLatch inPing = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        AtomicBoolean pingInterrupted = new AtomicBoolean();
        fake.then("a1", () -> {
            inPing.countDown();
            try {
                never.await(BOUND_SECONDS * 3, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                pingInterrupted.set(true);
                // as the SDK's client does on an interrupt: the call ends at once, the flag kept
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        });
        Duration closeTimeout = Duration.ofMillis(100);
        AgentPresence presence = AgentPresence.builder(fake.api)
                .closeTimeout(closeTimeout)
                .failureListener(failures::add)
                .build();
        presence.keepOnline(agent("a1"));
        assertTrue(inPing.await(BOUND_SECONDS, TimeUnit.SECONDS));
        String prefix = prefixOf(fake.pings().get(0).thread());

        long start = System.nanoTime();
        presence.close();
        long took = System.nanoTime() - start;

        assertTrue(pingInterrupted.get(), "the ping was interrupted");
        assertTrue(took >= closeTimeout.toNanos(), "close() waited the close timeout first: " + took + " ns");
        assertEquals(List.of(), failures, "the ping of a stopped agent is not reported");
        assertFalse(Thread.currentThread().isInterrupted());
        assertNoThreadLeft(prefix);
    }

    @Test
    void theInterruptOfAPingDoesNotLeakIntoTheThreadAfterIt() throws Exception {
        VirtualScheduler scheduler = new VirtualScheduler();
        CountDownLatch inPing = new CountDownLatch(1);
        AtomicBoolean pingInterrupted = new AtomicBoolean();
        fake.then("a1", () -> {
            inPing.countDown();
            try {
                new CountDownLatch(1).await(BOUND_SECONDS * 3, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                pingInterrupted.set(true);
                Thread.currentThread().interrupt(); // kept, as the SDK's client keeps it
                throw new IllegalStateException("interrupted", e);
            }
        });
        AgentPresence presence = AgentPresence.builder(fake.api)
                .scheduler(scheduler)
                .closeTimeout(Duration.ZERO)
                .build();
        presence.keepOnline(agent("a1"));
        AtomicReference<Boolean> flagAfterTheTask = new AtomicReference<>();
        Thread worker = new Thread(
                () -> {
                    scheduler.runDue();
                    flagAfterTheTask.set(Thread.currentThread().isInterrupted());
                },
                "test-worker");
        worker.start();
        assertTrue(inPing.await(BOUND_SECONDS, TimeUnit.SECONDS));

        presence.close();
        worker.join(TimeUnit.SECONDS.toMillis(BOUND_SECONDS));

        assertTrue(pingInterrupted.get());
        assertEquals(Boolean.FALSE, flagAfterTheTask.get(), "the presence clears the interrupt it caused");
    }

    @Test
    void closeFromTheFailureListenerOnAPresenceThreadEndsEverything() throws Exception {
        CountDownLatch closed = new CountDownLatch(1);
        AtomicReference<AgentPresence> self = new AtomicReference<>();
        AtomicReference<Thread> listenerThread = new AtomicReference<>();
        fake.then("a1", FakeApi.fail(500));
        AgentPresence presence = AgentPresence.builder(fake.api)
                .failureListener(f -> {
                    listenerThread.set(Thread.currentThread());
                    self.get().close();
                    closed.countDown();
                })
                .build();
        self.set(presence);
        AgentPresence.Handle a1 = presence.keepOnline(agent("a1"));

        assertTrue(closed.await(BOUND_SECONDS, TimeUnit.SECONDS), "close() from the listener returned");

        assertTrue(a1.isStopped());
        assertNoThreadLeft(prefixOf(listenerThread.get()));
        presence.close(); // from here too, afterwards: nothing happens
    }

    /** Joins the presence threads not in {@code expected}, for at most the bound; then they are those of it. */
    static void assertPresenceThreads(Set<String> expected) throws InterruptedException {
        joinAll(name -> name.startsWith("conversations4j-presence-") && !expected.contains(name));
        assertEquals(expected, presenceThreads(), "threads left after close()");
    }

    @Test
    void aBlockedFailureListenerDelaysNoPingOfAnyAgent() throws Exception {
        CountDownLatch inListener = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch a2PingedThrice = new CountDownLatch(3);
        CountDownLatch a1PingedThrice = new CountDownLatch(3);
        AtomicReference<Thread> listenerThread = new AtomicReference<>();
        fake.then("a1", FakeApi.fail(500));
        AgentPresence presence = AgentPresence.builder(fake.api)
                .interval(Duration.ofMillis(5))
                .threads(1)
                .failureListener(f -> {
                    failures.add(f);
                    listenerThread.set(Thread.currentThread());
                    inListener.countDown();
                    try {
                        release.await(BOUND_SECONDS * 3, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                })
                .build();
        try {
            presence.keepOnline(agent("a1"));
            assertTrue(inListener.await(BOUND_SECONDS, TimeUnit.SECONDS), "a1's failure reached the listener");
            // The listener now blocks. With one ping thread, pings go on only if the listener is not on it.
            fake.then("a1", a1PingedThrice::countDown, a1PingedThrice::countDown, a1PingedThrice::countDown);
            fake.then("a2", a2PingedThrice::countDown, a2PingedThrice::countDown, a2PingedThrice::countDown);
            presence.keepOnline(agent("a2"));

            assertTrue(a2PingedThrice.await(BOUND_SECONDS, TimeUnit.SECONDS), "another agent's pings go on");
            assertTrue(a1PingedThrice.await(BOUND_SECONDS, TimeUnit.SECONDS), "the failed agent's pings go on");
            assertEquals(1, failures.size());
            String name = listenerThread.get().getName();
            assertTrue(name.matches("conversations4j-presence-\\d+-listener"), name);
            assertTrue(listenerThread.get().isDaemon());
            assertTrue(fake.pings().stream().noneMatch(p -> p.thread() == listenerThread.get()));
        } finally {
            release.countDown();
            presence.close();
        }
    }

    @Test
    void pastTheQueueBoundFailuresAreOnlyLoggedAndThePingsGoOn() throws Exception {
        VirtualScheduler scheduler = new VirtualScheduler();
        FakeApi api = new FakeApi(scheduler::nanoTime);
        int pings = AgentPresence.MAX_UNDELIVERED + 100;
        FakeApi.Outcome[] outcomes = new FakeApi.Outcome[pings];
        java.util.Arrays.fill(outcomes, FakeApi.fail(500));
        api.then("a1", outcomes);
        CountDownLatch inListener = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch delivered = new CountDownLatch(1 + AgentPresence.MAX_UNDELIVERED);
        AgentPresence presence = AgentPresence.builder(api.api)
                .scheduler(scheduler)
                .ticker(scheduler::nanoTime)
                .random(AgentPresenceTest.share(0))
                .failureListener(f -> {
                    failures.add(f);
                    inListener.countDown();
                    delivered.countDown();
                    try {
                        release.await(BOUND_SECONDS * 3, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                })
                .build();
        try (LogCapture log = new LogCapture()) {
            presence.keepOnline(agent("a1"));
            scheduler.runDue();
            assertTrue(inListener.await(BOUND_SECONDS, TimeUnit.SECONDS), "the listener holds the first failure");

            scheduler.advance(Duration.ofMinutes(pings - 1)); // on this thread: not held up by the listener

            assertEquals(pings, api.times("a1").size(), "every ping went out");
            release.countDown();
            assertTrue(delivered.await(BOUND_SECONDS, TimeUnit.SECONDS));
            presence.close();
            assertEquals(1 + AgentPresence.MAX_UNDELIVERED, failures.size(), "the first, then the queue's worth");
            List<String> warnings = log.lines();
            assertEquals(1, warnings.size(), warnings.toString());
            assertTrue(warnings.get(0).contains("failure listener is behind"), warnings.toString());
        } finally {
            release.countDown();
            presence.close();
        }
        assertEquals(List.of(), scheduler.thrown());
    }

    @Test
    void closeLeavesNoThreadBehindWhenTheFailureListenerBlocks() throws Exception {
        Set<String> before = presenceThreads();
        CountDownLatch inListener = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        AtomicBoolean listenerInterrupted = new AtomicBoolean();
        CountDownLatch listenerReturned = new CountDownLatch(1);
        fake.then("a1", FakeApi.fail(500));
        fake.then("a2", FakeApi.fail(500));
        AgentPresence presence = AgentPresence.builder(fake.api)
                .closeTimeout(Duration.ZERO)
                .failureListener(f -> {
                    failures.add(f);
                    inListener.countDown();
                    try {
                        never.await(BOUND_SECONDS * 3, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        listenerInterrupted.set(true);
                    } finally {
                        listenerReturned.countDown();
                    }
                })
                .build();
        presence.keepOnline(agent("a1"));
        presence.keepOnline(agent("a2"));
        assertTrue(inListener.await(BOUND_SECONDS, TimeUnit.SECONDS));
        Set<String> during = presenceThreads();
        during.removeAll(before);
        assertTrue(during.stream().anyMatch(n -> n.endsWith("-listener")), during.toString());

        presence.close();

        assertTrue(listenerReturned.await(BOUND_SECONDS, TimeUnit.SECONDS), "the listener was let go");
        assertTrue(listenerInterrupted.get(), "close() interrupted the blocked listener");
        assertEquals(1, failures.size(), "the failure queued behind the blocked one is dropped, not delivered late");
        assertPresenceThreads(before);
        assertFalse(Thread.currentThread().isInterrupted());
    }

    @Test
    void closeLetsTheListenerTakeTheFailuresQueuedWithinTheCloseTimeout() throws Exception {
        CountDownLatch inListener = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        fake.then("a1", FakeApi.fail(500));
        AgentPresence presence = AgentPresence.builder(fake.api)
                .threads(1)
                .closeTimeout(Duration.ofSeconds(30))
                .failureListener(f -> {
                    failures.add(f);
                    inListener.countDown();
                    try {
                        release.await(BOUND_SECONDS * 3, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                })
                .build();
        presence.keepOnline(agent("a1"));
        assertTrue(inListener.await(BOUND_SECONDS, TimeUnit.SECONDS));
        CountDownLatch a2Failed = new CountDownLatch(1);
        fake.then("a2", () -> {
            a2Failed.countDown();
            throw FakeApi.status(500, java.util.Map.of());
        });
        presence.keepOnline(agent("a2"));
        assertTrue(a2Failed.await(BOUND_SECONDS, TimeUnit.SECONDS));
        // a2's ping has thrown, but its failure is queued only after that: wait until the ping thread is back in the
        // scheduler, waiting for the next ping (a minute away), so that the failure was queued before close().
        awaitState(fake.pings().get(fake.pings().size() - 1).thread(), Thread.State.TIMED_WAITING);
        String prefix = prefixOf(fake.pings().get(0).thread());

        Thread closer = new Thread(presence::close, "test-closer");
        closer.start();
        awaitState(closer, Thread.State.TIMED_WAITING); // close() waits for the listener
        release.countDown();
        closer.join(TimeUnit.SECONDS.toMillis(BOUND_SECONDS));

        assertFalse(closer.isAlive());
        assertEquals(
                List.of("a1", "a2"),
                failures.stream().map(f -> f.agent().getAgentId()).toList(),
                "the failure queued before close() was delivered");
        assertNoThreadLeft(prefix);
    }

    @Test
    void aSchedulerOfYourOwnIsNotShutDownAndKeepsNoTaskOfThePresence() throws Exception {
        ScheduledThreadPoolExecutor own = new ScheduledThreadPoolExecutor(1);
        own.setRemoveOnCancelPolicy(true);
        try {
            CountDownLatch pinged = new CountDownLatch(2);
            fake.then("a1", pinged::countDown);
            fake.then("a2", pinged::countDown);
            AgentPresence presence =
                    AgentPresence.builder(fake.api).scheduler(own).build();
            presence.keepOnline(agent("a1"));
            presence.keepOnline(agent("a2"));
            assertTrue(pinged.await(BOUND_SECONDS, TimeUnit.SECONDS));

            presence.close();

            assertFalse(own.isShutdown());
            assertEquals(0, own.getQueue().size(), "the agents' next pings were cancelled and removed");
            assertEquals("ran", own.submit(() -> "ran").get(BOUND_SECONDS, TimeUnit.SECONDS));
        } finally {
            own.shutdownNow();
        }
    }

    @Test
    void keepOnlineAndCloseFromManyThreadsOnRealThreads() throws Exception {
        Set<String> before = presenceThreads();
        AtomicReference<Set<String>> atClose = new AtomicReference<>();
        AgentPresence presence = AgentPresence.builder(fake.api)
                .interval(Duration.ofMillis(2))
                .threads(3)
                .failureListener(failures::add)
                .build();
        CountDownLatch start = new CountDownLatch(1);
        List<AgentPresence.Handle> handles = new CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            int base = t * 100;
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < 100; i++) {
                        AgentPresence.Handle handle = presence.keepOnline(agent("a" + (base + i)));
                        handles.add(handle);
                        if (i % 3 == 0) {
                            handle.close(); // closes race the first ping
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (IllegalStateException closed) {
                    // the presence was closed meanwhile
                }
            });
            thread.start();
            threads.add(thread);
        }
        Thread closer = new Thread(
                () -> {
                    try {
                        start.await();
                        while (handles.size() < 50) {
                            Thread.onSpinWait(); // some agents first, then close() amid the others
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    atClose.set(presenceThreads());
                    presence.close();
                },
                "test-closer");
        closer.start();
        start.countDown();
        closer.join(TimeUnit.SECONDS.toMillis(BOUND_SECONDS));
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(BOUND_SECONDS));
        }
        int pingsAtClose = fake.pings().size();

        assertFalse(closer.isAlive());
        assertTrue(handles.size() >= 50);
        assertTrue(handles.stream().allMatch(AgentPresence.Handle::isStopped), "every agent accepted was stopped");
        Set<String> started = new TreeSet<>(atClose.get());
        started.removeAll(before);
        assertFalse(started.isEmpty(), "the first agent started a thread");
        assertTrue(started.size() <= 3, started.toString());
        for (String name : started) {
            assertNoThreadLeft(name);
        }
        assertEquals(pingsAtClose, fake.pings().size(), "no ping after close() returned");
        assertEquals(List.of(), failures);
    }
}
