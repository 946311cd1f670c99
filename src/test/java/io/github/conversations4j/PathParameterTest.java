package io.github.conversations4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import feign.Client;
import feign.Request;
import feign.Response;
import io.github.conversations4j.api.ConversationsApi;
import io.github.conversations4j.errors.BrevoDecodeException;
import io.github.conversations4j.errors.InvalidRequestException;
import io.github.conversations4j.spec.Inventories;
import io.github.conversations4j.spec.Inventories.PathParameterCase;
import io.github.conversations4j.spec.Spec;
import java.lang.reflect.InvocationTargetException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Whatever string is passed as a path parameter, the request goes to exactly one path segment, or nowhere. Every
 * path parameter of every operation in {@code openapi/conversations.yaml} gets these cases, each called through its
 * generated method (see {@link Inventories#pathParameterCases}).
 */
class PathParameterTest {

    /** A transport that records the URLs it is asked for and answers 204. */
    static final class RecordingClient implements Client {
        final List<String> urls = new ArrayList<>();

        @Override
        public Response execute(Request request, Request.Options options) {
            urls.add(request.url());
            return Response.builder()
                    .status(204)
                    .headers(Map.of())
                    .request(request)
                    .build();
        }
    }

    static List<String> hostileIds() {
        return List.of(
                "a/b",
                "../../contacts",
                "..%2F..%2Fcontacts",
                "%2e%2e",
                "a%2Fb",
                "x?limit=1000",
                "x#frag",
                "with space",
                "ünïcödé-✓",
                "a\\b",
                "./x",
                "x/..",
                "id;jsessionid=1",
                "{id}",
                "%",
                "%%32%66",
                "a+b",
                "@admin",
                "xkeysib-\u00a0",
                "~user",
                "a&b=c",
                "😀");
    }

    /** Every path parameter of every operation in the spec: nothing here lists them by hand. */
    static List<PathParameterCase> parameters() {
        List<PathParameterCase> cases = Inventories.pathParameterCases(Spec.project());
        assertFalse(cases.isEmpty(), "the spec has operations with path parameters");
        return cases;
    }

    /** Calls the operation's generated method with {@code value} for the parameter and a valid rest. */
    private static void call(ConversationsApi api, PathParameterCase c, String value) throws Throwable {
        Object[] args = Inventories.arguments(c.operation(), Map.of(c.parameter(), value));
        try {
            Inventories.apiMethod(c.operation()).invoke(api, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("hostileIds")
    void idIsAlwaysExactlyOneEncodedSegment(String id) throws Throwable {
        RecordingClient client = new RecordingClient();
        ConversationsApi api =
                BrevoConversations.builder().apiKey("k").client(client).build();
        List<PathParameterCase> cases = parameters();

        for (PathParameterCase c : cases) {
            int before = client.urls.size();
            try {
                call(api, c, id);
            } catch (BrevoDecodeException e) {
                // Operations that expect a body back; the recorded URL is what this test is about.
            }
            assertEquals(before + 1, client.urls.size(), c + ": one request");
            String url = client.urls.get(before);
            URI uri = URI.create(url);
            assertEquals("api.brevo.com", uri.getHost());
            assertEquals(null, uri.getRawQuery(), c + " " + url);
            assertEquals(null, uri.getRawFragment(), c + " " + url);
            String path = uri.getRawPath();
            assertTrue(path.startsWith("/v3/"), url);
            Matcher m = Inventories.pathPattern(c.operation(), c.parameter()).matcher(path.substring("/v3".length()));
            assertTrue(
                    m.matches(),
                    c + ": the value stays in its segment of " + c.operation().path() + ": " + url);
            String segment = m.group(1);
            assertFalse(segment.contains("/"), url);
            assertTrue(segment.matches("[A-Za-z0-9._~%-]+"), c + ": only unreserved characters and escapes: " + url);
            assertEquals(
                    id,
                    URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8),
                    c + ": the segment decodes back to the value as given");
        }
        assertEquals(cases.size(), client.urls.size());
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {".", "..", "", " ", "a\nb", "a\rb", "a\u0000b", "a\tb", "\u007f"})
    void unusableIdIsRefusedBeforeAnyIo(String id) {
        RecordingClient client = new RecordingClient();
        ConversationsApi api =
                BrevoConversations.builder().apiKey("k").client(client).build();

        for (PathParameterCase c : parameters()) {
            InvalidRequestException e =
                    assertThrows(InvalidRequestException.class, () -> call(api, c, id), c::toString);
            assertEquals(c.parameter(), e.field(), c.toString());
        }
        assertEquals(List.of(), client.urls);
    }
}
