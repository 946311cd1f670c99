package io.github.conversations4j;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.conversations4j.errors.BadRequestException;
import io.github.conversations4j.errors.BrevoApiException;
import io.github.conversations4j.errors.BrevoDecodeException;
import io.github.conversations4j.errors.ForbiddenException;
import io.github.conversations4j.errors.NotFoundException;
import io.github.conversations4j.errors.PaymentRequiredException;
import io.github.conversations4j.errors.ServerErrorException;
import io.github.conversations4j.errors.TooManyRequestsException;
import io.github.conversations4j.errors.UnauthorizedException;
import io.github.conversations4j.spec.Inventories;
import io.github.conversations4j.spec.Spec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every error status of every operation ends in the SDK's own exception, with Brevo's code and message. */
class ErrorMappingTest extends WireMockTestBase {

    record Status(int code, Class<? extends BrevoApiException> type, String errorCode, String message) {}

    private static final List<Status> GENERAL = List.of(
            new Status(400, BadRequestException.class, "invalid_parameter", "visitorId is invalid"),
            new Status(401, UnauthorizedException.class, "unauthorized", "Key not found"),
            new Status(402, PaymentRequiredException.class, "not_enough_credits", "Not enough credits"),
            new Status(403, ForbiddenException.class, "permission_denied", "Permission denied"),
            new Status(405, BrevoApiException.class, "method_not_allowed", "POST Method is not allowed on this path"),
            new Status(422, BrevoApiException.class, "unprocessable_entity", "Unprocessable"),
            new Status(429, TooManyRequestsException.class, "too_many_requests", "Rate limit exceeded"),
            new Status(500, ServerErrorException.class, "internal_error", "Internal error"),
            new Status(503, ServerErrorException.class, "service_unavailable", "Try again later"));

    static List<Arguments> statusesPerOperation() {
        List<Arguments> cases = new ArrayList<>();
        for (Operations.Case op : Operations.all()) {
            for (Status status : GENERAL) {
                cases.add(Arguments.of(op, status));
            }
            // A 404 wherever the spec documents one (Inventories.notFoundOperations says why that rule), with the
            // message of the spec's example.
            Spec.Operation documented = Spec.project().operation(op.name());
            if (Inventories.notFoundOperations(Spec.project()).contains(documented)) {
                cases.add(Arguments.of(
                        op,
                        new Status(
                                404,
                                NotFoundException.class,
                                "document_not_found",
                                documented.errorExampleMessages().getOrDefault(404, "Not found"))));
            }
        }
        return cases;
    }

    @ParameterizedTest(name = "{0} HTTP {1}")
    @MethodSource("statusesPerOperation")
    void errorStatusMapsToItsException(Operations.Case op, Status status) {
        String body = "{\"code\":\"" + status.errorCode() + "\",\"message\":\"" + status.message() + "\"}";
        wm.stubFor(any(anyUrl())
                .willReturn(aResponse()
                        .withStatus(status.code())
                        .withHeader("Content-Type", "application/json")
                        .withHeader("X-Request-Id", "req-42")
                        .withBody(body)));

        BrevoApiException e =
                assertThrows(BrevoApiException.class, () -> op.call().apply(api()));

        assertSame(status.type(), e.getClass());
        assertEquals(status.code(), e.statusCode());
        assertEquals(status.errorCode(), e.errorCode());
        assertEquals(status.message(), e.errorMessage());
        assertEquals(op.method() + " " + op.pathTemplate(), e.request());
        assertEquals(
                "HTTP " + status.code() + " " + status.errorCode() + ": " + status.message() + " (" + op.method() + " "
                        + op.pathTemplate() + ")",
                e.getMessage());
        assertEquals("req-42", e.header("x-request-id"), "headers are kept, looked up in any case");
        assertEquals(body, e.rawBody());
        assertEquals(1, e.attempts());
    }

    @Test
    void unknownErrorCodeIsKeptAsSent() {
        wm.stubFor(any(anyUrl())
                .willReturn(aResponse()
                        .withStatus(400)
                        .withBody("{\"code\":\"brand_new_code\",\"message\":\"Something new\",\"details\":[1,2]}")));

        BadRequestException e =
                assertThrows(BadRequestException.class, () -> api().conversationsMessagesPost(Operations.body8()));

        assertEquals("brand_new_code", e.errorCode());
        assertEquals("Something new", e.errorMessage());
    }

    @Test
    void proxyHtmlPageKeepsTheBodyButHasNoCode() {
        String html = "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>";
        wm.stubFor(any(anyUrl())
                .willReturn(aResponse()
                        .withStatus(502)
                        .withHeader("Content-Type", "text/html")
                        .withBody(html)));

        ServerErrorException e = assertThrows(
                ServerErrorException.class, () -> api().conversationsPushedMessagesPost(Operations.body10()));

        assertEquals(502, e.statusCode());
        assertNull(e.errorCode());
        assertNull(e.errorMessage());
        assertEquals(html, e.rawBody());
        assertEquals("HTTP 502 (POST /conversations/pushedMessages)", e.getMessage());
    }

    @Test
    void errorWithEmptyBodyStillMaps() {
        wm.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(404)));

        NotFoundException e = assertThrows(NotFoundException.class, () -> api().conversationsMessagesIdGet(MESSAGE_ID));

        assertNull(e.errorCode());
        assertEquals("", e.rawBody());
        assertEquals("HTTP 404 (GET /conversations/messages/{id})", e.getMessage());
    }

    @Test
    void hugeErrorBodyIsReadOnlyUpToTheBound() {
        String huge = "{\"code\":\"bad_request\",\"message\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}";
        wm.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(400).withBody(huge)));

        BadRequestException e =
                assertThrows(BadRequestException.class, () -> api().conversationsMessagesPost(Operations.body8()));

        assertEquals(64 * 1024, e.rawBody().length());
        assertTrue(huge.startsWith(e.rawBody()));
    }

    @Test
    void redirectIsNotFollowedSoTheKeyNeverGoesElsewhere() {
        wm.stubFor(any(anyUrl())
                .willReturn(aResponse().withStatus(302).withHeader("Location", wm.baseUrl() + "/elsewhere")));

        BrevoApiException e = assertThrows(BrevoApiException.class, () -> api().conversationsMessagesIdGet(MESSAGE_ID));

        assertEquals(302, e.statusCode());
        assertEquals(1, received().size(), "the Location was not requested");
    }

    @Test
    void rateLimitStateIsReadableFromTheException() {
        wm.stubFor(any(anyUrl())
                .willReturn(aResponse()
                        .withStatus(429)
                        .withHeader("x-sib-ratelimit-limit", "10")
                        .withHeader("x-sib-ratelimit-remaining", "0")
                        .withHeader("x-sib-ratelimit-reset", "42")
                        .withBody("{\"code\":\"too_many_requests\",\"message\":\"slow down\"}")));

        TooManyRequestsException e =
                assertThrows(TooManyRequestsException.class, () -> api().conversationsMessagesIdGet(MESSAGE_ID));

        RateLimit rateLimit = e.rateLimit();
        assertEquals(10, rateLimit.limit());
        assertEquals(0, rateLimit.remaining());
        assertEquals(42, rateLimit.reset().getSeconds());
    }

    @Test
    void successBodyThatIsNotJsonIsTheSdksOwnDecodeException() {
        wm.stubFor(any(anyUrl())
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "text/html")
                        .withBody("<html>maintenance</html>")));

        BrevoDecodeException e =
                assertThrows(BrevoDecodeException.class, () -> api().conversationsMessagesIdGet(MESSAGE_ID));

        assertEquals(200, e.statusCode());
        assertEquals("<html>maintenance</html>", e.rawBody());
        assertTrue(e.getMessage().startsWith("HTTP 200 body is not a ConversationsMessage JSON"), e.getMessage());
        assertTrue(e.getMessage().endsWith("(GET /conversations/messages/{id})"), e.getMessage());
    }

    @Test
    void successBodyOfTheWrongShapeIsTheSdksOwnDecodeException() {
        wm.stubFor(any(anyUrl())
                .willReturn(aResponse().withStatus(200).withBody("{\"id\":\"x\",\"createdAt\":\"yesterday\"}")));

        BrevoDecodeException e =
                assertThrows(BrevoDecodeException.class, () -> api().conversationsPushedMessagesIdGet(PUSHED_ID));

        assertEquals("{\"id\":\"x\",\"createdAt\":\"yesterday\"}", e.rawBody());
    }

    @Test
    void successBodyThatIsAJsonArrayIsTheSdksOwnDecodeException() {
        wm.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("[1,2,3]")));

        assertThrows(
                BrevoDecodeException.class,
                () -> api().conversationsMessagesIdPut(
                                MESSAGE_ID, new io.github.conversations4j.model.Body9().text("x")));
    }

    @Test
    void emptySuccessBodyWhereAMessageIsExpectedIsADecodeException() {
        wm.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)));

        BrevoDecodeException e =
                assertThrows(BrevoDecodeException.class, () -> api().conversationsMessagesPost(Operations.body8()));

        assertEquals(
                "HTTP 200 empty body where a ConversationsMessage was expected (POST /conversations/messages)",
                e.getMessage());
    }
}
