package io.github.conversations4j;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.conversations4j.api.ConversationsApi;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A WireMock server per test class and a client pointed at it. */
abstract class WireMockTestBase {
    static final String API_KEY = "xkeysib-test-0123456789abcdef-AbCdEf";
    static final String PARTNER_KEY = "partner-0123456789";
    static final String MESSAGE_ID = "eYBEm3gq3zc5ayE2g";
    static final String PUSHED_ID = "AXCR3k9bpSY7bpuh7";
    static final String VISITOR_ID = "kZMvWhf8npAu3H6qd57w2Hv6nh6rnxvg";
    static final String AGENT_ID = "d9nKoegKSjmCtyK78";

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    ConversationsApi api() {
        return builder().build();
    }

    /** A client that makes exactly one request per call; retry tests set their own policy. */
    BrevoConversations.Builder builder() {
        return BrevoConversations.builder()
                .retryPolicy(RetryPolicy.none())
                .apiKey(API_KEY)
                .baseUrl(wm.baseUrl() + "/v3")
                // Only against a hang: WireMock took more than 5 s to answer with six busy loops on 2 cores. Tests of
                // timeouts set their own.
                .connectTimeout(Duration.ofSeconds(10))
                .readTimeout(Duration.ofSeconds(30));
    }

    static List<LoggedRequest> received() {
        return wm.findAll(com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(
                com.github.tomakehurst.wiremock.client.WireMock.anyUrl()));
    }

    /**
     * The requests WireMock saw, once it has logged at least {@code expected} of them (failing after 20 s). WireMock
     * logs a request after it has acted on it, so after a fault (a reset, say) the client can see the failure
     * before the journal has the request; and the journal signals nobody, so this polls it.
     */
    static List<LoggedRequest> receivedAtLeast(int expected) {
        try {
            io.github.conversations4j.testing.Await.until(
                    "WireMock's journal to hold " + expected + " requests",
                    java.time.Duration.ofSeconds(20),
                    () -> received().size() >= expected);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for WireMock's journal", e);
        }
        return received();
    }

    static String fixture(String name) {
        try (InputStream in = WireMockTestBase.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
