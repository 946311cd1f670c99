package io.github.conversations4j.attack;

import static io.github.conversations4j.attack.Hostile.api;
import static io.github.conversations4j.attack.Hostile.body8;
import static io.github.conversations4j.attack.Hostile.timed;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.conversations4j.errors.BrevoConnectionException;
import io.github.conversations4j.api.ConversationsApi;
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
    try (Hostile.Server neverReads = Hostile.Server.startTls(Hostile.serverTls(), (s, n, srv) -> {
      ((SSLSocket) s).startHandshake();
      Thread.sleep(60_000); // never reads
    })) {
      ConversationsApi api = api(neverReads.tlsBase(), b -> b.sslSocketFactory(uncheckedClientFactory())
          .writeTimeout(Duration.ofMillis(1000)).callTimeout(Duration.ofMillis(2000)));
      String big = "x".repeat(48 * 1024 * 1024);
      Hostile.Outcome first = timed(12_000, () -> api.conversationsMessagesPost(body8(big)));
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
          Thread.sleep(200);
          out.write(2);
          out.flush();
        }
      })) {
        ConversationsApi other = api("https://127.0.0.1:" + drips.port() + "/v3",
            b -> b.sslSocketFactory(uncheckedClientFactory()).connectTimeout(Duration.ofSeconds(1))
                .callTimeout(Duration.ofMillis(1500)));
        Hostile.Outcome second = timed(8_000, () -> other.conversationsMessagesIdGet("abc"));
        System.out.println("[TlsWriteHang] then a handshake-dripping server, callTimeout 1.5 s: " + second);
        assertFalse(first.hung(), "send to a never-reading TLS server: " + first);
        assertTrue(first.millis() < 3000, first.toString());
        assertTrue(first.error() instanceof BrevoConnectionException
            && ((BrevoConnectionException) first.error()).isTimeout(), first.toString());
        assertFalse(second.hung(), "unrelated TLS call after the first: " + second);
        assertTrue(second.millis() < 2500, second.toString());
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
