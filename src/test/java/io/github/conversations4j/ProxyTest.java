package io.github.conversations4j;

import static io.github.conversations4j.testing.LoopbackServer.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.conversations4j.api.ConversationsApi;
import io.github.conversations4j.errors.BrevoConnectionException;
import io.github.conversations4j.testing.HttpProxy;
import io.github.conversations4j.testing.LoopbackServer;
import io.github.conversations4j.testing.LoopbackServer.Req;
import io.github.conversations4j.testing.Socks5Proxy;
import io.github.conversations4j.testing.TestTls;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Proxies: HTTP CONNECT for https origins, absolute-form requests for http origins, 407, the JVM's proxy
 * properties with {@code http.nonProxyHosts}, and SOCKS5 with and without user/password. The origin
 * {@code api.brevo.test} does not resolve on this machine: every proxy here relays to a loopback test server
 * whatever name it is asked for, so a client that resolved the name itself would fail.
 */
class ProxyTest {
    private static final String ORIGIN = "https://api.brevo.test/v3";
    private static final String MESSAGES = "/v3/conversations/messages";
    /** Base64 of {@code user:pa:ss}: a colon in the password is kept as is. */
    private static final String USER_PA_SS = "Basic dXNlcjpwYTpzcw==";

    /** A TLS origin with the test certificate (api.brevo.test, localhost, 127.0.0.1). */
    private static LoopbackServer origin() throws java.io.IOException {
        return LoopbackServer.https(TestTls.serverContext(), (conn, request) -> {
            conn.write(ok(request.method().equals("POST") ? request.text() : request.lastSegment()));
            return true;
        });
    }

    private static BrevoConversations.Builder builder(String baseUrl) {
        return BrevoConversations.builder()
                .apiKey("k")
                .baseUrl(baseUrl)
                .retryPolicy(RetryPolicy.none())
                .sslSocketFactory(TestTls.trustingSocketFactory())
                .callTimeout(Duration.ofSeconds(10));
    }

    private static List<String> originTargets(LoopbackServer origin) {
        return origin.requests().stream()
                .map(r -> r.method() + " " + r.target() + " Host=" + r.header("Host"))
                .collect(Collectors.toList());
    }

    // ---- (a) (b) CONNECT ----

    @Test
    void anHttpsOriginGoesThroughConnectNamingTheOriginAndItsCertificateIsCheckedAgainstTheOrigin() throws Exception {
        try (LoopbackServer origin = origin();
                HttpProxy proxy = HttpProxy.tunnelingTo(origin.address())) {
            ConversationsApi api = builder(ORIGIN).proxy(proxy.proxy()).build();

            assertEquals(
                    "via-proxy",
                    api.conversationsMessagesPost(Operations.body8().text("via-proxy"))
                            .getId());
            assertEquals("B", api.conversationsMessagesIdGet("B").getId());

            assertFalse(proxy.requests().isEmpty(), "nothing went through the proxy");
            for (Req connect : proxy.requests()) {
                assertEquals("CONNECT api.brevo.test:443 HTTP/1.1", connect.requestLine());
                assertNull(connect.header("Proxy-Authorization"), "credentials sent though none were set");
            }
            assertEquals(
                    List.of("POST " + MESSAGES + " Host=api.brevo.test", "GET " + MESSAGES + "/B Host=api.brevo.test"),
                    originTargets(origin));
        }
    }

    @Test
    void throughAProxyTheCertificateMustMatchTheOriginNotThePeer() throws Exception {
        try (LoopbackServer origin = origin();
                HttpProxy proxy = HttpProxy.tunnelingTo(origin.address())) {
            FakeSleeper sleeper = new FakeSleeper();
            // The tunnel reaches the same server, whose certificate does not name wrong.brevo.test.
            ConversationsApi api = builder("https://wrong.brevo.test/v3")
                    .proxy(proxy.proxy())
                    .retryPolicy(RetryPolicy.defaults())
                    .sleeper(sleeper)
                    .build();

            BrevoConnectionException e =
                    assertThrows(BrevoConnectionException.class, () -> api.conversationsMessagesIdGet("A"));

            assertFalse(e.mayHaveReachedServer(), e.getMessage());
            assertEquals(1, e.attempts(), "a certificate failure was retried");
            assertEquals(List.of("CONNECT wrong.brevo.test:443 HTTP/1.1"), proxy.requestLines());
            assertEquals(
                    List.of(), origin.requests(), "a request went to a server whose certificate names another host");
        }
    }

    @Test
    void proxyCredentialsGoOnConnectAndNotToTheOrigin() throws Exception {
        try (LoopbackServer origin = origin();
                HttpProxy proxy = HttpProxy.tunnelingTo(origin.address())) {
            ConversationsApi api = builder(ORIGIN)
                    .proxy(proxy.proxy())
                    .proxyCredentials("user", "pa:ss")
                    .build();

            assertEquals(
                    "authed",
                    api.conversationsMessagesPost(Operations.body8().text("authed"))
                            .getId());
            assertEquals("B", api.conversationsMessagesIdGet("B").getId());

            assertFalse(proxy.requests().isEmpty());
            for (Req connect : proxy.requests()) {
                assertEquals("CONNECT api.brevo.test:443 HTTP/1.1", connect.requestLine());
                assertEquals(USER_PA_SS, connect.header("Proxy-Authorization"));
            }
            assertEquals(2, origin.requests().size());
            for (Req request : origin.requests()) {
                assertNull(request.header("Proxy-Authorization"), "the proxy credentials went to the origin");
            }
        }
    }

    // ---- (c) 407 ----

    @Test
    void a407IsAConnectionFailureNamingTheProxyThatSentNothingAndNeverShowsThePassword() throws Exception {
        String password = "s3cr3t-PW";
        String basic = Base64.getEncoder().encodeToString(("user:" + password).getBytes(StandardCharsets.UTF_8));
        List<String> logLines = new ArrayList<>();
        Logger logger = Logger.getLogger("io.github.conversations4j");
        Level previous = logger.getLevel();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                StringWriter thrown = new StringWriter();
                if (record.getThrown() != null) {
                    record.getThrown().printStackTrace(new PrintWriter(thrown));
                }
                synchronized (logLines) {
                    logLines.add(record.getLevel() + " " + record.getMessage() + " " + thrown);
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        capture.setLevel(Level.ALL);
        logger.setLevel(Level.ALL);
        logger.addHandler(capture);
        try (LoopbackServer origin = origin();
                HttpProxy proxy = HttpProxy.demandingAuthentication()) {
            FakeSleeper sleeper = new FakeSleeper();
            ConversationsApi api = builder(ORIGIN)
                    .proxy(proxy.proxy())
                    .proxyCredentials("user", password)
                    .retryPolicy(RetryPolicy.defaults())
                    .sleeper(sleeper)
                    .build();

            BrevoConnectionException e = assertThrows(
                    BrevoConnectionException.class, () -> api.conversationsMessagesPost(Operations.body8()));

            assertFalse(e.mayHaveReachedServer(), e.getMessage());
            String message = e.getMessage();
            assertTrue(
                    message.contains("127.0.0.1:" + proxy.port()), "the message does not name the proxy: " + message);
            String lower = message.toLowerCase(Locale.ROOT);
            assertTrue(
                    lower.contains("did not reach") || lower.contains("nothing was sent") || lower.contains("not sent"),
                    "the message does not say that nothing was sent: " + message);
            assertFalse(proxy.requests().isEmpty());
            for (Req connect : proxy.requests()) {
                assertEquals("CONNECT api.brevo.test:443 HTTP/1.1", connect.requestLine());
                assertEquals("Basic " + basic, connect.header("Proxy-Authorization"));
            }
            assertEquals(0, origin.accepted(), "something reached the origin past a proxy that refused");

            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            List<String> texts = new ArrayList<>();
            texts.add(message);
            texts.add(e.toString());
            texts.add(trace.toString());
            synchronized (logLines) {
                texts.addAll(logLines);
            }
            for (String text : texts) {
                assertFalse(text.contains(password), "the proxy password leaked: " + text);
                assertFalse(text.contains(basic), "the proxy credentials leaked: " + text);
            }
        } finally {
            logger.removeHandler(capture);
            logger.setLevel(previous);
        }
    }

    // ---- (d) (e) the JVM's proxy properties ----

    private static final List<String> PROXY_PROPERTIES = List.of(
            "https.proxyHost",
            "https.proxyPort",
            "http.proxyHost",
            "http.proxyPort",
            "http.nonProxyHosts",
            "socksProxyHost",
            "socksProxyPort");

    private static Map<String, String> saveProxyProperties() {
        Map<String, String> saved = new HashMap<>();
        for (String name : PROXY_PROPERTIES) {
            saved.put(name, System.getProperty(name));
            System.clearProperty(name);
        }
        return saved;
    }

    private static void restore(Map<String, String> saved) {
        saved.forEach((name, value) -> {
            if (value == null) {
                System.clearProperty(name);
            } else {
                System.setProperty(name, value);
            }
        });
    }

    @Test
    void withoutAnExplicitProxyTheJvmsHttpsProxyPropertiesAreUsed() throws Exception {
        Map<String, String> saved = saveProxyProperties();
        try (LoopbackServer origin = origin();
                HttpProxy proxy = HttpProxy.tunnelingTo(origin.address())) {
            System.setProperty("https.proxyHost", "127.0.0.1");
            System.setProperty("https.proxyPort", Integer.toString(proxy.port()));
            ConversationsApi api = builder(ORIGIN).build();

            assertEquals(
                    "by-property",
                    api.conversationsMessagesPost(Operations.body8().text("by-property"))
                            .getId());

            assertFalse(proxy.requests().isEmpty(), "the https.proxyHost property was ignored");
            assertEquals(
                    "CONNECT api.brevo.test:443 HTTP/1.1",
                    proxy.requests().get(0).requestLine());
            assertEquals(List.of("POST " + MESSAGES + " Host=api.brevo.test"), originTargets(origin));
        } finally {
            restore(saved);
        }
    }

    @Test
    void aHostMatchingNonProxyHostsGoesDirect() throws Exception {
        Map<String, String> saved = saveProxyProperties();
        try (LoopbackServer origin = origin();
                HttpProxy proxy = HttpProxy.tunnelingTo(origin.address())) {
            System.setProperty("https.proxyHost", "127.0.0.1");
            System.setProperty("https.proxyPort", Integer.toString(proxy.port()));
            String local = "https://localhost:" + origin.port() + "/v3";

            // The JDK's default nonProxyHosts (localhost|127.*|...) apply when the property is not set.
            assertEquals(
                    "default",
                    builder(local).build().conversationsMessagesIdGet("default").getId());
            assertEquals(List.of(), proxy.requestLines(), "localhost went through the proxy by default");

            // Set to empty, nothing is excluded: now even localhost goes through the proxy.
            System.setProperty("http.nonProxyHosts", "");
            assertEquals(
                    "proxied",
                    builder(local).build().conversationsMessagesIdGet("proxied").getId());
            assertEquals(
                    List.of("CONNECT localhost:" + origin.port() + " HTTP/1.1"),
                    proxy.requestLines(),
                    "with nonProxyHosts empty, localhost goes through the proxy");

            // A host matching the property goes direct.
            System.setProperty("http.nonProxyHosts", "localhost");
            assertEquals(
                    "direct",
                    builder(local).build().conversationsMessagesIdGet("direct").getId());
            assertEquals(1, proxy.requestLines().size(), "a host in http.nonProxyHosts went through the proxy");

            // api.brevo.test matching *.brevo.test goes direct too: it then fails, since it does not resolve here.
            System.setProperty("http.nonProxyHosts", "*.brevo.test");
            BrevoConnectionException e = assertThrows(
                    BrevoConnectionException.class,
                    () -> builder(ORIGIN)
                            .callTimeout(Duration.ofSeconds(5))
                            .build()
                            .conversationsMessagesIdGet("dns"));
            assertFalse(e.mayHaveReachedServer(), e.getMessage());
            assertEquals(1, proxy.requestLines().size(), "a host in http.nonProxyHosts went through the proxy");

            assertEquals(
                    List.of(
                            "GET " + MESSAGES + "/default Host=localhost:" + origin.port(),
                            "GET " + MESSAGES + "/proxied Host=localhost:" + origin.port(),
                            "GET " + MESSAGES + "/direct Host=localhost:" + origin.port()),
                    originTargets(origin));
        } finally {
            restore(saved);
        }
    }

    @Test
    void noProxyBypassesTheJvmsProxySettings() throws Exception {
        Map<String, String> saved = saveProxyProperties();
        try (LoopbackServer origin = origin();
                HttpProxy proxy = HttpProxy.tunnelingTo(origin.address())) {
            System.setProperty("https.proxyHost", "127.0.0.1");
            System.setProperty("https.proxyPort", Integer.toString(proxy.port()));
            System.setProperty("http.nonProxyHosts", ""); // localhost too would go through the proxy
            String local = "https://localhost:" + origin.port() + "/v3";

            assertEquals(
                    "direct",
                    builder(local)
                            .proxy(java.net.Proxy.NO_PROXY)
                            .build()
                            .conversationsMessagesIdGet("direct")
                            .getId());
            assertEquals(List.of(), proxy.requestLines(), "Proxy.NO_PROXY went through the JVM's proxy");

            assertEquals(
                    "proxied",
                    builder(local).build().conversationsMessagesIdGet("proxied").getId());
            assertEquals(List.of("CONNECT localhost:" + origin.port() + " HTTP/1.1"), proxy.requestLines());
        } finally {
            restore(saved);
        }
    }

    // ---- (f) http origins through an HTTP proxy ----

    @Test
    void anHttpOriginGoesToTheProxyInAbsoluteForm() throws Exception {
        try (HttpProxy proxy = HttpProxy.answering((conn, request) -> {
            conn.write(ok(request.method().equals("POST") ? request.text() : request.lastSegment()));
            return true;
        })) {
            ConversationsApi api = builder("http://sandbox.test:18080/v3")
                    .allowInsecureHttp()
                    .proxy(proxy.proxy())
                    .build();

            assertEquals(
                    "absolute",
                    api.conversationsMessagesPost(Operations.body8().text("absolute"))
                            .getId());
            assertEquals("B", api.conversationsMessagesIdGet("B").getId());

            assertEquals(
                    List.of(
                            "POST http://sandbox.test:18080/v3/conversations/messages HTTP/1.1",
                            "GET http://sandbox.test:18080/v3/conversations/messages/B HTTP/1.1"),
                    proxy.requestLines());
            Req send = proxy.requests().get(0);
            assertEquals("sandbox.test:18080", send.header("Host"));
            assertEquals("k", send.header("api-key"));
            assertEquals("absolute", send.text());
            assertNull(send.header("Proxy-Authorization"));
        }
    }

    @Test
    void anHttpOriginThroughAProxyCarriesTheProxyCredentials() throws Exception {
        try (HttpProxy proxy = HttpProxy.answering((conn, request) -> {
            conn.write(ok(request.method().equals("POST") ? request.text() : request.lastSegment()));
            return true;
        })) {
            ConversationsApi api = builder("http://sandbox.test:18080/v3")
                    .allowInsecureHttp()
                    .proxy(proxy.proxy())
                    .proxyCredentials("user", "pa:ss")
                    .build();

            assertEquals(
                    "absolute",
                    api.conversationsMessagesPost(Operations.body8().text("absolute"))
                            .getId());
            assertEquals("B", api.conversationsMessagesIdGet("B").getId());

            assertEquals(2, proxy.requests().size());
            for (Req request : proxy.requests()) {
                assertTrue(
                        request.requestLine().startsWith(request.method() + " http://sandbox.test:18080/v3/"),
                        request.requestLine());
                assertEquals(USER_PA_SS, request.header("Proxy-Authorization"));
            }
        }
    }

    // ---- (g) SOCKS5 ----

    @Test
    void socks5WithoutAuthenticationGetsTheOriginsNameNotAnAddress() throws Exception {
        try (LoopbackServer origin = origin();
                Socks5Proxy socks = Socks5Proxy.open(origin.address())) {
            ConversationsApi api = builder(ORIGIN).proxy(socks.proxy()).build();

            assertEquals(
                    "via-socks",
                    api.conversationsMessagesPost(Operations.body8().text("via-socks"))
                            .getId());
            assertEquals("B", api.conversationsMessagesIdGet("B").getId());

            assertFalse(socks.sessions().isEmpty(), "nothing went through the SOCKS proxy");
            for (Socks5Proxy.Session session : socks.sessions()) {
                assertTrue(session.methodsOffered().contains(0x00), "no-authentication not offered: " + session);
                assertEquals(0x00, session.methodChosen());
                assertEquals(3, session.atyp(), "not a domain name (ATYP 3): " + session);
                assertEquals("api.brevo.test", session.host());
                assertEquals(443, session.port());
            }
            assertEquals(
                    List.of("POST " + MESSAGES + " Host=api.brevo.test", "GET " + MESSAGES + "/B Host=api.brevo.test"),
                    originTargets(origin));
        }
    }

    @Test
    void socks5WithUserAndPasswordAuthenticates() throws Exception {
        try (LoopbackServer origin = origin();
                Socks5Proxy socks = Socks5Proxy.withCredentials(origin.address(), "user", "pa:ss")) {
            ConversationsApi api = builder(ORIGIN)
                    .proxy(socks.proxy())
                    .proxyCredentials("user", "pa:ss")
                    .build();

            assertEquals(
                    "socks-auth",
                    api.conversationsMessagesPost(Operations.body8().text("socks-auth"))
                            .getId());
            assertEquals("B", api.conversationsMessagesIdGet("B").getId());

            assertFalse(socks.sessions().isEmpty());
            for (Socks5Proxy.Session session : socks.sessions()) {
                assertEquals(0x02, session.methodChosen(), "user/password not offered: " + session);
                assertEquals("user", session.user());
                assertEquals("pa:ss", session.password());
                assertEquals(3, session.atyp(), "not a domain name (ATYP 3): " + session);
                assertEquals("api.brevo.test", session.host());
                assertEquals(443, session.port());
            }
            assertEquals(2, origin.requests().size());
        }
    }
}
