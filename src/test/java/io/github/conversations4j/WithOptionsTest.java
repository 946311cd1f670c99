package io.github.conversations4j;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.conversations4j.errors.ServerErrorException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class WithOptionsTest extends WireMockTestBase {

    private void stubMessage() {
        wm.stubFor(get(urlEqualTo("/v3/conversations/messages/" + MESSAGE_ID))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody(fixture("agent-message.json"))));
    }

    @Test
    void aDerivedClient_addsItsHeaders_andTheClientItCameFromDoesNot() {
        stubMessage();
        try (ConversationsClient client =
                builder().addAttemptHook(a -> a.header("X-Tenant", "from-hook")).build()) {
            ConversationsClient derived =
                    client.withOptions(o -> o.header("X-Request-Id", "r-1").header("X-Tenant", "t-9"));
            ConversationsClient twice = derived.withOptions(o -> o.header("x-request-id", "r-2"));
            derived.conversationsMessagesIdGet(MESSAGE_ID);
            client.conversationsMessagesIdGet(MESSAGE_ID);
            twice.conversationsMessagesIdGet(MESSAGE_ID);
        }
        List<LoggedRequest> requests = received();
        assertEquals("r-1", requests.get(0).getHeader("X-Request-Id"));
        assertEquals("t-9", requests.get(0).getHeader("X-Tenant"), "the options' headers win over a hook's");
        assertNull(requests.get(1).getHeader("X-Request-Id"));
        assertEquals("from-hook", requests.get(1).getHeader("X-Tenant"));
        assertEquals(
                List.of("r-2"),
                requests.get(2).getHeaders().getHeader("X-Request-Id").values());
        assertEquals("t-9", requests.get(2).getHeader("X-Tenant"), "a client derived twice keeps the first's headers");
        for (LoggedRequest request : requests) {
            assertEquals(API_KEY, request.getHeader("api-key"));
        }
    }

    @Test
    void aDerivedClient_hasItsOwnRetries() {
        wm.stubFor(get(urlEqualTo("/v3/conversations/messages/" + MESSAGE_ID))
                .willReturn(aResponse().withStatus(503)));
        FakeSleeper sleeper = new FakeSleeper();
        try (ConversationsClient client = builder()
                .retryPolicy(RetryPolicy.defaults()
                        .withMaxRetries(2)
                        .withBackoff(Duration.ofMillis(1), Duration.ofMillis(1)))
                .sleeper(sleeper)
                .build()) {
            assertThrows(
                    ServerErrorException.class,
                    () -> client.withOptions(o -> o.maxRetries(0)).conversationsMessagesIdGet(MESSAGE_ID));
            assertEquals(1, received().size());
            assertThrows(ServerErrorException.class, () -> client.conversationsMessagesIdGet(MESSAGE_ID));
            assertEquals(1 + 3, received().size());
        }
    }

    @Test
    void closingADerivedClient_endsOnlyItsUse_andClosingTheRoot_endsBoth() {
        stubMessage();
        ConversationsClient client = builder().build();
        ConversationsClient derived = client.withOptions(o -> o.callTimeout(Duration.ofSeconds(20)));
        derived.conversationsMessagesIdGet(MESSAGE_ID);
        derived.close();
        assertThrows(IllegalStateException.class, () -> derived.conversationsMessagesIdGet(MESSAGE_ID));
        assertEquals(MESSAGE_ID, client.conversationsMessagesIdGet(MESSAGE_ID).getId(), "the pool is still open");
        ConversationsClient another = client.withOptions(o -> o.maxRetries(1));
        client.close();
        assertThrows(IllegalStateException.class, () -> another.conversationsMessagesIdGet(MESSAGE_ID));
        assertTrue(another.toString().contains("closed"), another.toString());
        assertEquals(2, received().size());
    }

    @Test
    void options_areCheckedAtOnce_namingWhatIsWrong() {
        try (ConversationsClient client = builder().build()) {
            IllegalArgumentException key = assertThrows(
                    IllegalArgumentException.class, () -> client.withOptions(o -> o.header("Api-Key", "another-key")));
            assertTrue(key.getMessage().contains("Api-Key"), key.getMessage());
            assertFalse(key.getMessage().contains("another-key"), key.getMessage());
            assertThrows(IllegalArgumentException.class, () -> client.withOptions(o -> o.header("X-A", "a\nb")));
            assertThrows(IllegalArgumentException.class, () -> client.withOptions(o -> o.maxRetries(11)));
            assertThrows(IllegalArgumentException.class, () -> client.withOptions(o -> o.callTimeout(Duration.ZERO)));
            assertThrows(NullPointerException.class, () -> client.withOptions(null));
        }
    }
}
