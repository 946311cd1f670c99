package io.github.conversations4j.transport;

import static io.github.conversations4j.transport.Hostile.api;
import static io.github.conversations4j.transport.Hostile.body8;
import static io.github.conversations4j.transport.Hostile.write;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.conversations4j.api.ConversationsApi;
import io.github.conversations4j.errors.BrevoConnectionException;
import io.github.conversations4j.errors.BrevoException;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import org.junit.jupiter.api.Test;

/**
 * Promise 2. On a pooled connection the server READS the whole send (and so may act on it), then half-closes
 * (FIN) and aborts (RST) without answering: a server or load balancer giving up on a request it already took.
 * The client reads EOF with no response byte, writes its "probe" CRLF, which fails because the RST is already
 * there, calls that proof that the request was never read (Connection.provablyUnread), and writes the send again
 * on a new connection (Http11Client.exchange, the Unread path), with RetryPolicy.none().
 */
class UnreadResendTest {
    @Test
    void aSendTheServerReadIsWrittenAgain() throws Exception {
        for (int round = 0; round < 5; round++) {
            try (Hostile.Server server = Hostile.Server.start((s, n, srv) -> {
                InputStream in = new BufferedInputStream(s.getInputStream());
                OutputStream out = s.getOutputStream();
                Hostile.Req r;
                while ((r = srv.read(in, n)) != null) {
                    if (r.method().equals("POST") && n == 1) {
                        // took the send, then gives up on it: FIN, then RST
                        s.shutdownOutput();
                        s.setSoLinger(true, 0);
                        s.close();
                        return;
                    }
                    write(out, Hostile.ok(Hostile.idOf(r)));
                }
            })) {
                ConversationsApi api = api(server.base(), b -> {});
                api.conversationsMessagesIdGet("warm"); // pools connection 1
                String outcome;
                try {
                    api.conversationsMessagesPost(body8("pay 100 EUR"));
                    outcome = "call SUCCEEDED";
                } catch (BrevoConnectionException e) {
                    outcome = "BrevoConnectionException mayHaveReachedServer=" + e.mayHaveReachedServer() + ": "
                            + e.getMessage();
                } catch (BrevoException e) {
                    outcome = e.toString();
                }
                // A quiet period before a check that something did NOT happen (a second send); nothing can signal
                // an absence. A longer one only makes the check stricter; a loaded machine cannot make it fail.
                Thread.sleep(100);
                System.out.println("[UnreadResend] round " + round + ": server received the send " + server.sends()
                        + " time(s) on " + server.connections.get() + " connections; client: " + outcome);
                assertEquals(
                        1,
                        server.sends(),
                        "the send reached the server more than once with RetryPolicy.none(); " + "client: " + outcome);
            }
        }
    }

    /**
     * The same, but the server stops listening after it took the send: the re-send cannot connect, and the call
     * fails with mayHaveReachedServer() == false although the server holds the send.
     */
    @Test
    void aSendTheServerReadIsReportedAsNeverSent() throws Exception {
        Hostile.Server[] self = new Hostile.Server[1];
        try (Hostile.Server server = Hostile.Server.start((s, n, srv) -> {
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            Hostile.Req r;
            while ((r = srv.read(in, n)) != null) {
                if (r.method().equals("POST")) {
                    srv.listener.close(); // no new connections from now on
                    s.shutdownOutput();
                    s.setSoLinger(true, 0);
                    s.close();
                    return;
                }
                write(out, Hostile.ok(Hostile.idOf(r)));
            }
        })) {
            self[0] = server;
            ConversationsApi api = api(server.base(), b -> {});
            api.conversationsMessagesIdGet("warm");
            BrevoConnectionException e = org.junit.jupiter.api.Assertions.assertThrows(
                    BrevoConnectionException.class, () -> api.conversationsMessagesPost(body8("pay 100 EUR")));
            // A quiet period before a check that something did NOT happen (a second send); nothing can signal
            // an absence. A longer one only makes the check stricter; a loaded machine cannot make it fail.
            Thread.sleep(100);
            System.out.println("[UnreadResend] server stopped listening: server holds " + server.sends()
                    + " send(s); client: mayHaveReachedServer=" + e.mayHaveReachedServer() + ": " + e.getMessage());
            org.junit.jupiter.api.Assertions.assertTrue(
                    server.sends() == 0 || e.mayHaveReachedServer(),
                    "the server received the send, the client says it did not reach the server: " + e.getMessage());
        }
    }

    /** Controls: a server that took the send and closes normally (FIN), or aborts (RST only). */
    @Test
    void controlsAreAmbiguousAndNotResent() throws Exception {
        for (String how : new String[] {"fin", "rst"}) {
            try (Hostile.Server server = Hostile.Server.start((s, n, srv) -> {
                InputStream in = new BufferedInputStream(s.getInputStream());
                OutputStream out = s.getOutputStream();
                Hostile.Req r;
                while ((r = srv.read(in, n)) != null) {
                    if (r.method().equals("POST") && n == 1) {
                        if (how.equals("rst")) {
                            s.setSoLinger(true, 0);
                        }
                        s.close();
                        return;
                    }
                    write(out, Hostile.ok(Hostile.idOf(r)));
                }
            })) {
                ConversationsApi api = api(server.base(), b -> {});
                api.conversationsMessagesIdGet("warm");
                BrevoConnectionException e = org.junit.jupiter.api.Assertions.assertThrows(
                        BrevoConnectionException.class, () -> api.conversationsMessagesPost(body8("pay 100 EUR")));
                // A quiet period before a check that something did NOT happen (a second send); nothing can signal
                // an absence. A longer one only makes the check stricter; a loaded machine cannot make it fail.
                Thread.sleep(100);
                System.out.println("[UnreadResend] control " + how + ": sends " + server.sends()
                        + ", mayHaveReachedServer=" + e.mayHaveReachedServer());
                assertEquals(1, server.sends());
                org.junit.jupiter.api.Assertions.assertTrue(e.mayHaveReachedServer());
            }
        }
    }

    /** The same over TLS: close_notify and FIN, then RST, after the server read the send. */
    @Test
    void overTlsToo() throws Exception {
        try (Hostile.Server server = Hostile.Server.startTls(Hostile.serverTls(), (s, n, srv) -> {
            ((javax.net.ssl.SSLSocket) s).startHandshake();
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            Hostile.Req r;
            while ((r = srv.read(in, n)) != null) {
                if (r.method().equals("POST") && n == 1) {
                    s.shutdownOutput();
                    s.setSoLinger(true, 0);
                    s.close();
                    return;
                }
                write(out, Hostile.ok(Hostile.idOf(r)));
            }
        })) {
            ConversationsApi api = api(server.tlsBase(), b -> b.sslSocketFactory(TlsHandshakeDripTest.factory()));
            api.conversationsMessagesIdGet("warm");
            String outcome;
            try {
                api.conversationsMessagesPost(body8("pay 100 EUR"));
                outcome = "call SUCCEEDED";
            } catch (BrevoConnectionException e) {
                outcome = "mayHaveReachedServer=" + e.mayHaveReachedServer() + ": " + e.getMessage();
            }
            // A quiet period before a check that something did NOT happen (a second send); nothing can signal
            // an absence. A longer one only makes the check stricter; a loaded machine cannot make it fail.
            Thread.sleep(100);
            System.out.println(
                    "[UnreadResend] TLS: server received the send " + server.sends() + " time(s); client: " + outcome);
            assertEquals(1, server.sends(), "TLS: the send reached the server twice; client: " + outcome);
        }
    }
}
