package io.github.conversations4j;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.http.Fault;
import io.github.conversations4j.api.ConversationsApi;
import io.github.conversations4j.errors.BrevoConnectionException;
import io.github.conversations4j.errors.BrevoException;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** No response at all is the "no response" branch, telling whether the request may have been delivered. */
class ConnectionFailureTest extends WireMockTestBase {

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void connectionRefusedDidNotReachTheServer() throws IOException {
        ConversationsApi api =
                builder().baseUrl("http://127.0.0.1:" + closedPort() + "/v3").build();

        BrevoConnectionException e =
                assertThrows(BrevoConnectionException.class, () -> api.conversationsMessagesPost(Operations.body8()));

        assertFalse(e.mayHaveReachedServer());
        assertFalse(e.isTimeout());
        assertEquals("POST /conversations/messages", e.request());
        assertTrue(e.getMessage().startsWith("No response to POST /conversations/messages: "), e.getMessage());
        assertTrue(e.getMessage().endsWith("(the request did not reach the server)"), e.getMessage());
        assertFalse(e.getMessage().contains(API_KEY));
    }

    @Test
    void connectTimeoutFiresAtTheSetValueAndMeansNothingWasSent() throws Exception {
        // A listener that never accepts, with its backlog filled: the kernel drops further SYNs, so connecting hangs.
        try (ServerSocket full = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            java.util.List<java.net.Socket> fillers = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < 8; i++) {
                    java.net.Socket filler = new java.net.Socket();
                    try {
                        filler.connect(full.getLocalSocketAddress(), 100);
                        fillers.add(filler);
                    } catch (IOException e) {
                        filler.close();
                    }
                }
                FakeSleeper sleeper = new FakeSleeper();
                ConversationsApi api = builder()
                        .baseUrl("http://127.0.0.1:" + full.getLocalPort() + "/v3")
                        .connectTimeout(Duration.ofMillis(300))
                        .sleeper(sleeper)
                        .retryPolicy(RetryPolicy.defaults().withMaxRetries(1))
                        .build();

                long start = System.nanoTime();
                BrevoConnectionException e = assertThrows(
                        BrevoConnectionException.class, () -> api.conversationsMessagesPost(Operations.body8()));
                long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

                assertTrue(e.isTimeout(), e.getMessage());
                assertFalse(e.mayHaveReachedServer(), e.getMessage());
                assertEquals(2, e.attempts(), "a send whose connection timed out is retried: nothing was sent");
                // Two attempts of 300 ms take 600 ms at least; two at the 10 s default would take 20 s. The upper bound
                // leaves a loaded machine 8 s of slack.
                assertTrue(
                        elapsedMillis >= 550 && elapsedMillis < 9000,
                        "two connect attempts of 300 ms, not a library default: " + elapsedMillis + " ms");
            } finally {
                for (java.net.Socket filler : fillers) {
                    filler.close();
                }
            }
        }
    }

    @Test
    void readTimeoutMayHaveReachedTheServer() {
        // The answer comes after 5 s: a call that fails at all failed by the configured 300 ms (the default is 30 s),
        // with no wall-clock bound that a busy machine could break.
        wm.stubFor(any(anyUrl())
                .willReturn(aResponse().withStatus(200).withFixedDelay(5000).withBody(fixture("agent-message.json"))));
        ConversationsApi api = builder().readTimeout(Duration.ofMillis(300)).build();

        BrevoConnectionException e =
                assertThrows(BrevoConnectionException.class, () -> api.conversationsMessagesPost(Operations.body8()));

        assertTrue(e.mayHaveReachedServer());
        assertTrue(e.isTimeout());
        assertTrue(e.getMessage().contains("300 ms"), e.getMessage());
    }

    @Test
    void connectionResetMayHaveReachedTheServer() {
        wm.stubFor(any(anyUrl()).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        BrevoConnectionException e = assertThrows(
                BrevoConnectionException.class, () -> api().conversationsPushedMessagesPost(Operations.body10()));

        assertTrue(e.mayHaveReachedServer());
    }

    @Test
    void emptyResponseIsNoResponse() {
        wm.stubFor(any(anyUrl()).willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));

        BrevoConnectionException e =
                assertThrows(BrevoConnectionException.class, () -> api().conversationsMessagesIdGet(MESSAGE_ID));

        assertEquals("GET /conversations/messages/{id}", e.request());
    }

    @Test
    void malformedChunkAfterHeadersIsNoCompleteResponse() {
        wm.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withFault(Fault.MALFORMED_RESPONSE_CHUNK)));

        BrevoException e = assertThrows(BrevoException.class, () -> api().conversationsMessagesIdGet(MESSAGE_ID));

        assertTrue(e instanceof BrevoConnectionException, e.toString());
    }

    @Test
    void randomDataThenCloseIsNoResponse() {
        wm.stubFor(any(anyUrl()).willReturn(aResponse().withFault(Fault.RANDOM_DATA_THEN_CLOSE)));

        assertThrows(BrevoConnectionException.class, () -> api().conversationsMessagesIdDelete(MESSAGE_ID));
    }
}
