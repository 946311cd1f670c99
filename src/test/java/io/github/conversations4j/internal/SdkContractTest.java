package io.github.conversations4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import feign.Headers;
import feign.MethodMetadata;
import feign.Param;
import feign.Request;
import feign.RequestLine;
import feign.RequestTemplate;
import io.github.conversations4j.api.ConversationsApi;
import io.github.conversations4j.spec.Inventories;
import io.github.conversations4j.spec.Spec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The contract moves exactly the declared JSON headers to {@link SdkTarget}, and refuses anything else. */
class SdkContractTest {

    interface ExtraHeader {
        @RequestLine("GET /x/{id}")
        @Headers({"Accept: application/json", "X-Trace: {trace}"})
        String get(@Param("id") String id, @Param("trace") String trace);
    }

    interface XmlBody {
        @RequestLine("POST /x")
        @Headers({"Content-Type: application/xml", "Accept: application/json"})
        String post(String body);
    }

    interface NoAccept {
        @RequestLine("GET /x")
        String get();
    }

    @Test
    void theGeneratedInterfaceDeclaresExactlyWhatTheTargetSends() {
        List<MethodMetadata> all = new SdkContract().parseAndValidateMetadata(ConversationsApi.class);
        assertEquals(
                Inventories.apiMethodCount(Spec.project()),
                all.size(),
                "each operation of the spec, and its WithHttpInfo variant");
        for (MethodMetadata m : all) {
            assertTrue(
                    m.template().headers().isEmpty(),
                    m.configKey() + " " + m.template().headers());
        }
    }

    @Test
    void anyOtherHeaderDeclarationIsRefusedWhenTheClientIsBuilt() {
        for (Class<?> api : List.of(ExtraHeader.class, XmlBody.class, NoAccept.class)) {
            IllegalStateException e =
                    assertThrows(IllegalStateException.class, () -> new SdkContract().parseAndValidateMetadata(api));
            assertTrue(e.getMessage().startsWith(api.getSimpleName() + "#"), e.getMessage());
            assertTrue(e.getMessage().contains("SdkTarget sends only those"), e.getMessage());
        }
    }

    @Test
    void theTargetPutsTheHeadersBackAndPrefixesTheBaseUrl() {
        SdkTarget<ConversationsApi> target = new SdkTarget<>(ConversationsApi.class, "https://api.brevo.com/v3");
        RequestTemplate get =
                new RequestTemplate().method(Request.HttpMethod.GET).uri("/conversations/messages/a%2Fb");
        get = get.resolve(java.util.Map.of());
        Request r = target.apply(get);
        assertEquals("https://api.brevo.com/v3/conversations/messages/a%2Fb", r.url());
        assertEquals(java.util.Map.of("Accept", List.of("application/json")), r.headers());
        assertEquals(null, r.body());

        RequestTemplate post =
                new RequestTemplate().method(Request.HttpMethod.POST).uri("/conversations/messages");
        post.body("{\"text\":\"é\"}".getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        post = post.resolve(java.util.Map.of());
        r = target.apply(post);
        assertEquals(List.of("application/json"), r.headers().get("content-type"));
        assertEquals(List.of("13"), r.headers().get("Content-Length"));
        assertEquals("{\"text\":\"é\"}", new String(r.body(), StandardCharsets.UTF_8));
    }
}
