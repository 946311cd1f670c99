package io.github.conversations4j.attack;

import static io.github.conversations4j.attack.Hostile.ascii;
import static io.github.conversations4j.attack.Hostile.body8;
import static io.github.conversations4j.attack.Hostile.builder;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.conversations4j.errors.BrevoException;
import io.github.conversations4j.api.ConversationsApi;
import java.io.BufferedInputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.time.Duration;
import java.util.concurrent.Callable;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/** Promise 5: an interrupt of the caller ends the call at once, with one of the SDK's own exceptions. */
class InterruptTest {
  static void interruptAfter(String what, Callable<?> call) throws Exception {
    Object[] result = new Object[1];
    long[] end = new long[1];
    Thread t = new Thread(() -> {
      try {
        result[0] = call.call();
      } catch (Throwable e) {
        result[0] = e;
      }
      end[0] = System.nanoTime();
    }, "attack-caller");
    t.setDaemon(true);
    t.start();
    Thread.sleep(500);
    long interruptedAt = System.nanoTime();
    t.interrupt();
    t.join(5000);
    String stacks = t.isAlive() ? Hostile.stacks("attack-caller", "conversations4j-watchdog") : "";
    long ms = t.isAlive() ? -1 : (end[0] - interruptedAt) / 1_000_000;
    System.out.println("[Interrupt] " + what + ": " + (t.isAlive() ? "STILL BLOCKED 5 s after the interrupt\n"
        + stacks : result[0] + " " + ms + " ms after the interrupt"));
    if (t.isAlive()) {
      fail(what + ": still blocked 5 s after the interrupt");
    }
    assertTrue(ms < 1000, what + ": " + ms + " ms");
    assertTrue(result[0] instanceof BrevoException, what + ": " + result[0]);
  }

  static ConversationsApi api(String base, java.util.function.UnaryOperator<
      io.github.conversations4j.BrevoConversations.Builder> c) {
    return c.apply(builder(base).readTimeout(Duration.ofSeconds(20)).writeTimeout(Duration.ofSeconds(20))
        .connectTimeout(Duration.ofSeconds(20)).callTimeout(Duration.ofSeconds(30))).build();
  }

  @Test
  void plainRead() throws Exception {
    try (Hostile.Server server = Hostile.Server.start((s, n, srv) -> {
      srv.read(new BufferedInputStream(s.getInputStream()), n);
      Thread.sleep(30_000);
    })) {
      ConversationsApi api = api(server.base(), b -> b);
      interruptAfter("plain read", () -> api.conversationsMessagesIdGet("x"));
    }
  }

  @Test
  void plainWriteNeverRead() throws Exception {
    try (Hostile.Server server = Hostile.Server.start((s, n, srv) -> Thread.sleep(30_000))) {
      ConversationsApi api = api(server.base(), b -> b);
      String big = "x".repeat(48 * 1024 * 1024);
      interruptAfter("plain write never read", () -> api.conversationsMessagesPost(body8(big)));
    }
  }

  @Test
  void tlsHandshake() throws Exception {
    try (Hostile.Server server = Hostile.Server.start((s, n, srv) -> Thread.sleep(30_000))) {
      ConversationsApi api = api("https://127.0.0.1:" + server.port() + "/v3",
          b -> b.sslSocketFactory(TlsHandshakeDripTest.factory()));
      interruptAfter("TLS handshake never answered", () -> api.conversationsMessagesIdGet("x"));
    }
  }

  @Test
  void tlsRead() throws Exception {
    try (Hostile.Server server = Hostile.Server.startTls(Hostile.serverTls(), (s, n, srv) -> {
      ((SSLSocket) s).startHandshake();
      srv.read(new BufferedInputStream(s.getInputStream()), n);
      Thread.sleep(30_000);
    })) {
      ConversationsApi api = api(server.tlsBase(), b -> b.sslSocketFactory(TlsHandshakeDripTest.factory()));
      interruptAfter("TLS read", () -> api.conversationsMessagesIdGet("x"));
    }
  }

  @Test
  void tlsWriteNeverRead() throws Exception {
    try (Hostile.Server server = Hostile.Server.startTls(Hostile.serverTls(), (s, n, srv) -> {
      ((SSLSocket) s).startHandshake();
      Thread.sleep(30_000);
    })) {
      ConversationsApi api = api(server.tlsBase(), b -> b.sslSocketFactory(TlsHandshakeDripTest.factory()));
      String big = "x".repeat(48 * 1024 * 1024);
      interruptAfter("TLS write never read", () -> api.conversationsMessagesPost(body8(big)));
    }
  }

  @Test
  void permitWait() throws Exception {
    try (Hostile.Server server = Hostile.Server.start((s, n, srv) -> {
      srv.read(new BufferedInputStream(s.getInputStream()), n);
      Thread.sleep(30_000);
    })) {
      ConversationsApi api = api(server.base(), b -> b.maxConnectionsPerHost(1));
      Thread holder = new Thread(() -> {
        try {
          api.conversationsMessagesIdGet("holder");
        } catch (RuntimeException ignored) {
          // ends when the server closes
        }
      });
      holder.setDaemon(true);
      holder.start();
      Thread.sleep(200);
      interruptAfter("waiting for a permit", () -> api.conversationsMessagesIdGet("x"));
    }
  }

  @Test
  void connectTunnel() throws Exception {
    try (Hostile.Server proxy = Hostile.Server.start((s, n, srv) -> {
      Hostile.line(s.getInputStream());
      OutputStream out = s.getOutputStream();
      out.write(ascii("HTTP/1.1 200 OK\r\n"));
      out.flush();
      Thread.sleep(30_000);
    })) {
      ConversationsApi api = api("https://127.0.0.1:1/v3", b -> b.sslSocketFactory(TlsHandshakeDripTest.factory())
          .proxy(new Proxy(Proxy.Type.HTTP, new InetSocketAddress("127.0.0.1", proxy.port()))));
      interruptAfter("CONNECT answer never finished", () -> api.conversationsMessagesIdGet("x"));
    }
  }

  @Test
  void alreadyInterrupted() throws Exception {
    try (Hostile.Server server = Hostile.Server.start((s, n, srv) -> {
      srv.read(new BufferedInputStream(s.getInputStream()), n);
      Thread.sleep(30_000);
    })) {
      ConversationsApi api = api(server.base(), b -> b);
      Hostile.Outcome o = Hostile.timed(5000, () -> {
        Thread.currentThread().interrupt();
        return api.conversationsMessagesPost(body8("x"));
      });
      Thread.sleep(200);
      System.out.println("[Interrupt] caller interrupted before the call: " + o + "; server got " + server.sends()
          + " sends");
      assertTrue(o.error() instanceof BrevoException, o.toString());
      assertTrue(o.millis() < 1000, o.toString());
    }
  }
}
