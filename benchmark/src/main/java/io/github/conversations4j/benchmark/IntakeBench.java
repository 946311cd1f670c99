package io.github.conversations4j.benchmark;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.conversations4j.webhooks.InMemoryWebhookIntake;
import io.github.conversations4j.webhooks.WebhookReceiver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Webhook intake throughput (issue 20): events per second the endpoint accepts (answers 200), each a distinct
 * {@code conversationFragment} of Brevo's shape (about 1 KiB), with a handler that does nothing (so the figure is the
 * endpoint's and the intake's, not an application's).
 *
 * <ul>
 *   <li><b>receiver</b>: {@code WebhookReceiver.receive(...)} called directly from N threads: token check, bounded
 *       read, parse, de-duplication, queue. No HTTP.
 *   <li><b>http</b>: the same receiver behind the JDK's HTTP server (16 threads) on loopback, N client threads each
 *       posting on a kept-alive {@code HttpURLConnection}: what a framework-free endpoint takes end to end.
 * </ul>
 *
 * <p>{@code java -cp ... io.github.conversations4j.benchmark.IntakeBench [--quick] [--out=FILE]} ({@code benchmark/run}
 * runs it after the outbound benchmark and appends to its report).
 */
public final class IntakeBench {
    static final String TOKEN = "0123456789abcdef0123456789abcdef";

    private IntakeBench() {}

    static byte[] event(long n) {
        return ("{\"eventName\":\"conversationFragment\",\"conversationId\":\"conv-" + (n % 512) + "\",\"messages\":[{"
                        + "\"id\":\"msg-" + n + "\",\"type\":\"visitor\",\"text\":\"Hello, where is my order #" + n
                        + "? It was due "
                        + "yesterday and the tracking page says nothing.\",\"html\":\"Hello, where is my order #" + n
                        + "?\","
                        + "\"createdAt\":1665578322700,\"visitorId\":\"kZMvWhf8npAu3H6qd57w2Hv6nh6rnxvg\",\"isPushed\":false,"
                        + "\"isTrigger\":false}],\"agents\":[{\"id\":\"d9nKoegKSjmCtyK78\",\"name\":\"Liz\",\"email\":\"liz@example.com\","
                        + "\"userpic\":null}],\"visitor\":{\"id\":\"kZMvWhf8npAu3H6qd57w2Hv6nh6rnxvg\",\"threadId\":\"t-1\","
                        + "\"source\":\"widget\",\"displayedName\":\"Visitor #5124\",\"ip\":\"203.0.113.7\",\"browser\":\"Firefox\","
                        + "\"os\":\"Linux\",\"country\":\"FR\",\"city\":\"Paris\",\"contactAttributes\":{\"EMAIL\":\"v@example.com\"},"
                        + "\"lastVisit\":{\"viewedPages\":[{\"title\":\"Order\",\"url\":\"https://shop.example/orders/1\"}]}}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    static WebhookReceiver receiver(LongAdder handled) {
        return WebhookReceiver.builder()
                .token(TOKEN)
                .intake(InMemoryWebhookIntake.builder()
                        .capacity(100_000)
                        .threads(2)
                        .memory(100_000)
                        .build())
                .handler((event, fresh) -> handled.increment())
                .build();
    }

    /** Accepted events per second over {@code seconds}, from {@code threads} threads calling {@code call}. */
    static double run(int threads, double seconds, Call call) throws Exception {
        AtomicLong sequence = new AtomicLong();
        LongAdder accepted = new LongAdder();
        LongAdder refused = new LongAdder();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long start = System.nanoTime();
        List<java.util.concurrent.Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            done.add(pool.submit(() -> {
                while (System.nanoTime() < end) {
                    int status = call.post(event(sequence.getAndIncrement()));
                    (status == 200 ? accepted : refused).increment();
                }
                return null;
            }));
        }
        for (java.util.concurrent.Future<?> f : done) {
            f.get();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        if (refused.sum() > 0) {
            System.err.println("[intake] " + refused.sum() + " posts not answered 200 (intake full?)");
        }
        return accepted.sum() / elapsed;
    }

    interface Call {
        int post(byte[] body) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        boolean quick = false;
        Path out = null;
        for (String a : args) {
            if (a.equals("--quick")) {
                quick = true;
            } else if (a.startsWith("--out=")) {
                out = Path.of(a.substring("--out=".length()));
            }
        }
        double seconds = quick ? 1.5 : 5;
        int[] threadCounts = {1, 16};
        StringBuilder md = new StringBuilder();
        md.append("\n## Webhook intake throughput\n\n");
        md.append("Events per second accepted (answered 200) by `WebhookReceiver` with the `InMemoryWebhookIntake` "
                        + "(capacity 100000, 2 handler threads, a handler that does nothing), each event a distinct ~1 KiB "
                        + "`conversationFragment`; ")
                .append(seconds)
                .append(" s per figure after a warm-up of the same length. "
                        + "Repeat with `bash benchmark/run` (or alone: `java -cp \"benchmark/target/classes:$(cat "
                        + "benchmark/target/classpath.txt)\" io.github.conversations4j.benchmark.IntakeBench`).\n\n");
        md.append("| path | client threads | events/s accepted |\n|---|---|---|\n");

        LongAdder handled = new LongAdder();
        try (WebhookReceiver direct = receiver(handled)) {
            Call call = body -> direct.receive(TOKEN, body.length, new ByteArrayInputStream(body))
                    .status();
            run(4, seconds, call); // warm-up
            for (int threads : threadCounts) {
                double rate = run(threads, seconds, call);
                md.append(String.format(Locale.ROOT, "| receiver (no HTTP) | %d | %,.0f |%n", threads, rate));
                System.err.printf(Locale.ROOT, "[intake] receiver, %d threads: %,.0f events/s%n", threads, rate);
            }
        }

        try (WebhookReceiver overHttp = receiver(handled)) {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
            ExecutorService serverThreads = Executors.newFixedThreadPool(16);
            server.setExecutor(serverThreads);
            server.createContext("/brevo/webhook", exchange -> answer(overHttp, exchange));
            server.start();
            URL url = new URL("http://127.0.0.1:" + server.getAddress().getPort() + "/brevo/webhook?token=" + TOKEN);
            Call call = body -> {
                HttpURLConnection c = (HttpURLConnection) url.openConnection();
                c.setRequestMethod("POST");
                c.setDoOutput(true);
                c.setFixedLengthStreamingMode(body.length);
                c.setRequestProperty("Content-Type", "application/json");
                try (OutputStream o = c.getOutputStream()) {
                    o.write(body);
                }
                int status = c.getResponseCode();
                try (InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
                    if (in != null) {
                        in.readAllBytes(); // read to the end: the connection goes back to the keep-alive cache
                    }
                }
                return status;
            };
            run(4, seconds, call); // warm-up
            for (int threads : threadCounts) {
                double rate = run(threads, seconds, call);
                md.append(String.format(
                        Locale.ROOT, "| JDK HttpServer, loopback, keep-alive | %d | %,.0f |%n", threads, rate));
                System.err.printf(Locale.ROOT, "[intake] http, %d threads: %,.0f events/s%n", threads, rate);
            }
            server.stop(0);
            serverThreads.shutdown();
        }
        md.append(String.format(
                Locale.ROOT,
                "%nMachine: %d cores, %s %s.%n",
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name"),
                System.getProperty("java.version")));
        System.out.print(md);
        if (out != null) {
            Files.writeString(out, md, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }

    private static void answer(WebhookReceiver receiver, HttpExchange exchange) throws IOException {
        try (exchange) {
            String query = exchange.getRequestURI().getRawQuery();
            String token = query != null && query.startsWith("token=") ? query.substring(6) : null;
            String length = exchange.getRequestHeaders().getFirst("Content-Length");
            WebhookReceiver.Response r =
                    receiver.receive(token, length == null ? -1 : Long.parseLong(length), exchange.getRequestBody());
            if (r.retryAfterSeconds() > 0) {
                exchange.getResponseHeaders().set("Retry-After", Long.toString(r.retryAfterSeconds()));
            }
            exchange.sendResponseHeaders(r.status(), -1);
        }
    }
}
