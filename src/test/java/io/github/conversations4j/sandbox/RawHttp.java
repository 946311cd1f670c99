package io.github.conversations4j.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Plain java.net.http calls to the sandbox, so its wire behaviour is tested without the SDK in between. */
final class RawHttp {
    static final ObjectMapper JSON = new ObjectMapper();
    /**
     * Only against a hang: a first request (the JDK's client and the sandbox's handler loading) took over 10 s on a
     * 2-core machine under load 36.
     */
    private static final Duration PATIENT = Duration.ofSeconds(60);

    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(PATIENT).build();
    private final ConversationsSandbox sandbox;

    RawHttp(ConversationsSandbox sandbox) {
        this.sandbox = sandbox;
    }

    HttpResponse<String> send(String method, String path, String body) {
        return send(method, path, body, sandbox.apiKey());
    }

    /** Sends a request; {@code apiKey} null sends no key header, {@code body} null sends no body. */
    HttpResponse<String> send(String method, String path, String body, String apiKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path))
                .timeout(PATIENT)
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (apiKey != null) {
            request.header("api-key", apiKey);
        }
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }
}
