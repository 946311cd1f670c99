package io.github.conversations4j;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.http.Fault;
import io.github.conversations4j.api.ConversationsApi;
import io.github.conversations4j.errors.BrevoApiException;
import io.github.conversations4j.errors.BrevoConnectionException;
import io.github.conversations4j.errors.InvalidRequestException;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The keys never appear in a log line at the SDK's most verbose level, in an exception message or
 * {@code toString()}, or in the {@code User-Agent}.
 */
class SecretsTest extends WireMockTestBase {
    private static final String KEY = "xkeysib-0123456789abcdef0123456789abcdef-SECRETSECRET";
    private static final String PARTNER = "partner-SECRET-98765";

    private final List<String> lines = new ArrayList<>();
    private final Logger logger = Logger.getLogger("io.github.conversations4j");
    private Level previousLevel;
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            synchronized (lines) {
                lines.add(record.getLevel() + " " + record.getMessage()
                        + (record.getThrown() != null ? " " + record.getThrown() : ""));
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeEach
    void captureEverything() {
        previousLevel = logger.getLevel();
        logger.setLevel(Level.ALL); // System.Logger TRACE is java.util.logging FINER
        capture.setLevel(Level.ALL);
        logger.addHandler(capture);
    }

    @AfterEach
    void stopCapturing() {
        logger.removeHandler(capture);
        logger.setLevel(previousLevel);
    }

    @Test
    void keysAppearNowhereInLogsExceptionsOrToStrings() throws IOException {
        List<String> texts = new ArrayList<>();
        ConversationsApi api = builder()
                .apiKey(KEY)
                .partnerKey(PARTNER)
                .retryPolicy(RetryPolicy.defaults()
                        .withBackoff(java.time.Duration.ofMillis(1), java.time.Duration.ofMillis(2)))
                .build();
        texts.add(api.toString());
        texts.add(builder().apiKey(KEY).partnerKey(PARTNER).toString());

        wm.stubFor(any(anyUrl())
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody(fixture("agent-message.json"))));
        texts.add(api.conversationsMessagesPost(Operations.body8()).toString());
        texts.add(api.conversationsMessagesIdGetWithHttpInfo(MESSAGE_ID)
                .getHeaders()
                .toString());

        for (int status : new int[] {400, 401, 403, 404, 429, 500, 503}) {
            wm.stubFor(any(anyUrl())
                    .willReturn(aResponse().withStatus(status).withBody("{\"code\":\"x\",\"message\":\"y\"}")));
            try {
                api.conversationsMessagesIdGet(MESSAGE_ID);
            } catch (BrevoApiException e) {
                texts.add(e.toString());
                texts.add(e.headers().toString());
                texts.add(e.rawBody());
            }
        }
        wm.stubFor(any(anyUrl()).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        try {
            api.conversationsMessagesIdDelete(MESSAGE_ID);
        } catch (BrevoConnectionException e) {
            texts.add(e.toString());
            texts.add(String.valueOf(e.getCause()));
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        try {
            builder()
                    .apiKey(KEY)
                    .partnerKey(PARTNER)
                    .baseUrl("http://127.0.0.1:" + port + "/v3")
                    .build()
                    .conversationsMessagesPost(Operations.body8());
        } catch (BrevoConnectionException e) {
            texts.add(e.toString());
        }
        try {
            api.conversationsMessagesPost(null); // refused whatever fields the spec requires
        } catch (InvalidRequestException e) {
            texts.add(e.toString());
        }
        try {
            BrevoConversations.builder().apiKey(KEY + "\n").build();
        } catch (IllegalArgumentException e) {
            texts.add(e.toString());
        }
        texts.add(System.getProperty("sdk.version"));
        received().forEach(request -> texts.add(request.getHeader("User-Agent")));

        synchronized (lines) {
            assertTrue(
                    lines.stream().anyMatch(line -> line.contains("api-key: <redacted>")),
                    "the most verbose level logs the request headers, redacted: " + lines);
            assertTrue(lines.stream().anyMatch(line -> line.contains("partner-key: <redacted>")));
            assertTrue(lines.stream().anyMatch(line -> line.startsWith("FINE Retrying GET")), "retries are logged");
            texts.addAll(lines);
        }
        for (String text : texts) {
            assertFalse(text.contains("SECRET"), "a key leaked: " + text);
        }
    }
}
