package io.github.conversations4j;

import io.github.conversations4j.errors.BrevoDecodeException;
import io.github.conversations4j.errors.InvalidRequestException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import feign.Client;
import feign.Request;
import feign.Response;
import io.github.conversations4j.api.ConversationsApi;
import io.github.conversations4j.model.Body11;
import io.github.conversations4j.model.Body9;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Whatever string is passed as a message id, the request goes to exactly one path segment, or nowhere. */
class PathParameterTest {

  /** A transport that records the URLs it is asked for and answers 204. */
  static final class RecordingClient implements Client {
    final List<String> urls = new ArrayList<>();

    @Override
    public Response execute(Request request, Request.Options options) {
      urls.add(request.url());
      return Response.builder().status(204).headers(Map.of()).request(request).build();
    }
  }

  static List<String> hostileIds() {
    return List.of("a/b", "../../contacts", "..%2F..%2Fcontacts", "%2e%2e", "a%2Fb", "x?limit=1000", "x#frag",
        "with space", "ünïcödé-✓", "a\\b", "./x", "x/..", "id;jsessionid=1", "{id}", "%", "%%32%66",
        "a+b", "@admin", "xkeysib-\u00a0", "~user", "a&b=c", "😀");
  }

  private static List<BiConsumer<ConversationsApi, String>> idCalls() {
    return List.of(
        ConversationsApi::conversationsMessagesIdGet,
        ConversationsApi::conversationsMessagesIdDelete,
        (api, id) -> api.conversationsMessagesIdPut(id, new Body9().text("x")),
        ConversationsApi::conversationsPushedMessagesIdGet,
        ConversationsApi::conversationsPushedMessagesIdDelete,
        (api, id) -> api.conversationsPushedMessagesIdPut(id, new Body11().text("x")));
  }

  @ParameterizedTest(name = "[{0}]")
  @MethodSource("hostileIds")
  void idIsAlwaysExactlyOneEncodedSegment(String id) {
    RecordingClient client = new RecordingClient();
    ConversationsApi api = BrevoConversations.builder().apiKey("k").client(client).build();

    for (BiConsumer<ConversationsApi, String> call : idCalls()) {
      try {
        call.accept(api, id);
      } catch (BrevoDecodeException e) {
        // The PUTs expect a message back; the recorded URL is what this test is about.
      }
    }

    assertEquals(6, client.urls.size());
    for (String url : client.urls) {
      URI uri = URI.create(url);
      assertEquals("api.brevo.com", uri.getHost());
      assertEquals(null, uri.getRawQuery(), url);
      assertEquals(null, uri.getRawFragment(), url);
      String path = uri.getRawPath();
      String prefix = path.startsWith("/v3/conversations/messages/")
          ? "/v3/conversations/messages/" : "/v3/conversations/pushedMessages/";
      assertTrue(path.startsWith(prefix), url);
      String segment = path.substring(prefix.length());
      assertFalse(segment.contains("/"), url);
      assertTrue(segment.matches("[A-Za-z0-9._~%-]+"), "only unreserved characters and escapes: " + url);
      assertEquals(id, URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8),
          "the segment decodes back to the id as given");
    }
  }

  @ParameterizedTest(name = "[{0}]")
  @ValueSource(strings = {".", "..", "", " ", "a\nb", "a\rb", "a\u0000b", "a\tb", "\u007f"})
  void unusableIdIsRefusedBeforeAnyIo(String id) {
    RecordingClient client = new RecordingClient();
    ConversationsApi api = BrevoConversations.builder().apiKey("k").client(client).build();

    for (BiConsumer<ConversationsApi, String> call : idCalls()) {
      InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> call.accept(api, id));
      assertEquals("id", e.field());
    }
    assertEquals(List.of(), client.urls);
  }
}
