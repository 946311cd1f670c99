package io.github.conversations4j.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.conversations4j.webhooks.WebhookIntake.Admission;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Issue 20: the framework-free receiver's answers, as Brevo's retry policy needs them. */
class WebhookReceiverTest {
    static final String TOKEN = "0123456789abcdef0123456789abcdef";
    static final byte[] EVENT = InMemoryWebhookIntakeTest.fragment("c-1", "m1");

    static InputStream body(byte[] bytes) {
        return new ByteArrayInputStream(bytes);
    }

    /** A body that fails the test if anyone reads it. */
    static final InputStream UNREAD = new InputStream() {
        @Override
        public int read() {
            throw new AssertionError("the body was read");
        }
    };

    /** {@code size} bytes made on the fly (a JSON object, mostly one long string): never all in memory. */
    static final class HugeBody extends InputStream {
        final long size;
        final AtomicLong read = new AtomicLong();
        final byte[] head = "{\"eventName\":\"conversationFragment\",\"x\":\"".getBytes(StandardCharsets.US_ASCII);

        HugeBody(long size) {
            this.size = size;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            long at = read.get();
            if (at >= size) {
                return -1;
            }
            int n = (int) Math.min(len, size - at);
            for (int i = 0; i < n; i++) {
                long p = at + i;
                b[off + i] = p < head.length
                        ? head[(int) p]
                        : p == size - 2 ? (byte) '"' : p == size - 1 ? (byte) '}' : (byte) 'a';
            }
            read.addAndGet(n);
            return n;
        }
    }

    static WebhookReceiver receiver(WebhookHandler handler) {
        return WebhookReceiver.builder().token(TOKEN).handler(handler).build();
    }

    @Test
    void aGoodEvent_is200_andHandedOver() throws Exception {
        CountDownLatch handed = new CountDownLatch(1);
        try (WebhookReceiver r = receiver((e, m) -> handed.countDown())) {
            WebhookReceiver.Response response = r.receive(TOKEN, EVENT.length, body(EVENT));
            assertEquals(new WebhookReceiver.Response(200, 0, Admission.ACCEPTED), response);
            assertTrue(handed.await(30, TimeUnit.SECONDS));
            assertEquals(200, r.receive(TOKEN, -1, body(EVENT)).status(), "a duplicate is 200 too");
            assertEquals(Admission.DUPLICATE, r.receive(TOKEN, -1, body(EVENT)).admission());
        }
    }

    @Test
    void aBadToken_is403_andTheBodyIsNotRead() {
        try (WebhookReceiver r = receiver((e, m) -> {})) {
            assertEquals(
                    403,
                    r.receive("0123456789abcdef0123456789abcdeX", EVENT.length, UNREAD)
                            .status());
            assertEquals(403, r.receive(null, EVENT.length, UNREAD).status());
            assertEquals(403, r.receive("", 500L * 1024 * 1024, UNREAD).status(), "the token first, then the size");
        }
    }

    @Test
    void aBodyThatIsNoEvent_is400_whateverItsContentType() {
        try (WebhookReceiver r = receiver((e, m) -> {})) {
            for (String bad : new String[] {"", "not json", "{\"no\":\"eventName\"}", "[]", "{\"eventName\":7}"}) {
                assertEquals(
                        400,
                        r.receive(TOKEN, -1, body(bad.getBytes(StandardCharsets.UTF_8)))
                                .status(),
                        bad);
            }
            // An odd field is no reason to refuse (see LenientReadingTest).
            byte[] odd = "{\"eventName\":\"conversationFragment\",\"visitor\":{\"contactAttributes\":[]}}"
                    .getBytes(StandardCharsets.UTF_8);
            assertEquals(200, r.receive(TOKEN, -1, body(odd)).status());
        }
    }

    @Test
    void aDeclaredLengthOverTheLimit_is413_unread() {
        try (WebhookReceiver r = WebhookReceiver.builder()
                .token(TOKEN)
                .handler((e, m) -> {})
                .maxBodyBytes(1000)
                .build()) {
            assertEquals(413, r.receive(TOKEN, 1001, UNREAD).status());
            assertEquals(200, r.receive(TOKEN, EVENT.length, body(EVENT)).status());
        }
    }

    @Test
    void a300MiBBody_withoutALength_is413_afterReadingNoMoreThanTheLimit() {
        HugeBody huge = new HugeBody(300L * 1024 * 1024);
        try (WebhookReceiver r = receiver((e, m) -> {})) {
            assertEquals(413, r.receive(TOKEN, -1, huge).status());
        }
        assertTrue(huge.read.get() <= WebhookReceiver.DEFAULT_MAX_BODY_BYTES + 1, "read " + huge.read.get());
    }

    @Test
    void a300MiBBody_at64MiBOfHeap_is413_inAJvmOfItsOwn() throws Exception {
        // The old endpoint read the whole body: OutOfMemoryError. Run where the heap is small, in a JVM of its own.
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        Process p = new ProcessBuilder(
                        java, "-Xmx64m", "-cp", System.getProperty("java.class.path"), SmallHeap.class.getName())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals("413 413\n", out.replace("\r", ""));
        assertEquals(0, p.exitValue());
    }

    /** Feeds 300 MiB, with and without a Content-Length, to a receiver with the default limit. */
    public static final class SmallHeap {
        public static void main(String[] args) {
            try (WebhookReceiver r = receiver((e, m) -> {})) {
                long size = 300L * 1024 * 1024;
                System.out.println(r.receive(TOKEN, -1, new HugeBody(size)).status() + " "
                        + r.receive(TOKEN, size, new HugeBody(size)).status());
            }
        }
    }

    @Test
    void aBodyCutShort_is429_toBeSentAgain() {
        InputStream broken = new InputStream() {
            int n;

            @Override
            public int read() throws IOException {
                if (n++ > 10) {
                    throw new IOException("connection reset");
                }
                return '{';
            }
        };
        try (WebhookReceiver r = receiver((e, m) -> {})) {
            WebhookReceiver.Response response = r.receive(TOKEN, -1, broken);
            assertEquals(429, response.status());
            assertEquals(60, response.retryAfterSeconds());
        }
    }

    @Test
    void anIntakeThatIsFullStoppingUnavailableOrBroken_is429WithRetryAfter_never5xx() {
        for (Admission a : new Admission[] {Admission.FULL, Admission.STOPPING, Admission.UNAVAILABLE, null}) {
            WebhookIntake intake = new WebhookIntake() {
                @Override
                public Admission offer(WebhookEvent event, byte[] body) {
                    if (a == null) {
                        throw new IllegalStateException("store on fire");
                    }
                    return a;
                }

                @Override
                public void start(WebhookHandler handler) {}

                @Override
                public StopReport stop(Duration drainTimeout) {
                    return new StopReport(0, List.of(), true);
                }
            };
            try (WebhookReceiver r = WebhookReceiver.builder()
                    .token(TOKEN)
                    .intake(intake)
                    .handler((e, m) -> {})
                    .retryAfter(Duration.ofSeconds(7))
                    .build()) {
                assertEquals(
                        new WebhookReceiver.Response(429, 7, a == null ? Admission.UNAVAILABLE : a),
                        r.receive(TOKEN, -1, body(EVENT)));
            }
        }
    }

    @Test
    void afterStop_everyWebhookIs429() {
        WebhookReceiver r = receiver((e, m) -> {});
        assertEquals(0, r.stop(Duration.ofSeconds(5)).undelivered());
        WebhookReceiver.Response response = r.receive(TOKEN, -1, body(EVENT));
        assertEquals(429, response.status());
        assertEquals(Admission.STOPPING, response.admission());
    }

    @Test
    void aBurstOf40_againstASlowHandler_isAnswered200Or429_andEvery200IsHandedOver() throws Exception {
        Set<String> handed = ConcurrentHashMap.newKeySet();
        CountDownLatch release = new CountDownLatch(1);
        WebhookReceiver r = WebhookReceiver.builder()
                .token(TOKEN)
                .intake(InMemoryWebhookIntake.builder().capacity(10).build())
                .handler((e, m) -> {
                    release.await();
                    handed.add(e.conversationId());
                })
                .build();
        ExecutorService pool = Executors.newFixedThreadPool(40);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            byte[] event = InMemoryWebhookIntakeTest.fragment("burst-" + i, "m" + i);
            answers.add(pool.submit(() -> {
                go.await();
                return r.receive(TOKEN, event.length, body(event)).status();
            }));
        }
        go.countDown();
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> f : answers) {
            statuses.add(f.get(30, TimeUnit.SECONDS));
        }
        pool.shutdown();
        release.countDown();
        assertEquals(0, r.stop(Duration.ofSeconds(30)).undelivered());

        assertTrue(statuses.stream().allMatch(s -> s == 200 || s == 429), statuses.toString());
        assertEquals(10, statuses.stream().filter(s -> s == 200).count(), "the capacity, no more, no less");
        assertEquals(10, handed.size(), "every 200 handed over");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "k3Jx+9vQ/2mZ+Lp8Wq==",
                "k3Jx9vQ2mZLp8Wq0/abc",
                "k3Jx9vQ2mZLp8Wq0=abc",
                "k3Jx9vQ2mZLp8Wq0 abc",
                "k3Jx9vQ2mZLp8Wq0%2Bc",
                "k3Jx9vQ2mZLp8Wqé0abc"
            })
    void aTokenOutsideTheUrlUnreservedCharacters_isRefused_sayingHowToMakeOne(String token) {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> WebhookReceiver.builder().token(token));
        assertTrue(e.getMessage().contains("A-Z a-z 0-9 - . _ ~"), e.getMessage());
        assertTrue(e.getMessage().contains("openssl rand -hex 32"), e.getMessage());
        assertFalse(e.getMessage().contains(token), "the message never shows the token: " + e.getMessage());
        assertFalse(e.getMessage().contains("k3Jx"), e.getMessage());
    }

    @Test
    void goodTokens_andShortOnes() {
        assertNull(WebhookReceiver.tokenProblem("0123456789abcdefABCDEF-._~"));
        assertNull(WebhookReceiver.tokenProblem(TOKEN));
        assertTrue(WebhookReceiver.tokenProblem("short-token").contains("at least 16"));
        assertTrue(WebhookReceiver.tokenProblem(null).contains("not set"));
        assertThrows(
                IllegalStateException.class,
                () -> WebhookReceiver.builder().handler((e, m) -> {}).build());
    }

    @Test
    void privacy_noPlantedPersonalDataOrToken_inAnyLogLineAtAnyLevel_orAnyExceptionMessage() throws Exception {
        String pii = "Jane Zqxwv-Doe jane.zqxwv@example.com 198.51.100.23";
        List<String> lines = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public synchronized void publish(LogRecord record) {
                lines.add(record.getLevel() + " " + new java.util.logging.SimpleFormatter().format(record));
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger sdk = Logger.getLogger("io.github.conversations4j");
        java.util.logging.Level before = sdk.getLevel();
        sdk.setLevel(java.util.logging.Level.ALL);
        sdk.addHandler(capture);
        List<String> messages = new ArrayList<>();
        InMemoryWebhookIntakeTest.Captured intakeLog = new InMemoryWebhookIntakeTest.Captured();
        CountDownLatch handled = new CountDownLatch(2);
        try {
            WebhookReceiver r = WebhookReceiver.builder()
                    .token(TOKEN)
                    .intake(InMemoryWebhookIntake.builder().logger(intakeLog).build())
                    .handler((e, m) -> {
                        handled.countDown();
                        throw new IllegalStateException(
                                "cannot answer " + pii + " " + m.get(0).getText());
                    })
                    .build();
            String withPii = "{\"eventName\":\"conversationFragment\",\"conversationId\":\"c-p\",\"messages\":[{\"id\":"
                    + "\"m1\",\"text\":\"" + pii
                    + "\"}],\"visitor\":{\"id\":\"v\",\"ip\":\"198.51.100.23\",\"contactAttributes\":"
                    + "[\"" + pii + "\"],\"contactId\":\"" + pii + "\"}}";
            List<byte[]> bodies = List.of(
                    withPii.getBytes(StandardCharsets.UTF_8),
                    ("{\"eventName\":\"" + pii + "\",\"messages\":[{\"id\":\"m2\",\"text\":\"" + pii + "\"}]}")
                            .getBytes(StandardCharsets.UTF_8),
                    ("{\"eventName\":\"conversationFragment\",\"text\":\"" + pii + "\"")
                            .getBytes(StandardCharsets.UTF_8),
                    ("\"" + pii + "\"").getBytes(StandardCharsets.UTF_8),
                    (pii + TOKEN).getBytes(StandardCharsets.UTF_8));
            for (byte[] b : bodies) {
                r.receive(TOKEN, -1, body(b));
                r.receive(TOKEN + "x", -1, body(b));
                r.receive(pii, -1, body(b));
            }
            assertTrue(handled.await(30, TimeUnit.SECONDS));
            r.stop(Duration.ofSeconds(30));
            for (byte[] b : bodies) {
                try {
                    ConversationsWebhooks.parse(b);
                } catch (RuntimeException e) {
                    for (Throwable t = e; t != null; t = t.getCause()) {
                        messages.add(String.valueOf(t.getMessage()));
                    }
                }
            }
            for (String bad : new String[] {pii, TOKEN + "+" + pii}) {
                try {
                    WebhookReceiver.builder().token(bad);
                } catch (IllegalArgumentException e) {
                    messages.add(e.getMessage());
                }
            }
        } finally {
            sdk.removeHandler(capture);
            sdk.setLevel(before);
        }
        List<String> all = new ArrayList<>(lines);
        all.addAll(intakeLog.lines);
        all.addAll(messages);
        assertTrue(intakeLog.lines.size() >= 2, "the failures were logged: " + intakeLog.lines);
        assertTrue(lines.stream().anyMatch(l -> l.contains("Refused a webhook body")), "DEBUG lines were captured");
        assertTrue(messages.size() >= 5, messages.toString());
        for (String line : all) {
            for (String secret : new String[] {"Zqxwv", "jane.zqxwv", "198.51.100.23", TOKEN}) {
                assertFalse(line.contains(secret), secret + " in: " + line);
            }
        }
    }
}
