package io.github.conversations4j.transport;

import static io.github.conversations4j.transport.Hostile.api;
import static io.github.conversations4j.transport.Hostile.body8;
import static io.github.conversations4j.transport.Hostile.timed;

import io.github.conversations4j.api.ConversationsApi;
import io.github.conversations4j.model.Body8;
import java.io.OutputStream;
import java.time.Duration;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/**
 * Promise 3: a TLS server that completes the handshake and then never reads. The request body is larger than the
 * loopback socket buffers, so the caller blocks inside SSLSocket's write, holding its record lock. The watchdog
 * then calls Connection.close(), which calls SSLSocket.close() first: that waits for the same lock (SO_LINGER is
 * unset) before it would ever reach channel.close(). The watchdog thread, one for the whole JVM, is stuck, so
 * every later TLS deadline of every client in the JVM is gone too.
 */
class TlsWriteHangTest {
    @Test
    void tlsServerThatNeverReadsBlocksPastCallTimeoutAndKillsTheWatchdog() throws Exception {
        Hostile.CallClock clock = new Hostile.CallClock();
        Duration callTimeout = Duration.ofMillis(2000);
        // A 4 KiB receive buffer on the server's side: 8 MB are more than the way to it holds.
        Body8 big = body8("x".repeat(8 * 1024 * 1024));
        try (Hostile.Server neverReads = Hostile.Server.startTls(Hostile.serverTls(), 4096, (s, n, srv) -> {
            ((SSLSocket) s).startHandshake();
            Thread.sleep(60_000); // deliberate stall: never reads
        })) {
            ConversationsApi api = api(
                    neverReads.tlsBase(),
                    b -> b.sslSocketFactory(uncheckedClientFactory())
                            .writeTimeout(Duration.ofMillis(1000))
                            .callTimeout(callTimeout)
                            .sleeper(clock));
            Hostile.Outcome first = timed(
                    callTimeout.plus(Hostile.SLACK).toMillis() + 15_000, () -> api.conversationsMessagesPost(big));
            System.out.println("[TlsWriteHang] never-reading TLS server, callTimeout 2 s: " + first);
            System.out.println(Hostile.stacks("attack-caller", "conversations4j-watchdog"));

            // A second, unrelated client: a TLS server that drips its handshake (a 16 KB record, one byte per 200 ms).
            // Only the watchdog can end that handshake.
            try (Hostile.Server drips = Hostile.Server.start((s, n, srv) -> {
                s.getInputStream().read(new byte[4096]); // the ClientHello
                OutputStream out = s.getOutputStream();
                out.write(new byte[] {0x16, 0x03, 0x03, 0x40, 0x00});
                out.flush();
                for (int i = 0; i < 200; i++) {
                    Thread.sleep(200); // deliberate stall: the drip under test
                    out.write(2);
                    out.flush();
                }
            })) {
                Duration otherTimeout = Duration.ofMillis(1500);
                ConversationsApi other = api(
                        "https://127.0.0.1:" + drips.port() + "/v3",
                        b -> b.sslSocketFactory(uncheckedClientFactory())
                                .connectTimeout(Duration.ofSeconds(1))
                                .callTimeout(otherTimeout)
                                .sleeper(clock));
                Hostile.Outcome second = timed(
                        otherTimeout.plus(Hostile.SLACK).toMillis() + 15_000,
                        () -> other.conversationsMessagesIdGet("abc"));
                System.out.println("[TlsWriteHang] then a handshake-dripping server, callTimeout 1.5 s: " + second);
                // The write timeout (1 s) or the call timeout ends the blocked write: no earlier than the first.
                Hostile.assertTimedOut(
                        "send to a never-reading TLS server", first, clock, Duration.ofMillis(1000), callTimeout);
                // The 1 s connect timeout bounds the handshake: only a working watchdog ends it.
                Hostile.assertTimedOut(
                        "unrelated TLS call after the first", second, clock, Duration.ofMillis(1000), otherTimeout);
            }
        }
    }

    private static javax.net.ssl.SSLSocketFactory uncheckedClientFactory() {
        try {
            return Hostile.clientTls().getSocketFactory();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
