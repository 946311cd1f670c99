package io.github.conversations4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.conversations4j.errors.BadRequestException;
import io.github.conversations4j.errors.BrevoApiException;
import io.github.conversations4j.errors.BrevoConnectionException;
import io.github.conversations4j.errors.BrevoDecodeException;
import io.github.conversations4j.errors.BrevoException;
import io.github.conversations4j.errors.ForbiddenException;
import io.github.conversations4j.errors.InvalidRequestException;
import io.github.conversations4j.errors.InvalidWebhookException;
import io.github.conversations4j.errors.NotFoundException;
import io.github.conversations4j.errors.PaymentRequiredException;
import io.github.conversations4j.errors.ServerErrorException;
import io.github.conversations4j.errors.TooManyRequestsException;
import io.github.conversations4j.errors.UnauthorizedException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a user's test does: build every exception the SDK throws, from outside the errors package. */
class ExceptionBuildersTest {

    @Test
    void eachStatusSubclassBuildsWithItsStatusAndTheSdksMessage() {
        NotFoundException e = NotFoundException.builder()
                .errorCode("document_not_found")
                .errorMessage("Message not found")
                .request("GET /conversations/messages/{id}")
                .build();
        assertEquals(404, e.statusCode());
        assertEquals(
                "HTTP 404 document_not_found: Message not found (GET /conversations/messages/{id})", e.getMessage());
        assertEquals(1, e.attempts());
        assertEquals("", e.rawBody());

        assertEquals(400, BadRequestException.builder().build().statusCode());
        assertEquals(401, UnauthorizedException.builder().build().statusCode());
        assertEquals(402, PaymentRequiredException.builder().build().statusCode());
        assertEquals(403, ForbiddenException.builder().build().statusCode());
        assertEquals(429, TooManyRequestsException.builder().build().statusCode());
        assertEquals(500, ServerErrorException.builder().build().statusCode());
        assertEquals("HTTP 500", ServerErrorException.builder().build().getMessage());
    }

    @Test
    void theStatusBuilderPicksTheClassTheSdkWouldThrow() {
        assertSame(
                NotFoundException.class, BrevoApiException.builder(404).build().getClass());
        assertSame(
                BadRequestException.class,
                BrevoApiException.builder(400).build().getClass());
        assertSame(
                TooManyRequestsException.class,
                BrevoApiException.builder(429).build().getClass());
        BrevoApiException e503 = BrevoApiException.builder(503).build();
        assertSame(ServerErrorException.class, e503.getClass());
        assertEquals(503, e503.statusCode());
        assertSame(
                BrevoApiException.class, BrevoApiException.builder(409).build().getClass());
        assertThrows(IllegalArgumentException.class, () -> BrevoApiException.builder(42));
    }

    @Test
    void headersBodyAndAttemptsCarryThrough_andTheRateLimitIsReadFromTheHeaders() {
        TooManyRequestsException e = TooManyRequestsException.builder()
                .headers(Map.of(
                        "X-Sib-RateLimit-Limit",
                        List.of("100"),
                        "x-sib-ratelimit-remaining",
                        List.of("0"),
                        "x-sib-ratelimit-reset",
                        List.of("7")))
                .rawBody("{\"code\":\"too_many_requests\"}")
                .attempts(3)
                .build();
        assertEquals("0", e.header("X-SIB-RATELIMIT-REMAINING"));
        assertEquals("{\"code\":\"too_many_requests\"}", e.rawBody());
        assertEquals(3, e.attempts());
        assertNotNull(e.rateLimit());
        assertThrows(
                IllegalArgumentException.class,
                () -> NotFoundException.builder().attempts(-1));
    }

    @Test
    void connectionFailure() {
        SocketTimeoutException cause = new SocketTimeoutException("Read timed out");
        BrevoConnectionException e = BrevoConnectionException.builder()
                .request("POST /conversations/messages")
                .timeout(true)
                .cause(cause)
                .attempts(2)
                .build();
        assertEquals(
                "No response to POST /conversations/messages: SocketTimeoutException Read timed out"
                        + " (the request may have reached the server) after 2 attempts",
                e.getMessage());
        assertTrue(e.mayHaveReachedServer());
        assertTrue(e.isTimeout());
        assertSame(cause, e.getCause());
        assertFalse(BrevoConnectionException.builder()
                .mayHaveReachedServer(false)
                .build()
                .mayHaveReachedServer());
    }

    @Test
    void decodeFailure() {
        BrevoDecodeException e = BrevoDecodeException.builder()
                .request("GET /conversations/messages/{id}")
                .problem("response body is not JSON")
                .rawBody("<html>")
                .build();
        assertEquals("HTTP 200 response body is not JSON (GET /conversations/messages/{id})", e.getMessage());
        assertEquals(200, e.statusCode());
        assertEquals("<html>", e.rawBody());
        IllegalStateException missing = assertThrows(
                IllegalStateException.class,
                () -> BrevoDecodeException.builder().build());
        assertTrue(missing.getMessage().contains("problem"), missing.getMessage());
    }

    @Test
    void clientSideRefusal() {
        InvalidRequestException e =
                InvalidRequestException.of("conversationsMessagesPost", "visitorId", "visitorId must not be blank");
        assertEquals(
                "Invalid conversationsMessagesPost request: visitorId must not be blank (nothing was sent)",
                e.getMessage());
        assertEquals("visitorId", e.field());
        assertEquals("conversationsMessagesPost", e.operation());
        assertEquals(0, e.attempts());
        NullPointerException missing =
                assertThrows(NullPointerException.class, () -> InvalidRequestException.of("x", null, "p"));
        assertEquals("field", missing.getMessage());
    }

    @Test
    void invalidWebhookAndTheRoot() {
        IOException cause = new IOException("cut");
        InvalidWebhookException w = InvalidWebhookException.of("Invalid webhook: no eventName", cause);
        assertEquals("Invalid webhook: no eventName", w.getMessage());
        assertSame(cause, w.getCause());
        assertEquals(0, w.attempts());
        assertThrows(NullPointerException.class, () -> InvalidWebhookException.of(null, cause));

        BrevoException root = BrevoException.of("Unexpected failure", null, 0);
        assertSame(BrevoException.class, root.getClass());
        assertEquals("Unexpected failure", root.getMessage());
        assertNull(root.getCause());
        assertEquals(0, root.attempts());
        IllegalArgumentException negative =
                assertThrows(IllegalArgumentException.class, () -> BrevoException.of("boom", null, -1));
        assertEquals("attempts must not be negative: -1", negative.getMessage());
    }

    /** A user's own subclass, through the protected constructor. */
    static final class MyNotFound extends NotFoundException {
        private static final long serialVersionUID = 1L;

        MyNotFound() {
            super(NotFoundException.builder().errorCode("mine"));
        }
    }

    @Test
    void aSubclassOfYourOwn() {
        MyNotFound e = new MyNotFound();
        assertEquals(404, e.statusCode());
        assertEquals("mine", e.errorCode());
    }
}
