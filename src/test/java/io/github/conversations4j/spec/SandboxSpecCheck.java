package io.github.conversations4j.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.conversations4j.sandbox.ConversationsSandbox;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Holds {@link ConversationsSandbox} to a spec over raw HTTP, and says where it differs, one sentence each:
 *
 * <ul>
 *   <li>every operation is routed, and every request example of the spec gets the documented success status;
 *   <li>every request body without one of its required fields gets a 400;
 *   <li>every request body without one of its optional fields still gets the success status;
 *   <li>every other method on a path of the spec gets a 405 (or a 404 "no such endpoint").
 * </ul>
 *
 * <p>Each request is made on a fresh sandbox state, prepared from the spec alone: each {@code POST} without path
 * parameters is sent once with its first example (so that the visitor of the examples is known), and each path
 * parameter is the {@code id} of a fresh resource made by a {@code POST} with its first example on the path above
 * it, or else the parameter's example. Where a field has several examples, the first that has the field is used.
 * The sentences are stable (no ids, codes or messages), so {@code openapi/sandbox-behaviour.txt} can list the sandbox's
 * deliberate rules by copying them.
 */
public final class SandboxSpecCheck {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Only against a hang: a first request on a loaded 2-core machine took over 10 s (see RawHttp). */
    private static final Duration PATIENT = Duration.ofSeconds(60);

    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE", "PATCH");

    private final Spec spec;
    private final ConversationsSandbox sandbox;
    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(PATIENT).build();

    private SandboxSpecCheck(Spec spec, ConversationsSandbox sandbox) {
        this.spec = spec;
        this.sandbox = sandbox;
    }

    /** A response: status, the {@code code} of an error body (or null), and the body. */
    private record Answer(int status, String code, JsonNode body) {
        boolean unrouted() {
            return status == 405 || status == 404 && !"document_not_found".equals(code);
        }

        /** The status alone: error codes and messages are the sandbox's wording, not what this check compares. */
        @Override
        public String toString() {
            return Integer.toString(status);
        }
    }

    /**
     * Checks a sandbox of its own against the spec.
     *
     * @param spec the spec
     * @return every difference, in the spec's order
     */
    public static List<String> differences(Spec spec) {
        try (ConversationsSandbox sandbox = ConversationsSandbox.start()) {
            return new SandboxSpecCheck(spec, sandbox).run();
        }
    }

    private List<String> run() {
        List<String> differences = new ArrayList<>();
        Set<String> paths = new LinkedHashSet<>();
        for (Spec.Operation op : spec.operations()) {
            paths.add(op.path());
            check(op, differences);
        }
        for (String path : paths) {
            Spec.Operation any = spec.operations().stream()
                    .filter(op -> op.path().equals(path))
                    .findFirst()
                    .get();
            for (String method : METHODS) {
                boolean documented = spec.operations().stream()
                        .anyMatch(op -> op.path().equals(path) && op.method().equals(method));
                if (!documented) {
                    Answer answer =
                            send(method, prepare(any), method.equals("GET") || method.equals("DELETE") ? null : "{}");
                    if (!answer.unrouted()) {
                        differences.add(
                                method + " " + path + ": not in the spec, the sandbox answered " + answer + ".");
                    }
                }
            }
        }
        return differences;
    }

    private void check(Spec.Operation op, List<String> differences) {
        int success = op.successStatus();
        List<Spec.Example> examples = op.requestExamples();
        if (examples.isEmpty()) {
            if (op.requestSchema() != null) {
                differences.add(op.requestLine() + ": the spec gives no request example to check the sandbox with.");
                return;
            }
            examples = List.of(new Spec.Example(null, null));
        }
        for (Spec.Example example : examples) {
            Answer answer = send(op.method(), prepare(op), json(example.value()));
            String where = op.requestLine() + (example.name() == null ? "" : ", example \"" + example.name() + "\"");
            if (answer.unrouted()) {
                differences.add(op.requestLine() + ": not routed by the sandbox (it answered " + answer + ").");
                return;
            }
            if (answer.status() != success) {
                differences.add(where + ": the spec documents " + success + ", the sandbox answered " + answer + ".");
            }
        }
        Spec.Schema schema = op.requestSchema() == null ? null : spec.schemas().get(op.requestSchema());
        if (schema == null) {
            return;
        }
        for (String field : schema.fields()) {
            Spec.Example example = op.requestExamples().stream()
                    .filter(e -> e.value().containsKey(field))
                    .findFirst()
                    .orElse(null);
            if (example == null) {
                continue;
            }
            Map<String, Object> without = new LinkedHashMap<>(example.value());
            without.remove(field);
            Answer answer = send(op.method(), prepare(op), json(without));
            boolean required = schema.required().contains(field);
            String where =
                    op.requestLine() + ", request body without " + field + " (" + (required ? "required" : "optional")
                            + " in the spec; example \"" + example.name() + "\"): the sandbox answered ";
            if (required && answer.status() != 400) {
                differences.add(where + answer + ", not 400.");
            } else if (!required && answer.status() != success) {
                differences.add(where + answer + ".");
            }
        }
    }

    /** Resets the sandbox, makes what the spec's examples need, and gives the path to request. */
    private String prepare(Spec.Operation op) {
        sandbox.reset();
        for (Spec.Operation seed : spec.operations()) {
            if (seed.method().equals("POST")
                    && seed.pathParameters().isEmpty()
                    && !seed.requestExamples().isEmpty()) {
                send("POST", seed.path(), json(seed.requestExamples().get(0).value()));
            }
        }
        String path = op.path();
        for (Spec.Parameter parameter : op.pathParameters()) {
            String placeholder = "{" + parameter.name() + "}";
            String above = path.substring(0, path.indexOf(placeholder) - 1);
            String value = parameter.example() == null ? "x1" : String.valueOf(parameter.example());
            for (Spec.Operation create : spec.operations()) {
                if (create.method().equals("POST")
                        && create.path().equals(above)
                        && !create.requestExamples().isEmpty()) {
                    Answer made = send(
                            "POST", above, json(create.requestExamples().get(0).value()));
                    if (made.body() != null && made.body().path("id").isTextual()) {
                        value = made.body().get("id").asText();
                    }
                }
            }
            path = path.replace(placeholder, value);
        }
        return path;
    }

    private Answer send(String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path))
                .timeout(PATIENT)
                .header("api-key", sandbox.apiKey())
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        JsonNode node = null;
        if (!response.body().isEmpty()) {
            try {
                node = JSON.readTree(response.body());
            } catch (JsonProcessingException e) {
                throw new AssertionError(method + " " + path + ": the sandbox answered a body that is not JSON", e);
            }
        }
        String code = response.statusCode() >= 400
                        && node != null
                        && node.path("code").isTextual()
                ? node.get("code").asText()
                : null;
        return new Answer(response.statusCode(), code, node);
    }

    private static String json(Map<String, Object> value) {
        if (value == null) {
            return null;
        }
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
