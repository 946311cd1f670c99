package io.github.conversations4j.transport;

import static io.github.conversations4j.transport.Hostile.api;
import static io.github.conversations4j.transport.Hostile.concat;
import static io.github.conversations4j.transport.Hostile.ok;
import static io.github.conversations4j.transport.Hostile.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.conversations4j.api.ConversationsApi;
import io.github.conversations4j.errors.BrevoException;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/** Promise 1 over TLS: stray bytes in the same record, in a second record, or later. */
class TlsStrayTest {
    @Test
    void strayOverTls() throws Exception {
        for (String mode : new String[] {"same record", "second record", "50 ms later", "none"}) {
            AtomicInteger count = new AtomicInteger();
            CountDownLatch firstWritten = new CountDownLatch(1);
            try (Hostile.Server server = Hostile.Server.startTls(Hostile.serverTls(), (s, n, srv) -> {
                ((SSLSocket) s).startHandshake();
                InputStream in = new BufferedInputStream(s.getInputStream());
                OutputStream out = s.getOutputStream();
                Hostile.Req r;
                while ((r = srv.read(in, n)) != null) {
                    byte[] own = ok(Hostile.idOf(r));
                    if (count.incrementAndGet() == 1) {
                        try {
                            switch (mode) {
                                case "same record":
                                    write(out, concat(own, ok("evil")));
                                    break;
                                case "second record":
                                    out.write(own);
                                    out.write(ok("evil"));
                                    out.flush();
                                    break;
                                case "50 ms later":
                                    write(out, own);
                                    Thread.sleep(50); // deliberate stall: the stray comes late
                                    write(out, ok("evil"));
                                    break;
                                default:
                                    write(out, own);
                            }
                        } finally {
                            firstWritten.countDown();
                        }
                    } else {
                        write(out, own);
                    }
                }
            })) {
                ConversationsApi api = api(server.tlsBase(), b -> b.sslSocketFactory(TlsHandshakeDripTest.factory()));
                try {
                    api.conversationsMessagesIdGet("first");
                } catch (BrevoException e) {
                    // only the next calls matter
                }
                // Every stray record is written (on loopback: arrived) before the next call starts.
                assertTrue(
                        firstWritten.await(20, TimeUnit.SECONDS),
                        mode + ": the server never finished its first answer");
                Thread.sleep(
                        50); // deliberate stall: the stray bytes sit on the idle pooled connection, noticed by nobody
                for (int i = 0; i < 5; i++) {
                    assertEquals(
                            "n" + i, api.conversationsMessagesIdGet("n" + i).getId(), mode);
                }
                System.out.println(
                        "[TlsStray] " + mode + ": ok, " + server.connections.get() + " connections for 6 calls");
            }
        }
    }
}
