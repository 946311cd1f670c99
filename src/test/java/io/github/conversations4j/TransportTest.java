package io.github.conversations4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.github.conversations4j.api.ConversationsApi;
import io.github.conversations4j.errors.BadRequestException;
import io.github.conversations4j.errors.BrevoConnectionException;
import io.github.conversations4j.errors.BrevoDecodeException;
import io.github.conversations4j.model.ConversationsMessage;
import io.github.conversations4j.testing.Await;
import io.github.conversations4j.testing.RawHttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The SDK's own HTTP/1.1 transport, against responses WireMock cannot produce. */
class TransportTest {
    private static final String MESSAGE = "{\"id\":\"eYBEm3gq3zc5ayE2g\",\"type\":\"agent\",\"text\":\"Hi\"}";

    private static ConversationsApi api(RawHttpServer server) {
        return BrevoConversations.builder()
                .apiKey("k")
                .baseUrl(server.baseUrl())
                .retryPolicy(RetryPolicy.none())
                .readTimeout(Duration.ofSeconds(5))
                .build();
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Test
    void keptAliveConnectionServesManyCalls() throws IOException {
        try (RawHttpServer server = RawHttpServer.start((request, out) -> {
            RawHttpServer.respond(out, 200, MESSAGE, false);
            return true;
        })) {
            ConversationsApi api = api(server);
            for (int i = 0; i < 20; i++) {
                assertEquals("Hi", api.conversationsMessagesIdGet("x").getText());
            }
            assertEquals(1, server.acceptedConnections());
        }
    }

    @Test
    void aThreadGetsBackTheConnectionItUsedLast() throws Exception {
        // Each connection is served on its own server thread; number them, and answer with the number as the id.
        AtomicInteger connections = new AtomicInteger();
        ThreadLocal<Integer> number = ThreadLocal.withInitial(connections::incrementAndGet);
        CountDownLatch bothIn = new CountDownLatch(2);
        CountDownLatch answerSecond = new CountDownLatch(1);
        ExecutorService a = Executors.newSingleThreadExecutor();
        ExecutorService b = Executors.newSingleThreadExecutor();
        try (RawHttpServer server = RawHttpServer.start((request, out) -> {
            int n = number.get();
            try {
                if (bothIn.getCount() > 0) {
                    bothIn.countDown();
                    assertTrue(bothIn.await(5, TimeUnit.SECONDS));
                    if (n == 2) {
                        assertTrue(answerSecond.await(5, TimeUnit.SECONDS));
                    }
                }
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
            RawHttpServer.respond(out, 200, "{\"id\":\"conn-" + n + "\"}", false);
            return true;
        })) {
            ConversationsApi api = api(server);
            java.util.concurrent.BlockingQueue<ExecutorService> answered =
                    new java.util.concurrent.LinkedBlockingQueue<>();
            Future<String> fromA = a.submit(() -> {
                try {
                    return api.conversationsMessagesIdGet("x").getId();
                } finally {
                    answered.add(a);
                }
            });
            Future<String> fromB = b.submit(() -> {
                try {
                    return api.conversationsMessagesIdGet("x").getId();
                } finally {
                    answered.add(b);
                }
            });
            // Connection 1 answers at once; connection 2 only once connection 1's call is over, so it is released last
            // and is the hottest idle connection.
            ExecutorService first = answered.poll(20, TimeUnit.SECONDS);
            assertTrue(first != null, "no answer on connection 1");
            assertEquals("conn-1", (first == a ? fromA : fromB).get());
            answerSecond.countDown();
            assertEquals("conn-2", (first == a ? fromB : fromA).get(5, TimeUnit.SECONDS));
            ExecutorService second = first == a ? b : a;

            for (int i = 0; i < 3; i++) {
                assertEquals(
                        "conn-1",
                        first.submit(() -> api.conversationsMessagesIdGet("x").getId())
                                .get());
                assertEquals(
                        "conn-2",
                        second.submit(() -> api.conversationsMessagesIdGet("x").getId())
                                .get());
            }
            assertEquals(2, server.acceptedConnections());
        } finally {
            a.shutdownNow();
            b.shutdownNow();
        }
    }

    @Test
    void anIdleConnectionDoesNotKeepTheThreadThatReleasedIt() throws Exception {
        // The check needs System.gc() to collect: not so under these flags.
        List<String> flags = ManagementFactory.getRuntimeMXBean().getInputArguments();
        assumeFalse(
                flags.contains("-XX:+DisableExplicitGC") || flags.contains("-XX:+UseEpsilonGC"),
                "explicit garbage collection is off in this JVM");
        try (RawHttpServer server = RawHttpServer.start((request, out) -> {
            RawHttpServer.respond(out, 200, MESSAGE, false);
            return true;
        })) {
            ConversationsApi api = api(server);
            Thread user = new Thread(() -> api.conversationsMessagesIdGet("x"));
            user.start();
            user.join(5000);
            assertFalse(user.isAlive());
            WeakReference<Thread> ended = new WeakReference<>(user);
            user = null;
            // The collector signals nobody (a ReferenceQueue would, but only once a collection ran): a named poll.
            Await.until(
                    "the ended thread collected (the pooled connection keeps the thread that released it reachable)",
                    Duration.ofSeconds(20),
                    Duration.ofMillis(50),
                    () -> {
                        System.gc();
                        return ended.get() == null;
                    });
            assertNull(ended.get(), "the pooled connection keeps the thread that released it reachable");
            // The connection itself is still pooled and reused.
            api.conversationsMessagesIdGet("x");
            assertEquals(1, server.acceptedConnections());
        }
    }

    @Test
    void connectionCloseIsHonoured() throws IOException {
        try (RawHttpServer server = RawHttpServer.start((request, out) -> {
            RawHttpServer.respond(out, 200, MESSAGE, true);
            return false;
        })) {
            ConversationsApi api = api(server);
            for (int i = 0; i < 5; i++) {
                api.conversationsMessagesIdGet("x");
            }
            assertEquals(5, server.acceptedConnections());
        }
    }

    @Test
    void chunkedBodyWithExtensionsAndTrailersIsDecoded() throws IOException {
        try (RawHttpServer server = RawHttpServer.start((request, out) -> {
            String first = MESSAGE.substring(0, 10);
            String rest = MESSAGE.substring(10);
            write(
                    out,
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                            + Integer.toHexString(first.length()) + ";name=value\r\n" + first + "\r\n"
                            + Integer.toHexString(rest.length()) + "\r\n" + rest + "\r\n0\r\nX-Trailer: yes\r\n\r\n");
            return true;
        })) {
            ConversationsApi api = api(server);
            assertEquals(
                    "eYBEm3gq3zc5ayE2g", api.conversationsMessagesIdGet("x").getId());
            assertEquals("Hi", api.conversationsMessagesIdGet("x").getText());
            assertEquals(1, server.acceptedConnections(), "a fully read chunked body leaves the connection reusable");
        }
    }

    @Test
    void responseArrivingAByteAtATimeIsParsed() throws IOException {
        String chunked = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Long: " + "v".repeat(9000)
                + "\r\nTransfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(MESSAGE.length()) + "\r\n" + MESSAGE
                + "\r\n0\r\n\r\n";
        try (RawHttpServer server = RawHttpServer.start((request, out) -> {
            for (byte b : chunked.getBytes(StandardCharsets.UTF_8)) {
                out.write(b);
                out.flush();
            }
            return true;
        })) {
            ConversationsApi api = api(server);
            assertEquals("Hi", api.conversationsMessagesIdGet("x").getText());
            assertEquals("Hi", api.conversationsMessagesIdGet("x").getText());
            assertEquals(1, server.acceptedConnections());
        }
    }

    @Test
    void bodyInThousandsOfTinyChunksIsNotMistakenForAHugeHead() throws IOException {
        String text = "x".repeat(20_000);
        String json = "{\"id\":\"a\",\"text\":\"" + text + "\"}";
        StringBuilder chunks = new StringBuilder();
        for (char c : json.toCharArray()) {
            chunks.append("1\r\n").append(c).append("\r\n");
        }
        String response = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                + chunks + "0\r\n\r\n";
        try (RawHttpServer server = RawHttpServer.start((request, out) -> {
            write(out, response);
            return true;
        })) {
            assertEquals(
                    text,
                    api(server).conversationsMessagesPost(Operations.body8()).getText());
        }
    }

    @Test
    void responseWithBothLengthAndChunkingIsReadAsChunkedAndItsConnectionDropped() throws IOException {
        try (RawHttpServer server = RawHttpServer.start((request, out) -> {
            write(
                    out,
                    "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"
                            + Integer.toHexString(MESSAGE.length()) + "\r\n" + MESSAGE + "\r\n0\r\n\r\n");
            return true;
        })) {
            ConversationsApi api = api(server);
            assertEquals("Hi", api.conversationsMessagesIdGet("x").getText());
            assertEquals("Hi", api.conversationsMessagesIdGet("x").getText());
            assertEquals(2, server.acceptedConnections(), "a response framed two ways is never trusted for reuse");
        }
    }

    @Test
    void clientsNobodyHoldsCloseTheirIdleConnections() throws Exception {
        java.nio.file.Path fds = java.nio.file.Path.of("/proc/self/fd");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isDirectory(fds), "needs /proc");
        try (RawHttpServer server = RawHttpServer.start((request, out) -> {
            RawHttpServer.respond(out, 200, MESSAGE, false);
            return true;
        })) {
            long before = openFiles(fds);
            java.util.List<ConversationsApi> held = new java.util.ArrayList<>();
            for (int i = 0; i < 100; i++) {
                ConversationsApi api = api(server);
                api.conversationsMessagesIdGet("x"); // each client keeps its connection idle
                held.add(api);
            }
            long during = openFiles(fds);
            held.clear(); // now nobody holds them
            assertTrue(during >= before + 100, "each client held a connection: " + before + " -> " + during);
            // The collector and the cleaner that closes a dropped client's sockets signal nobody: a named poll.
            Await.until(
                    "dropped clients closed their connections (" + before + " -> " + during + " open files)",
                    Duration.ofSeconds(20),
                    Duration.ofMillis(50),
                    () -> {
                        System.gc();
                        return openFiles(fds) <= before + 20;
                    });
        }
    }

    private static long openFiles(java.nio.file.Path fds) throws IOException {
        try (var list = java.nio.file.Files.list(fds)) {
            return list.count();
        }
    }

    @Test
    void bodyWithoutLengthRunsToTheEndOfTheConnection() throws IOException {
        try (RawHttpServer server = RawHttpServer.start((request, out) -> {
            write(out, "HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n" + MESSAGE);
            return false;
        })) {
            ConversationsApi api = api(server);
            assertEquals("Hi", api.conversationsMessagesIdGet("x").getText());
            assertEquals("Hi", api.conversationsMessagesIdGet("x").getText());
            assertEquals(2, server.acceptedConnections());
        }
    }

    @Test
    void interimContinueResponseIsSkipped() throws IOException {
        try (RawHttpServer server = RawHttpServer.start((request, out) -> {
            write(out, "HTTP/1.1 100 Continue\r\n\r\n");
            RawHttpServer.respond(out, 200, MESSAGE, false);
            return true;
        })) {
            assertEquals(
                    "Hi",
                    api(server).conversationsMessagesPost(Operations.body8()).getText());
        }
    }

    /** Writes a 100 MB body until the client closes; counts {@code done} down once it stopped writing. */
    private static RawHttpServer endless(int status, AtomicLong written, CountDownLatch done) throws IOException {
        return RawHttpServer.start((request, out) -> {
            long total = 100L * 1024 * 1024;
            write(
                    out,
                    "HTTP/1.1 " + status + " X\r\nContent-Type: application/json\r\nContent-Length: " + total
                            + "\r\n\r\n{\"code\":\"bad_request\",\"message\":\"");
            byte[] chunk = "x".repeat(8192).getBytes(StandardCharsets.US_ASCII);
            try {
                while (written.get() < total) {
                    out.write(chunk);
                    written.addAndGet(chunk.length);
                }
            } catch (IOException e) {
                // the client stopped reading and closed: what this test wants
            } finally {
                done.countDown();
            }
            return false;
        });
    }

    @Test
    void hundredMegabyteErrorBodyIsReadOnlyUpToTheBound() throws Exception {
        AtomicLong written = new AtomicLong();
        CountDownLatch serverDone = new CountDownLatch(1);
        try (RawHttpServer server = endless(400, written, serverDone)) {
            BadRequestException e =
                    assertThrows(BadRequestException.class, () -> api(server).conversationsMessagesIdGet("x"));

            assertEquals(64 * 1024, e.rawBody().length());
            assertTrue(e.rawBody().startsWith("{\"code\":\"bad_request\""));
            assertTrue(serverDone.await(20, TimeUnit.SECONDS), "the server never saw the connection closed");
            assertTrue(written.get() < 16L * 1024 * 1024, "the rest was never read: server wrote " + written.get());
        }
    }

    @Test
    void hundredMegabyteSuccessBodyIsRefusedNotBuffered() throws Exception {
        AtomicLong written = new AtomicLong();
        CountDownLatch serverDone = new CountDownLatch(1);
        try (RawHttpServer server = endless(200, written, serverDone)) {
            BrevoDecodeException e =
                    assertThrows(BrevoDecodeException.class, () -> api(server).conversationsMessagesIdGet("x"));

            assertTrue(e.getMessage().contains("body larger than 8388608 bytes"), e.getMessage());
            assertEquals(64 * 1024, e.rawBody().length());
            assertTrue(serverDone.await(20, TimeUnit.SECONDS), "the server never saw the connection closed");
            assertTrue(written.get() < 32L * 1024 * 1024, "server wrote " + written.get());
        }
    }

    @Test
    void endlessResponseHeadIsRefused() throws IOException {
        try (RawHttpServer server = RawHttpServer.start((request, out) -> {
            write(out, "HTTP/1.1 200 OK\r\n");
            try {
                for (int i = 0; i < 100_000; i++) {
                    write(out, "X-Filler-" + i + ": " + "y".repeat(100) + "\r\n");
                }
            } catch (IOException e) {
                // client gave up
            }
            return false;
        })) {
            BrevoConnectionException e = assertThrows(
                    BrevoConnectionException.class, () -> api(server).conversationsMessagesIdGet("x"));
            assertTrue(e.getMessage().contains("larger than 65536 bytes"), e.getMessage());
        }
    }

    @Test
    void notHttpAtAllIsNoResponse() throws IOException {
        try (RawHttpServer server = RawHttpServer.start((request, out) -> {
            write(out, "SSH-2.0-OpenSSH_9.2\r\n");
            return false;
        })) {
            BrevoConnectionException e = assertThrows(
                    BrevoConnectionException.class, () -> api(server).conversationsMessagesPost(Operations.body8()));
            assertTrue(e.mayHaveReachedServer());
        }
    }

    @Test
    void serverClosingAnIdleConnectionIsNoticedBeforeReuse() throws Exception {
        try (RawHttpServer server = RawHttpServer.start((request, out) -> {
            RawHttpServer.respond(out, 200, MESSAGE, false);
            return false; // closes without saying so, like a server's idle timeout
        })) {
            FakeSleeper clock = new FakeSleeper(); // the pool's clock: idle time passes without sleeping
            ConversationsApi api = BrevoConversations.builder()
                    .apiKey("k")
                    .baseUrl(server.baseUrl())
                    .retryPolicy(RetryPolicy.none())
                    .sleeper(clock)
                    .build();
            api.conversationsMessagesPost(Operations.body8());
            assertTrue(server.awaitNoOpenConnections(Duration.ofSeconds(30)), "the server closed its side");
            clock.sleep(Duration.ofMillis(1200)); // past the transport's 1 s threshold: an idle close, not a hasty one

            ConversationsMessage second = api.conversationsMessagesPost(Operations.body8());

            assertEquals("Hi", second.getText(), "the send went out on a fresh connection, not the dead one");
            assertEquals(2, server.acceptedConnections());
        }
    }

    @Test
    void failedTlsHandshakeMeansNothingWasSent() throws IOException {
        try (RawHttpServer server = RawHttpServer.start((request, out) -> false)) {
            ConversationsApi api = BrevoConversations.builder()
                    .apiKey("k")
                    .baseUrl("https://127.0.0.1:" + server.port() + "/v3")
                    .retryPolicy(RetryPolicy.none())
                    .connectTimeout(Duration.ofSeconds(2))
                    .build();

            BrevoConnectionException e = assertThrows(
                    BrevoConnectionException.class, () -> api.conversationsMessagesPost(Operations.body8()));

            assertFalse(e.mayHaveReachedServer(), e.getMessage());
            assertTrue(e.getMessage().contains("TLS handshake"), e.getMessage());
        }
    }
}
