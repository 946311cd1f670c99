package io.github.conversations4j.transport;

import static io.github.conversations4j.transport.Hostile.ascii;
import static io.github.conversations4j.transport.Hostile.body8;
import static io.github.conversations4j.transport.Hostile.builder;
import static io.github.conversations4j.transport.Hostile.timed;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.conversations4j.BrevoConversations;
import io.github.conversations4j.RetryPolicy;
import io.github.conversations4j.Sleeper;
import io.github.conversations4j.api.ConversationsApi;
import io.github.conversations4j.errors.BrevoConnectionException;
import io.github.conversations4j.model.Body8;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Function;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/**
 * Promise 3: whatever the server does, no call blocks past callTimeout, and it ends as a timeout. Each call is
 * timed from the moment the SDK started its clock (read through the {@link Sleeper} seam): it must end no
 * earlier than its deadline and no later than {@link Hostile#SLACK} after it, which a loaded machine gives.
 */
// Cases run side by side (junit-platform.properties): each waits seconds on a server of its own, nearly idle.
@org.junit.jupiter.api.parallel.Execution(org.junit.jupiter.api.parallel.ExecutionMode.CONCURRENT)
class DeadlineTest {
    static final long CALL = 700;
    static final Duration CALL_TIMEOUT = Duration.ofMillis(CALL);

    /** The SDK's clock for this test's calls (a new test instance per test). */
    final Hostile.CallClock clock = new Hostile.CallClock();

    /** Writes {@code prefix} at once, then {@code drip} one byte every 250 ms (under the 2 s read timeout). */
    static Hostile.ConnHandler drip(String prefix, String drip) {
        return (s, n, srv) -> {
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            if (srv.read(in, n) == null) {
                return;
            }
            out.write(ascii(prefix));
            out.flush();
            for (int i = 0; i < 200; i++) {
                Thread.sleep(250); // deliberate stall: the drip under test
                out.write(drip.charAt(i % drip.length()));
                out.flush();
            }
        };
    }

    /** The call ends at its call timeout, a timeout whose message says so. */
    BrevoConnectionException expectTimeout(String what, Callable<?> call, boolean sentCouldHaveArrived)
            throws Exception {
        return expectTimeout(what, call, sentCouldHaveArrived, CALL_TIMEOUT, CALL_TIMEOUT);
    }

    BrevoConnectionException expectTimeout(
            String what, Callable<?> call, boolean sentCouldHaveArrived, Duration atLeast, Duration callTimeout)
            throws Exception {
        Hostile.Outcome o = timed(callTimeout.plus(Hostile.SLACK).toMillis() + 15_000, call);
        System.out.println("[Deadline] " + what + ": " + o);
        BrevoConnectionException e = Hostile.assertTimedOut(what, o, clock, atLeast, callTimeout);
        if (atLeast.equals(callTimeout)) {
            assertTrue(e.getMessage().contains(Hostile.callTimeoutText(callTimeout)), what + ": " + o);
        }
        if (!sentCouldHaveArrived) {
            assertFalse(e.mayHaveReachedServer(), what + ": " + o);
        }
        return e;
    }

    ConversationsApi api(String base, Function<BrevoConversations.Builder, BrevoConversations.Builder> c) {
        return c.apply(builder(base)
                        .readTimeout(Duration.ofSeconds(2))
                        .callTimeout(CALL_TIMEOUT)
                        .sleeper(clock))
                .build();
    }

    void plain(String what, Hostile.ConnHandler h) throws Exception {
        try (Hostile.Server server = Hostile.Server.start(h)) {
            ConversationsApi api = api(server.base(), b -> b);
            expectTimeout(what, () -> api.conversationsMessagesIdGet("x"), true);
        }
    }

    @Test
    void dripHead() throws Exception {
        plain("drip the head", drip("HTTP/1.1 200 OK\r\n", "X-A: a\r\n"));
    }

    @Test
    void dripStatusLine() throws Exception {
        plain("drip the status line", drip("", "HTTP/1.1 200 OK"));
    }

    @Test
    void dripBody() throws Exception {
        plain("drip the body", drip("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n", "{"));
    }

    @Test
    void dripChunkLines() throws Exception {
        plain("drip chunk lines", drip("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", "1\r\n \r\n"));
    }

    @Test
    void dripTrailers() throws Exception {
        plain(
                "drip trailers",
                drip("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n", "X-T: t\r\n"));
    }

    @Test
    void drip1xxForever() throws Exception {
        plain("drip 100 Continue forever", drip("", "HTTP/1.1 100 Continue\r\n\r\n"));
    }

    @Test
    void dripUntilCloseBody() throws Exception {
        plain("drip a body without length", drip("HTTP/1.1 200 OK\r\n\r\n", "{"));
    }

    @Test
    void neverAnswers() throws Exception {
        plain("never answers", (s, n, srv) -> {
            srv.read(new BufferedInputStream(s.getInputStream()), n);
            Thread.sleep(30_000); // deliberate stall: a server that never answers
        });
    }

    @Test
    void dripWithRetries() throws Exception {
        try (Hostile.Server server = Hostile.Server.start(drip("HTTP/1.1 200 OK\r\n", "X-A: a\r\n"))) {
            ConversationsApi api = api(
                    server.base(),
                    b -> b.retryPolicy(RetryPolicy.defaults().withBackoff(Duration.ofMillis(10), Duration.ofMillis(20)))
                            .readTimeout(Duration.ofMillis(400)));
            // The last attempt may end at its own 400 ms read timeout when no retry fits before the deadline.
            expectTimeout(
                    "retried GET on a server that drips",
                    () -> api.conversationsMessagesIdGet("x"),
                    true,
                    Duration.ofMillis(400),
                    CALL_TIMEOUT);
        }
    }

    @Test
    void neverReadsPlain() throws Exception {
        // A 4 KiB receive buffer on the server's side: 8 MB fill the way long before they are written. The SDK
        // encodes the body inside the call (more than 3 s with six busy loops on 2 cores, cold), so this call has
        // 8 s: enough to reach the blocked write whose deadline this is about.
        Duration callTimeout = Duration.ofSeconds(8);
        Body8 big = body8("x".repeat(8 * 1024 * 1024));
        // Deliberate stall: a server that never reads nor answers.
        try (Hostile.Server server = Hostile.Server.start(4096, (s, n, srv) -> Thread.sleep(30_000))) {
            ConversationsApi api = api(
                    server.base(), b -> b.writeTimeout(Duration.ofSeconds(20)).callTimeout(callTimeout));
            BrevoConnectionException e = expectTimeout(
                    "plain server never reads an 8 MB send",
                    () -> api.conversationsMessagesPost(big),
                    false,
                    callTimeout,
                    callTimeout);
            assertTrue(e.getMessage().contains("writing the request"), "not the blocked write: " + e.getMessage());
        }
    }

    @Test
    void tlsAcceptedNeverAnswered() throws Exception {
        // Deliberate stall: a server that never answers.
        try (Hostile.Server server = Hostile.Server.start((s, n, srv) -> Thread.sleep(30_000))) {
            ConversationsApi api = api(
                    "https://127.0.0.1:" + server.port() + "/v3",
                    b -> b.sslSocketFactory(TlsHandshakeDripTest.factory()).connectTimeout(Duration.ofSeconds(20)));
            expectTimeout("TCP accepted, TLS never answered", () -> api.conversationsMessagesIdGet("x"), false);
        }
    }

    @Test
    void tlsAppRecordsDripped() throws Exception {
        try (Hostile.Server server = Hostile.Server.startTls(Hostile.serverTls(), (s, n, srv) -> {
            ((SSLSocket) s).startHandshake();
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            srv.read(in, n);
            out.write(ascii("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n"));
            out.flush();
            for (int i = 0; i < 200; i++) {
                Thread.sleep(250); // deliberate stall: the drip under test
                out.write('{');
                out.flush(); // each byte its own TLS record
            }
        })) {
            ConversationsApi api = api(server.tlsBase(), b -> b.sslSocketFactory(TlsHandshakeDripTest.factory()));
            expectTimeout("TLS body dripped one record per byte", () -> api.conversationsMessagesIdGet("x"), true);
        }
    }

    /**
     * A TCP relay in front of a TLS server: passes everything at once until the client has sent more than 4 KiB
     * (its request), then drips the server's bytes one per 250 ms, so one TLS record takes minutes to arrive.
     */
    @Test
    void tlsRecordDrippedByRelay() throws Exception {
        try (Hostile.Server tls = Hostile.Server.startTls(Hostile.serverTls(), (s, n, srv) -> {
                    InputStream in = new BufferedInputStream(s.getInputStream());
                    OutputStream out = s.getOutputStream();
                    Hostile.Req r;
                    while ((r = srv.read(in, n)) != null) {
                        Hostile.write(out, Hostile.ok(Hostile.idOf(r)));
                    }
                });
                Hostile.Server relay = Hostile.Server.start((client, n, srv) -> {
                    try (Socket upstream = new Socket()) {
                        upstream.connect(new InetSocketAddress("127.0.0.1", tls.port()), 2000);
                        long[] up = {0};
                        Thread pump = new Thread(
                                () -> {
                                    try {
                                        InputStream in = client.getInputStream();
                                        OutputStream out = upstream.getOutputStream();
                                        byte[] buf = new byte[8192];
                                        int k;
                                        while ((k = in.read(buf)) > 0) {
                                            synchronized (up) {
                                                up[0] += k;
                                            }
                                            out.write(buf, 0, k);
                                            out.flush();
                                        }
                                    } catch (Exception ignored) {
                                        // done
                                    }
                                },
                                "relay-up");
                        pump.setDaemon(true);
                        pump.start();
                        InputStream in = upstream.getInputStream();
                        OutputStream out = client.getOutputStream();
                        int b;
                        for (int i = 0; i < 100_000 && (b = in.read()) >= 0; i++) {
                            long sent;
                            synchronized (up) {
                                sent = up[0];
                            }
                            if (sent > 4096) {
                                Thread.sleep(250); // deliberate stall: the drip under test
                            }
                            out.write(b);
                            out.flush();
                        }
                    }
                })) {
            ConversationsApi api = api(
                    "https://127.0.0.1:" + relay.port() + "/v3",
                    b -> b.sslSocketFactory(TlsHandshakeDripTest.factory()));
            String text = "y".repeat(8000);
            expectTimeout(
                    "TLS record dripped at the TCP level", () -> api.conversationsMessagesPost(body8(text)), true);
        }
    }

    @Test
    void connectProxyNeverAnswers() throws Exception {
        try (Hostile.Server proxy = Hostile.Server.start((s, n, srv) -> {
            Hostile.line(s.getInputStream());
            Thread.sleep(30_000); // deliberate stall: a server that never answers
        })) {
            ConversationsApi api = api(
                    "https://127.0.0.1:1/v3",
                    b -> b.sslSocketFactory(TlsHandshakeDripTest.factory())
                            .proxy(new Proxy(Proxy.Type.HTTP, new InetSocketAddress("127.0.0.1", proxy.port())))
                            .connectTimeout(Duration.ofSeconds(20)));
            expectTimeout("CONNECT never answered", () -> api.conversationsMessagesPost(body8("hi")), false);
        }
    }

    @Test
    void connectProxyDrips() throws Exception {
        try (Hostile.Server proxy = Hostile.Server.start((s, n, srv) -> {
            InputStream in = new BufferedInputStream(s.getInputStream());
            String l;
            while ((l = Hostile.line(in)) != null && !l.isEmpty()) {
                // CONNECT head
            }
            OutputStream out = s.getOutputStream();
            out.write(ascii("HTTP/1.1 200 Connection established\r\n"));
            for (int i = 0; i < 200; i++) {
                out.write("X-A: a\r\n".charAt(i % 8));
                out.flush();
                Thread.sleep(250); // deliberate stall: the drip under test
            }
        })) {
            ConversationsApi api = api(
                    "https://127.0.0.1:1/v3",
                    b -> b.sslSocketFactory(TlsHandshakeDripTest.factory())
                            .proxy(new Proxy(Proxy.Type.HTTP, new InetSocketAddress("127.0.0.1", proxy.port())))
                            .connectTimeout(Duration.ofSeconds(20)));
            expectTimeout("CONNECT answer dripped", () -> api.conversationsMessagesPost(body8("hi")), false);
        }
    }

    @Test
    void socksProxyDrips() throws Exception {
        try (Hostile.Server proxy = Hostile.Server.start((s, n, srv) -> {
            InputStream in = s.getInputStream();
            in.readNBytes(3);
            OutputStream out = s.getOutputStream();
            out.write(new byte[] {5, 0});
            out.flush();
            in.read(new byte[300]);
            out.write(new byte[] {5, 0, 0, 3, (byte) 200});
            for (int i = 0; i < 200; i++) {
                out.write('a');
                out.flush();
                Thread.sleep(250); // deliberate stall: the drip under test
            }
        })) {
            ConversationsApi api = api(
                    "http://127.0.0.1:1/v3",
                    b -> b.proxy(new Proxy(Proxy.Type.SOCKS, new InetSocketAddress("127.0.0.1", proxy.port())))
                            .connectTimeout(Duration.ofSeconds(20)));
            expectTimeout("SOCKS reply dripped", () -> api.conversationsMessagesPost(body8("hi")), false);
        }
    }

    @Test
    void plainHttpProxyDrips() throws Exception {
        try (Hostile.Server proxy = Hostile.Server.start(drip("HTTP/1.1 200 OK\r\n", "X-A: a\r\n"))) {
            ConversationsApi api = api(
                    "http://127.0.0.1:1/v3",
                    b -> b.proxy(new Proxy(Proxy.Type.HTTP, new InetSocketAddress("127.0.0.1", proxy.port()))));
            expectTimeout("plain HTTP proxy drips", () -> api.conversationsMessagesIdGet("x"), true);
        }
    }

    @Test
    void connectionCapExhausted() throws Exception {
        Duration callTimeout = Duration.ofSeconds(4);
        try (Hostile.Server server = Hostile.Server.start((s, n, srv) -> {
            srv.read(new BufferedInputStream(s.getInputStream()), n);
            Thread.sleep(30_000); // deliberate stall: a server that never answers
        })) {
            ConversationsApi api = api(
                    server.base(),
                    b -> b.maxConnectionsPerHost(1)
                            .readTimeout(Duration.ofSeconds(20))
                            .callTimeout(callTimeout));
            Thread holder = new Thread(() -> {
                try {
                    api.conversationsMessagesIdGet("holder");
                } catch (RuntimeException e) {
                    // times out after 4 s
                }
            });
            holder.setDaemon(true);
            holder.start();
            Hostile.await("the holder's request at the server", () -> server.requests.size() == 1);
            Hostile.Outcome[] o = new Hostile.Outcome[1];
            Thread waiter = new Thread(() -> {
                try {
                    o[0] = timed(
                            callTimeout.plus(Hostile.SLACK).toMillis() + 15_000,
                            () -> api.conversationsMessagesPost(body8("waits for a permit")));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            waiter.start();
            // While the waiter waits for the one permit (its caller thread parked in the transport's acquire).
            Hostile.awaitParkedIn("attack-caller", "acquire");
            int midway = server.requests.size();
            waiter.join(callTimeout.plus(Hostile.SLACK).toMillis() + 20_000);
            System.out.println(
                    "[Deadline] connection cap 1: requests at the server midway " + midway + "; waiter " + o[0]);
            assertTrue(midway == 1, "cap of 1 not enforced: " + midway + " requests in flight");
            Hostile.assertTimedOut("a call waiting for a permit", o[0], clock, callTimeout, callTimeout);
            holder.join(callTimeout.plus(Hostile.SLACK).toMillis());
        }
    }
}
