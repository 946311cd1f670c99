package io.github.conversations4j.transport;

import static io.github.conversations4j.transport.Hostile.api;
import static io.github.conversations4j.transport.Hostile.timed;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.conversations4j.api.ConversationsApi;
import io.github.conversations4j.errors.BrevoConnectionException;
import java.io.OutputStream;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Promise 3 on its own: a server that drips its TLS handshake is stopped by the call timeout. */
class TlsHandshakeDripTest {
    @Test
    void drippedHandshakeEndsAtCallTimeout() throws Exception {
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
            Hostile.CallClock clock = new Hostile.CallClock();
            Duration callTimeout = Duration.ofMillis(1500);
            ConversationsApi api = api(
                    "https://127.0.0.1:" + drips.port() + "/v3",
                    b -> b.sslSocketFactory(factory())
                            .connectTimeout(Duration.ofSeconds(5))
                            .callTimeout(callTimeout)
                            .sleeper(clock));
            Hostile.Outcome o = timed(
                    callTimeout.plus(Hostile.SLACK).toMillis() + 15_000, () -> api.conversationsMessagesIdGet("abc"));
            System.out.println("[TlsHandshakeDrip] " + o);
            BrevoConnectionException e =
                    Hostile.assertTimedOut("a dripped handshake", o, clock, callTimeout, callTimeout);
            assertTrue(
                    e.getMessage().contains(Hostile.callTimeoutText(callTimeout) + " reached during the TLS handshake"),
                    o.toString());
            assertFalse(e.mayHaveReachedServer(), o.toString());
        }
    }

    static javax.net.ssl.SSLSocketFactory factory() {
        try {
            return Hostile.clientTls().getSocketFactory();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
