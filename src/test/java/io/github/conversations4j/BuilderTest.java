package io.github.conversations4j;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.conversations4j.api.ConversationsApi;
import io.github.conversations4j.errors.BrevoException;
import io.github.conversations4j.errors.ServerErrorException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The builder fails fast with messages that say what to fix, and never shows a key. */
class BuilderTest extends WireMockTestBase {

    @Test
    void apiKeyIsRequired() {
        IllegalStateException e = assertThrows(
                IllegalStateException.class, () -> BrevoConversations.builder().build());
        assertTrue(e.getMessage().startsWith("apiKey is required"), e.getMessage());
    }

    @Test
    void nullArgumentsAreRefusedAtOnce() {
        assertThrows(
                NullPointerException.class, () -> BrevoConversations.builder().apiKey(null));
        assertThrows(
                NullPointerException.class, () -> BrevoConversations.builder().baseUrl(null));
        assertThrows(
                NullPointerException.class, () -> BrevoConversations.builder().connectTimeout(null));
        assertThrows(
                NullPointerException.class, () -> BrevoConversations.builder().client(null));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "xkeysib-abc\r\nX-Injected: 1",
                "xkeysib-abc\n",
                "xkeysib-\u0000abc",
                "xkeysib abc",
                "xkeysib-ébc",
                "   "
            })
    void unusableApiKeyIsRefusedWithoutShowingIt(String key) {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> BrevoConversations.builder().apiKey(key).build());
        assertTrue(e.getMessage().startsWith("apiKey "), e.getMessage());
        assertFalse(e.getMessage().contains("xkeysib"), "the key is not in the message: " + e.getMessage());
    }

    @Test
    void unusablePartnerKeyIsRefusedWithoutShowingIt() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> BrevoConversations.builder()
                        .apiKey("k")
                        .partnerKey("partner-secret\r\n")
                        .build());
        assertEquals(
                "partnerKey contains a line break at index 14 of 16 (keys are printable ASCII; "
                        + "was it read with a trailing newline?)",
                e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://api.brevo.com/v3", "http://10.0.0.5:8080/v3", "http://localhost.evil.com/v3"})
    void plainHttpIsRefusedUnlessLoopback(String url) {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> BrevoConversations.builder().apiKey("k").baseUrl(url).build());
        assertTrue(e.getMessage().startsWith("baseUrl must use https"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://localhost:8080/v3",
                "http://127.0.0.1:1/v3",
                "http://127.8.9.10/v3",
                "http://[::1]:8080/v3",
                "https://api.brevo.com/v3",
                "https://api.sendinblue.com/v3/"
            })
    void httpsAndLoopbackAreAccepted(String url) {
        assertDoesNotThrow(
                () -> BrevoConversations.builder().apiKey("k").baseUrl(url).build());
    }

    @Test
    void plainHttpElsewhereNeedsAnExplicitOptIn() {
        assertDoesNotThrow(() -> BrevoConversations.builder()
                .apiKey("k")
                .baseUrl("http://10.0.0.5:8080/v3")
                .allowInsecureHttp()
                .build());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "api.brevo.com/v3",
                "ftp://api.brevo.com/v3",
                "https://api.brevo.com/v3?x=1",
                "https://user:pw@api.brevo.com/v3",
                "https://",
                "not a url",
                "http://127.0.0.1:70000/v3",
                "http://127.0.0.1:0/v3"
            })
    void malformedBaseUrlIsRefused(String url) {
        assertThrows(
                IllegalArgumentException.class,
                () -> BrevoConversations.builder().apiKey("k").baseUrl(url).build());
    }

    @Test
    void aPluggedInClientThatThrowsStillEndsInTheSdksException() {
        feign.Client broken = (request, options) -> {
            throw new IllegalStateException("pool shut down");
        };
        BrevoException e = assertThrows(
                BrevoException.class,
                () -> BrevoConversations.builder()
                        .apiKey("k")
                        .client(broken)
                        .build()
                        .conversationsMessagesIdGet(MESSAGE_ID));
        assertTrue(e.getCause() instanceof IllegalStateException, String.valueOf(e.getCause()));
        assertTrue(e.getMessage().contains("GET /conversations/messages/{id}"), e.getMessage());
    }

    @Test
    void nonPositiveTimeoutsAreRefused() {
        assertThrows(
                IllegalArgumentException.class,
                () -> BrevoConversations.builder().connectTimeout(Duration.ZERO));
        assertThrows(
                IllegalArgumentException.class,
                () -> BrevoConversations.builder().readTimeout(Duration.ofMillis(-1)));
        assertThrows(
                IllegalArgumentException.class,
                () -> BrevoConversations.builder().readTimeout(Duration.ofDays(30)));
    }

    @Test
    void trailingSlashOfTheBaseUrlDoesNotDoubleTheSlash() {
        wm.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(204)));

        builder().baseUrl(wm.baseUrl() + "/v3/").build().conversationsMessagesIdDelete(MESSAGE_ID);

        assertEquals(
                "/v3/conversations/messages/" + MESSAGE_ID, received().get(0).getUrl());
    }

    @Test
    void toStringsNeverShowTheKeys() {
        BrevoConversations.Builder builder = builder().partnerKey(PARTNER_KEY);
        ConversationsApi api = builder.build();

        assertFalse(builder.toString().contains(API_KEY));
        assertFalse(builder.toString().contains(PARTNER_KEY));
        assertEquals("ConversationsClient(" + wm.baseUrl() + "/v3)", api.toString());
    }

    @Test
    void clientIsAValueOnlyEqualToItself() {
        ConversationsApi a = api();
        ConversationsApi b = api();
        assertEquals(a, a);
        assertFalse(a.equals(b));
        assertEquals(a.hashCode(), a.hashCode());
    }

    @Test
    void versionIsTheBuildsVersion() {
        assertEquals(System.getProperty("sdk.version"), BrevoConversations.version());
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void maxRetriesWinsOverTheRetryPolicysCountInEitherOrder(boolean maxRetriesFirst) {
        wm.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(503)));
        BrevoConversations.Builder builder = builder().sleeper(new FakeSleeper());
        if (maxRetriesFirst) {
            builder.maxRetries(1).retryPolicy(RetryPolicy.defaults().withMaxRetries(5));
        } else {
            builder.retryPolicy(RetryPolicy.defaults().withMaxRetries(5)).maxRetries(1);
        }

        ServerErrorException e =
                assertThrows(ServerErrorException.class, () -> builder.build().conversationsMessagesIdGet(MESSAGE_ID));

        assertEquals(2, e.attempts());
        assertEquals(2, wm.getAllServeEvents().size());
    }
}
