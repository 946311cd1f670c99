package io.github.conversations4j.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** WebhookSender and the webhook parts of ConversationsSandbox: the cases that once went wrong. */
class WebhookSenderTest {
    private HttpServer receiver;
    private final CountDownLatch arrived = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger requests = new AtomicInteger();
    private volatile boolean trickle;
    private ConversationsSandbox sandbox;

    @BeforeEach
    void start() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.setExecutor(Executors.newCachedThreadPool());
        receiver.createContext("/hook", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                if (requests.incrementAndGet() == 1) {
                    arrived.countDown();
                    if (trickle) { // answers 200 at once, then never finishes the body
                        exchange.sendResponseHeaders(200, 0);
                        OutputStream out = exchange.getResponseBody();
                        out.write('x');
                        out.flush();
                    }
                    release.await(60, TimeUnit.SECONDS);
                }
                if (!trickle) {
                    exchange.sendResponseHeaders(200, -1);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        receiver.start();
        sandbox = ConversationsSandbox.builder()
                .webhookUrl("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook?token=t")
                .start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        sandbox.close();
        receiver.stop(0);
    }

    /**
     * reset() checks the generation before the POST only: a webhook whose POST is under way when reset() runs is
     * added to the deliveries after reset() cleared them, so webhookDeliveries() lists a pre-reset event as sent
     * "since the last reset".
     */
    @Test
    void aDeliveryUnderWayAtResetIsNotListedAfterIt() throws Exception {
        sandbox.addVisitorMessage("v1", "before the reset");
        assertTrue(arrived.await(10, TimeUnit.SECONDS));
        sandbox.reset();
        release.countDown();
        assertTrue(sandbox.awaitWebhooks(Duration.ofSeconds(10)));
        List<WebhookDelivery> after = sandbox.webhookDeliveries();
        assertEquals(List.of(), after, "deliveries since the reset");
    }

    /**
     * close() calls shutdownNow(), which drops the queued tasks without running their finally: pending never comes
     * back to 0, so awaitWebhooks after (or during) close() blocks for its whole timeout and answers false.
     */
    @Test
    void awaitWebhooksDoesNotHangAfterCloseWithEventsQueued() throws Exception {
        sandbox.addVisitorMessage("v1", "one");
        assertTrue(arrived.await(10, TimeUnit.SECONDS));
        sandbox.addVisitorMessage("v1", "two");
        sandbox.addVisitorMessage("v1", "three");
        sandbox.close();
        release.countDown();
        // Before the fix the dropped events stayed counted: this waited its whole 20 s and answered false.
        assertTrue(sandbox.awaitWebhooks(Duration.ofSeconds(20)), "awaitWebhooks after close");
    }

    /**
     * The 10 s HttpRequest timeout stops at the response headers, and BodyHandlers.discarding() then reads the body
     * to its end: a receiver that answers 200 but never finishes its body holds the one delivery thread forever, so
     * every later webhook waits and awaitWebhooks never succeeds (no timeout bounds a delivery).
     */
    @Test
    void aReceiverThatNeverFinishesItsBodyDoesNotHoldTheDeliveriesForever() throws Exception {
        trickle = true;
        sandbox.addVisitorMessage("v1", "one");
        assertTrue(arrived.await(10, TimeUnit.SECONDS));
        sandbox.addVisitorMessage("v1", "two");
        assertTrue(
                sandbox.awaitWebhooks(Duration.ofSeconds(20)),
                "a delivery outlived the sandbox's 10 s webhook timeout by far");
    }
}
