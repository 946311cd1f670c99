package io.github.conversations4j.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.conversations4j.model.ConversationsMessage;
import io.github.conversations4j.webhooks.WebhookIntake.Admission;
import io.github.conversations4j.webhooks.WebhookIntake.StopReport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Issue 20: what the in-memory intake promises, through a stop, duplicates, failures and order. */
class InMemoryWebhookIntakeTest {
    static final Duration LONG = Duration.ofSeconds(30);

    static byte[] fragment(String conversation, String... messageIds) {
        StringBuilder messages = new StringBuilder();
        for (String id : messageIds) {
            messages.append(messages.length() == 0 ? "" : ",")
                    .append("{\"id\":\"")
                    .append(id)
                    .append("\",\"type\":\"visitor\",\"text\":\"text of ")
                    .append(id)
                    .append("\"}");
        }
        return ("{\"eventName\":\"conversationFragment\",\"conversationId\":\"" + conversation + "\",\"messages\":["
                        + messages + "]}")
                .getBytes(StandardCharsets.UTF_8);
    }

    static Admission offer(WebhookIntake intake, byte[] body) {
        return intake.offer(ConversationsWebhooks.parse(body), body);
    }

    /** A logger that keeps every line at every level. */
    static final class Captured implements System.Logger {
        final List<String> lines = new CopyOnWriteArrayList<>();

        @Override
        public String getName() {
            return "captured";
        }

        @Override
        public boolean isLoggable(Level level) {
            return true;
        }

        @Override
        public void log(Level level, java.util.ResourceBundle bundle, String msg, Throwable thrown) {
            lines.add(level + " " + msg + (thrown == null ? "" : " " + thrown));
        }

        @Override
        public void log(Level level, java.util.ResourceBundle bundle, String format, Object... params) {
            lines.add(level + " " + java.text.MessageFormat.format(format, params));
        }
    }

    @Test
    void aStopWithABacklog_handsOverEverythingAdmitted_andRefusesWhatComesAfter() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<String> handled = new CopyOnWriteArrayList<>();
        InMemoryWebhookIntake intake = InMemoryWebhookIntake.builder().build();
        intake.start((event, fresh) -> {
            release.await();
            handled.add(event.conversationId());
        });
        for (int i = 0; i < 20; i++) {
            assertEquals(Admission.ACCEPTED, offer(intake, fragment("c" + i, "m" + i)));
        }
        Thread stopper = new Thread(() -> {
            StopReport report = intake.stop(LONG);
            assertEquals(0, report.undelivered());
        });
        stopper.start();
        // Once stopping, nothing more is taken: 429, so that Brevo delivers it again. (What came before the stop is
        // taken, and handed over with the rest.)
        long deadline = System.nanoTime() + LONG.toNanos();
        int late = 0;
        while (offer(intake, fragment("late" + late, "x" + late)) == Admission.ACCEPTED) {
            late++;
            assertTrue(System.nanoTime() < deadline, "never stopping");
        }
        assertEquals(Admission.STOPPING, offer(intake, fragment("later", "y")));
        release.countDown();
        stopper.join(LONG.toMillis());
        assertFalse(stopper.isAlive());
        assertEquals(20, handled.stream().filter(c -> c.startsWith("c")).count(), "every event admitted was handled");
        assertEquals(20 + late, handled.size());
    }

    @Test
    void aBoundedDrain_reportsWhatItCouldNotHandOver_byCountAndConversation() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        CountDownLatch first = new CountDownLatch(1);
        InMemoryWebhookIntake intake = InMemoryWebhookIntake.builder().build();
        intake.start((event, fresh) -> {
            first.countDown();
            never.await(); // a handler that outlives the drain: interrupted at its end
        });
        for (int i = 0; i < 6; i++) {
            offer(intake, fragment("conv-" + (i % 3), "m" + i));
        }
        assertTrue(first.await(30, TimeUnit.SECONDS));
        StopReport report = intake.stop(Duration.ofMillis(200));

        // The first event was handed over (its handler was still at work); the 5 behind it were not.
        assertEquals(5, report.undelivered());
        assertEquals(List.of("conv-1", "conv-2", "conv-0"), report.conversationIds());
        assertFalse(report.kept());
        assertEquals(0, intake.held(), "nothing is left waiting, the interrupted handler ended");
        assertEquals(new StopReport(0, List.of(), false), intake.stop(LONG), "a second stop finds nothing");
    }

    @Test
    void notStarted_isStopping() {
        InMemoryWebhookIntake intake = InMemoryWebhookIntake.create();
        assertEquals(Admission.STOPPING, offer(intake, fragment("c", "m")));
        assertEquals(0, intake.stop(Duration.ZERO).undelivered());
    }

    @Test
    void beyondTheCapacity_isFull_andRoomComesBack() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch handled = new CountDownLatch(4);
        InMemoryWebhookIntake intake =
                InMemoryWebhookIntake.builder().capacity(3).build();
        intake.start((event, fresh) -> {
            release.await();
            handled.countDown();
        });
        for (int i = 0; i < 3; i++) {
            assertEquals(Admission.ACCEPTED, offer(intake, fragment("c", "m" + i)));
        }
        assertEquals(Admission.FULL, offer(intake, fragment("c", "m3")));
        release.countDown();
        // Room comes back after each handler returns, which nothing signals: a named poll.
        io.github.conversations4j.testing.Await.until("room in the intake", LONG, () -> intake.held() == 0);
        assertEquals(Admission.ACCEPTED, offer(intake, fragment("c", "m3")), "a FULL event delivered again is taken");
        assertTrue(handled.await(30, TimeUnit.SECONDS));
        intake.close();
    }

    @Test
    void duplicates_areAdmittedOnce_andMessagesAreNewOnce_withinTheWindow() throws Exception {
        List<List<String>> fresh = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(4);
        InMemoryWebhookIntake intake = InMemoryWebhookIntake.builder().memory(3).build();
        intake.start((event, newMessages) -> {
            fresh.add(newMessages.stream().map(ConversationsMessage::getId).toList());
            done.countDown();
        });
        assertEquals(Admission.ACCEPTED, offer(intake, fragment("c", "m1", "m2")));
        assertEquals(Admission.DUPLICATE, offer(intake, fragment("c", "m1", "m2")), "the same body again");
        assertEquals(Admission.ACCEPTED, offer(intake, fragment("c", "m2", "m3")), "a transcript repeating m2");
        assertEquals(Admission.ACCEPTED, offer(intake, fragment("c", "m4", "m5")));
        // The window holds 3 ids (m3, m4, m5): m1 is forgotten, so it is new again.
        assertEquals(Admission.ACCEPTED, offer(intake, fragment("c", "m1", "m5")));
        assertTrue(done.await(30, TimeUnit.SECONDS));
        intake.stop(LONG);
        assertEquals(List.of(List.of("m1", "m2"), List.of("m3"), List.of("m4", "m5"), List.of("m1")), fresh);
    }

    @Test
    void aConversationsEvents_areHandledInOrder_oneAtATime_onManyThreads() throws Exception {
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        InMemoryWebhookIntake intake =
                InMemoryWebhookIntake.builder().threads(4).build();
        CountDownLatch done = new CountDownLatch(200);
        intake.start((event, fresh) -> {
            order.add(event.conversationId() + " " + event.messages().get(0).getId());
            done.countDown();
        });
        for (int i = 0; i < 200; i++) {
            assertEquals(Admission.ACCEPTED, offer(intake, fragment("c" + (i % 5), String.format("m%03d", i))));
        }
        assertTrue(done.await(30, TimeUnit.SECONDS));
        intake.stop(LONG);
        for (int c = 0; c < 5; c++) {
            String prefix = "c" + c + " ";
            List<String> mine = order.stream().filter(s -> s.startsWith(prefix)).toList();
            assertEquals(mine.stream().sorted().toList(), mine, "conversation c" + c + " in admission order");
        }
    }

    @Test
    void aFailingHandler_isLoggedByEventConversationAndType_only_andTheNextEventGoesOn() throws Exception {
        String secret = "Jane Doe jane@example.com 203.0.113.7";
        Captured log = new Captured();
        CountDownLatch second = new CountDownLatch(1);
        InMemoryWebhookIntake intake =
                InMemoryWebhookIntake.builder().logger(log).build();
        intake.start((event, fresh) -> {
            if (event.conversationId().equals("bad")) {
                throw new java.io.IOException("could not answer " + secret, new IllegalStateException(secret));
            }
            if (event.conversationId().equals("worse")) {
                throw new AssertionError(secret);
            }
            second.countDown();
        });
        offer(intake, fragment("bad", "m1"));
        offer(intake, fragment("worse", "m2"));
        offer(intake, fragment("good", "m3"));
        assertTrue(second.await(30, TimeUnit.SECONDS));
        intake.stop(LONG);

        assertEquals(2, log.lines.size(), log.lines.toString());
        String line = log.lines.get(0);
        assertTrue(
                line.startsWith("WARNING The webhook handler failed on a conversationFragment event (conversation "
                        + "bad): java.io.IOException at "),
                line);
        assertTrue(line.contains("caused by java.lang.IllegalStateException"), line);
        assertTrue(log.lines.get(1).contains("(conversation worse): java.lang.AssertionError"), log.lines.get(1));
        for (String l : log.lines) {
            assertFalse(l.contains("Jane") || l.contains("jane@") || l.contains("203.0.113.7"), l);
        }
    }

    @Test
    void aForgedEventName_cannotForgeALogLine() {
        assertEquals("(a name of 13 characters, not all of them letters or digits)", Safe.name("a\nb\rINFO fake"));
        assertEquals("none", Safe.name(null));
        assertEquals("conversationFragment", Safe.name("conversationFragment"));
        assertEquals("MxhGJAEugdLtS2BBq", Safe.name("MxhGJAEugdLtS2BBq"));
        assertEquals("(a name of 500 characters)", Safe.name("x".repeat(500)));
    }

    @Test
    void startTwice_isRefused() {
        InMemoryWebhookIntake intake = InMemoryWebhookIntake.create();
        intake.start((e, m) -> {});
        assertThrows(IllegalStateException.class, () -> intake.start((e, m) -> {}));
        intake.stop(Duration.ZERO);
    }
}
