package io.github.conversations4j;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.conversations4j.api.ConversationsApi;
import io.github.conversations4j.model.ApiResponse;
import io.github.conversations4j.model.ConversationsMessage;
import io.github.conversations4j.model.ConversationsMessageFile;
import io.github.conversations4j.model.ConversationsMessageFileImageInfo;
import io.github.conversations4j.model.ConversationsVisitorGroupPut200Response;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What each operation of the spec puts on the wire, and how its success response is read. */
class ContractTest extends WireMockTestBase {

    static List<Operations.Case> operations() {
        return Operations.all();
    }

    private static ResponseDefinitionBuilder success(Operations.Case op) {
        ResponseDefinitionBuilder response = aResponse()
                .withStatus(op.successStatus())
                .withHeader("x-sib-ratelimit-limit", "100")
                .withHeader("x-sib-ratelimit-remaining", "99")
                .withHeader("x-sib-ratelimit-reset", "7");
        if (op.responseFixture() != null) {
            response.withHeader("Content-Type", "application/json; charset=utf-8")
                    .withBody(fixture(op.responseFixture()));
        }
        return response;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("operations")
    void sendsExactlyTheDocumentedRequest(Operations.Case op) {
        assertDocumentedRequest(op, api());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("operations")
    void aPluggedInFeignClientSendsTheSameRequest(Operations.Case op) {
        // Feign's own HttpURLConnection client: the headers reach it in the Request, not written by our transport.
        assertDocumentedRequest(
                op, builder().client(new feign.DefaultClient(null, null)).build());
    }

    private void assertDocumentedRequest(Operations.Case op, io.github.conversations4j.api.ConversationsApi api) {
        wm.stubFor(any(anyUrl()).willReturn(success(op)));

        op.call().apply(api);

        List<LoggedRequest> requests = received();
        assertEquals(1, requests.size(), "one request per call");
        LoggedRequest request = requests.get(0);
        assertEquals(op.method(), request.getMethod().getName());
        assertEquals(op.path(), request.getUrl(), "exact path, no query string");
        assertEquals(API_KEY, request.getHeader("api-key"));
        assertFalse(request.containsHeader("partner-key"), "no partner-key unless configured");
        assertEquals("application/json", request.getHeader("Accept"));
        assertEquals(
                "conversations4j/" + System.getProperty("sdk.version") + " (Java " + System.getProperty("java.version")
                        + ")",
                request.getHeader("User-Agent"));
        if (op.requestJson() == null) {
            assertFalse(request.containsHeader("Content-Type"), "no Content-Type without a body");
            assertEquals("", request.getBodyAsString());
        } else {
            assertEquals("application/json", request.getHeader("Content-Type"));
            assertEquals(op.requestJson(), request.getBodyAsString(), "exact JSON, no null fields");
            assertEquals(String.valueOf(request.getBody().length), request.getHeader("Content-Length"));
            assertFalse(request.containsHeader("Transfer-Encoding"), "a fixed length, not chunked");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("operations")
    void sendsPartnerKeyAlongWithApiKeyWhenConfigured(Operations.Case op) {
        wm.stubFor(any(anyUrl()).willReturn(success(op)));

        op.call().apply(builder().partnerKey(PARTNER_KEY).build());

        LoggedRequest request = received().get(0);
        assertEquals(API_KEY, request.getHeader("api-key"));
        assertEquals(PARTNER_KEY, request.getHeader("partner-key"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("operations")
    void decodesTheSuccessResponse(Operations.Case op) {
        wm.stubFor(any(anyUrl()).willReturn(success(op)));

        Object result = op.call().apply(api());

        if (op.responseFixture() == null) {
            assertNull(result, op.successStatus() + " has an empty body");
        } else if (result instanceof ConversationsVisitorGroupPut200Response) {
            ConversationsVisitorGroupPut200Response assigned = (ConversationsVisitorGroupPut200Response) result;
            assertEquals("PjRBMhWGen6aRHjif", assigned.getGroupId());
            assertEquals(VISITOR_ID, assigned.getVisitorId());
        } else {
            assertTrue(
                    result instanceof ConversationsMessage,
                    () -> op + " answers " + result.getClass().getSimpleName()
                            + ": add its decoding check to ContractTest.decodesTheSuccessResponse");
            ConversationsMessage message = (ConversationsMessage) result;
            boolean pushed = op.responseFixture().startsWith("pushed");
            assertEquals(pushed ? PUSHED_ID : MESSAGE_ID, message.getId());
            assertEquals(ConversationsMessage.TypeEnum.AGENT, message.getType());
            assertEquals(VISITOR_ID, message.getVisitorId());
            assertEquals(AGENT_ID, message.getAgentId());
            assertEquals(pushed, message.getIsPushed());
            assertEquals(message.getText(), message.getHtml());
            assertEquals(Boolean.FALSE, message.getIsTrigger());
            assertEquals(pushed ? 1470222622433L : 1482512803740L, message.getCreatedAt());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("operations")
    void withHttpInfoVariantReturnsStatusHeadersAndData(Operations.Case op) {
        wm.stubFor(any(anyUrl()).willReturn(success(op)));

        ApiResponse<?> response = (ApiResponse<?>) op.callWithHttpInfo().apply(api());

        assertEquals(op.successStatus(), response.getStatusCode());
        assertEquals(List.of("99"), List.copyOf(response.getHeaders().get("x-sib-ratelimit-remaining")));
        RateLimit rateLimit = RateLimit.fromHeaders(response.getHeaders());
        assertEquals(100, rateLimit.limit());
        assertEquals(99, rateLimit.remaining());
        assertEquals(7, rateLimit.reset().getSeconds());
        if (op.responseFixture() == null) {
            assertNull(response.getData());
        } else {
            Class<?> returned = Arrays.stream(ConversationsApi.class.getMethods())
                    .filter(m -> m.getName().equals(op.name()))
                    .findFirst()
                    .orElseThrow()
                    .getReturnType();
            assertTrue(
                    returned.isInstance(response.getData()),
                    () -> op + ": the data is what " + op + "() returns, a " + returned.getSimpleName());
        }
    }

    /** The 2026 file names ({@code name}, {@code link}, {@code previewLink}) and the older ones read alike. */
    @ParameterizedTest
    @ValueSource(strings = {"message-with-file.json", "message-with-file-legacy-names.json"})
    void decodesEveryFieldOfAMessageWithAnImage(String fixture) {
        wm.stubFor(get(urlPathEqualTo("/v3/conversations/messages/" + MESSAGE_ID))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody(fixture(fixture))));

        ConversationsMessage message = api().conversationsMessagesIdGet(MESSAGE_ID);

        assertEquals(MESSAGE_ID, message.getId());
        assertEquals(ConversationsMessage.TypeEnum.AGENT, message.getType());
        assertEquals("conversations.png", message.getText());
        assertEquals(VISITOR_ID, message.getVisitorId());
        assertEquals(AGENT_ID, message.getAgentId());
        assertEquals("Liz", message.getAgentName());
        assertEquals(1470222622433L, message.getCreatedAt());
        assertEquals(Boolean.FALSE, message.getIsPushed());
        assertEquals("SuperAwesomeHelpdesk", message.getReceivedFrom());
        ConversationsMessageFile file = message.getFile();
        assertEquals("conversations.png", file.getName());
        assertEquals(15538L, file.getSize());
        assertEquals(Boolean.TRUE, file.getIsImage());
        assertEquals("https://ucarecdn.com/cee5c10c-8302-45c1-b1fb-43860ca941a9/", file.getLink());
        ConversationsMessageFileImageInfo image = file.getImageInfo();
        assertEquals(1129L, image.getWidth());
        assertEquals(525L, image.getHeight());
        assertEquals(
                "https://ucarecdn.com/03cd56cd-1de9-4f65-996d-08afdf27fa1b/-/preview/800x800/-/quality/lighter/",
                image.getPreviewLink());
        if (fixture.equals("message-with-file.json")) {
            assertEquals("conversations.png", message.getHtml());
            assertEquals(Boolean.FALSE, message.getIsTrigger());
            assertEquals(Boolean.FALSE, message.getIsMissed());
            assertEquals(Boolean.FALSE, message.getIsMissedByVisitor());
            assertEquals("image/png", file.getMimeType());
            assertEquals(Boolean.FALSE, file.getIsInline());
            assertEquals(Boolean.FALSE, file.getIsSticker());
            assertEquals(Boolean.TRUE, file.getIsAllowedFileType());
            assertEquals(2, message.getAttachments().size());
            ConversationsMessageFile inline = message.getAttachments().get(0);
            assertEquals(Boolean.TRUE, inline.getIsInline(), "isInline sent as the string \"true\"");
            assertEquals("img-1", inline.getInlineId());
            assertEquals(image.getPreviewLink(), inline.getImageInfo().getPreviewLink());
            ConversationsMessageFile legacy = message.getAttachments().get(1);
            assertEquals("terms.pdf", legacy.getName(), "an attachment in the older naming");
            assertEquals("https://ucarecdn.com/9b1b0a3e-terms/", legacy.getLink());
            assertEquals(Boolean.FALSE, legacy.getIsImage());
        } else {
            assertEquals(null, file.getMimeType());
            assertEquals(List.of(), message.getAttachments(), "no attachments sent: an empty list, never null");
        }
    }

    @Test
    void toleratesUnknownFieldsAndUnknownEnumValues() {
        wm.stubFor(get(urlPathEqualTo("/v3/conversations/messages/Qm9uam91cjEyMzQ1"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody(fixture("message-from-newer-server.json"))));

        ConversationsMessage message = api().conversationsMessagesIdGet("Qm9uam91cjEyMzQ1");

        assertEquals(ConversationsMessage.TypeEnum.UNKNOWN_DEFAULT_OPEN_API, message.getType(), "\"bot\" is unknown");
        assertEquals("Qm9uam91cjEyMzQ1", message.getId());
        assertEquals("I am a bot; a human will answer soon.", message.getText());
        assertEquals("Helper bot", message.getAgentName());
        assertEquals(1700000000000L, message.getCreatedAt());
        assertEquals(2L, message.getFile().getImageInfo().getHeight());
        assertEquals(
                "https://example.com/p.png", message.getFile().getImageInfo().getPreviewLink());
        assertEquals("a.png", message.getFile().getName());
        assertEquals("image/png", message.getFile().getMimeType());
        assertEquals(Boolean.TRUE, message.getIsBot());
        assertEquals("https://example.com/bot.png", message.getAgentUserpic());
        assertEquals("Helper bot", message.getFrom().getName());
        assertEquals(null, message.getReplyTo());
        assertEquals(List.of(), message.getTo());
        assertEquals(Map.of("zendesk", Map.of("ticketId", 42)), message.getIntegrations());
        assertEquals(Map.of("channel", "widget"), message.getSource());
        assertEquals(Boolean.TRUE, message.getForwardedToSourceStatus().getIsSuccess());
        assertEquals("bot_reply", message.getMessageType());
        assertEquals("<p>I am a bot</p>", message.getRawUnsafeHtml());
        assertEquals("application/pdf", message.getAttachments().get(0).getMimeType());
    }
}
