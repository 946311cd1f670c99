package io.github.conversations4j.drift;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.github.conversations4j.drift.DriftTool.Result;
import io.github.conversations4j.testing.TestTls;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.representer.Representer;

/**
 * The comparison behind {@code openapi/drift}: {@code Drift.java} called as a library in this JVM (see
 * {@link DriftTool}), with the arguments people give the script. {@link DriftScriptsTest} runs the scripts themselves
 * as processes. Nothing here reaches the internet: URLs point at a local HTTPS server or at a closed port.
 *
 * <p>Three tests compare Brevo's 2026 contract (and edited copies of it) with our real spec, so they pass once
 * {@code openapi/conversations.yaml} follows that contract (its deliberate differences listed in the drift-ignore
 * block of {@code openapi/README.md}). Every other test pins the comparison itself, with {@code --ours} pointing at
 * a fixed file.
 */
class DriftTest {
    static final Path OURS = Path.of("openapi/conversations.yaml");
    /**
     * The upstream snapshot that {@code openapi/refresh} replaces with each new Brevo definition: only the tests that
     * check our spec follows it read it. Every test of the tool itself reads {@link #CONTRACT_2026}.
     */
    static final Path UPSTREAM = Path.of("openapi/upstream/brevo-conversations.yaml");
    /**
     * Brevo's 2026 extract, frozen as the drift tool's test fixture (a copy of the snapshot as it was; the golden
     * files under src/test/resources/drift compare with it), so that taking a new Brevo definition in changes none of
     * the tool's tests.
     */
    static final Path CONTRACT_2026 = Path.of("src/test/resources/drift/brevo-conversations-2026.yaml");

    static final Path OLDER_OAS3 = Path.of("openapi/upstream/brevo-oas3-conversations.yaml");
    static final Path SWAGGER2 = Path.of("openapi/upstream/sendinblue-swagger2-conversations.yaml");

    @TempDir
    static Path tmp;

    static Result drift(Object... args) {
        return DriftTool.drift(args);
    }

    static void assertDifferences(List<String> expected, Result result) {
        assertEquals(expected.isEmpty() ? 0 : 1, result.exit(), result::toString);
        assertEquals(expected, result.lines(), result::toString);
    }

    static void assertUnreadable(Result result, String message) {
        assertEquals(2, result.exit(), result::toString);
        assertEquals("", result.out(), "nothing on stdout");
        assertTrue(result.err().contains(message), () -> "stderr names the problem (" + message + "): " + result);
    }

    // -------------------------------------------------------------------------------------------------------------
    // YAML trees, for the edited copies.

    static Yaml yaml() {
        DumperOptions dumper = new DumperOptions();
        dumper.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        dumper.setWidth(160);
        return new Yaml(new SafeConstructor(new LoaderOptions()), new Representer(dumper), dumper);
    }

    static Map<String, Object> load(Path file) throws IOException {
        return yaml().load(Files.readString(file, UTF_8));
    }

    static Path write(String name, String text) throws IOException {
        Path dir = Files.createTempDirectory(tmp, "case");
        return Files.writeString(dir.resolve(name), text, UTF_8);
    }

    static Path writeYaml(Map<String, Object> doc) throws IOException {
        return write("upstream.yaml", yaml().dump(doc));
    }

    /** The mapping at a path of keys (strings) and list indexes (integers). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> at(Object node, Object... keys) {
        Object o = node;
        for (Object key : keys) {
            o = key instanceof Integer i ? ((List<Object>) o).get(i) : ((Map<String, Object>) o).get(key);
            if (o == null) {
                throw new AssertionError("the 2026 contract has nothing at " + Arrays.toString(keys));
            }
        }
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    static List<Object> listAt(Object node, Object... keys) {
        Object[] parent = Arrays.copyOf(keys, keys.length - 1);
        return (List<Object>) at(node, parent).get(keys[keys.length - 1]);
    }

    static Map<String, Object> message(Map<String, Object> doc) {
        return at(doc, "components", "schemas", "ConversationsMessage", "properties");
    }

    static Map<String, Object> requestSchema(Map<String, Object> doc, String path, String method) {
        return at(doc, "paths", path, method, "requestBody", "content", "application/json", "schema");
    }

    static Map<String, Object> mapOf(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    // -------------------------------------------------------------------------------------------------------------
    // Our spec against Brevo's 2026 contract (pass once the spec follows it).

    @Test
    void theUpstreamSnapshotMatchesOurSpec() throws Exception {
        Result result = drift(UPSTREAM);
        assertEquals(
                0,
                result.exit(),
                () -> "openapi/conversations.yaml follows " + UPSTREAM + ", its deliberate"
                        + " differences listed in the drift-ignore block of openapi/README.md\n" + result);
        assertEquals("", result.out());
    }

    @Test
    void the2026ContractMatchesItself() throws Exception {
        Result result = drift("--no-ignore", "--ours", CONTRACT_2026, CONTRACT_2026);
        assertDifferences(List.of(), result);
        assertEquals("", result.err(), "nothing to say");
    }

    // -------------------------------------------------------------------------------------------------------------
    // The two older extracts.

    @Test
    void theOlderBrevoExtractDiffers() throws Exception {
        // Against our spec: what the spec took from Swagger 2 on purpose, true before and after following 2026.
        Result ours = drift("--no-ignore", OLDER_OAS3);
        assertEquals(1, ours.exit(), ours::toString);
        assertTrue(
                ours.lines()
                        .containsAll(List.of(
                                "POST /conversations/messages, request body, field text: upstream has no type, ours has type string.",
                                "POST /conversations/agentOnlinePing, request body, field agentEmail: upstream has no format, ours has"
                                        + " format email.")),
                ours::toString);

        // Against the 2026 contract: everything that changed, in a fixed order and wording.
        Result contract = drift("--no-ignore", "--ours", CONTRACT_2026, OLDER_OAS3);
        assertDifferences(golden("brevo-oas3-conversations-vs-2026.txt"), contract);
        assertTrue(
                contract.lines()
                        .containsAll(
                                List.of(
                                        "PUT /conversations/visitorGroup: ours has it, upstream does not.",
                                        "schema ConversationsMessage, field file.filename: upstream has it, ours does not.",
                                        "schema ConversationsMessage, field file.name: ours has it, upstream does not.",
                                        "schema ConversationsMessage, field file.url: upstream has it, ours does not.",
                                        "schema ConversationsMessage, field file.link: ours has it, upstream does not.",
                                        "schema ConversationsMessage, field file.imageInfo.previewUrl: upstream has it, ours does not.",
                                        "schema ConversationsMessage, field file.imageInfo.previewLink: ours has it, upstream does not.")));
        assertEquals(
                21,
                contract.lines().stream()
                        .filter(l -> l.matches(
                                "schema ConversationsMessage, field [A-Za-z]+: ours has it, upstream does not\\."))
                        .count(),
                "the 21 message fields new in 2026");
    }

    @Test
    void theSwagger2ExtractDiffers() throws Exception {
        Result ours = drift("--no-ignore", SWAGGER2);
        assertEquals(1, ours.exit(), ours::toString);
        assertTrue(
                ours.lines()
                        .contains("PUT /conversations/messages/{id}, request body: optional upstream, required in"
                                + " ours."),
                "the body Swagger 2 had optional; ours requires it (Decision in the shared README)\n" + ours);

        Result contract = drift("--no-ignore", "--ours", CONTRACT_2026, SWAGGER2);
        assertDifferences(golden("sendinblue-swagger2-conversations-vs-2026.txt"), contract);
        assertTrue(
                contract.lines()
                        .containsAll(
                                List.of(
                                        "PUT /conversations/visitorGroup: ours has it, upstream does not.",
                                        "schema ConversationsMessage, field file.filename: upstream has it, ours does not.",
                                        "schema ConversationsMessage, field file.name: ours has it, upstream does not.",
                                        "schema ConversationsMessage, field file.imageInfo.previewLink: ours has it, upstream does not.")));
    }

    /** Reviewed output, kept to hold the wording and the order still (drift-ignore lines depend on them). */
    static List<String> golden(String name) throws IOException {
        return Files.readAllLines(Path.of("src/test/resources/drift", name), UTF_8);
    }

    // -------------------------------------------------------------------------------------------------------------
    // Edited copies of the 2026 contract: one change each, one sentence each.

    /**
     * One change to the 2026 file.
     *
     * @param expected what drift prints against the unedited 2026 file
     * @param expectedVsOurs what it prints against our spec, where our deliberate differences (the security
     *     alternatives) change the sentence
     */
    record Edit(String name, Consumer<Map<String, Object>> change, List<String> expected, List<String> expectedVsOurs) {
        Edit(String name, Consumer<Map<String, Object>> change, String expected) {
            this(name, change, List.of(expected), List.of(expected));
        }

        Edit(String name, Consumer<Map<String, Object>> change, List<String> expected) {
            this(name, change, expected, expected);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Edit> edits() {
        return Stream.of(
                new Edit(
                        "a field removed from a response schema",
                        doc -> message(doc).remove("subject"),
                        "schema ConversationsMessage, field subject: ours has it, upstream does not."),
                new Edit(
                        "a field removed from an operation's own response schema",
                        doc -> at(
                                        doc,
                                        "paths",
                                        "/conversations/visitorGroup",
                                        "put",
                                        "responses",
                                        "200",
                                        "content",
                                        "application/json",
                                        "schema",
                                        "properties")
                                .remove("visitorId"),
                        "PUT /conversations/visitorGroup, 200 response, field visitorId: ours has it, upstream does not."),
                new Edit(
                        "a field's type changed",
                        doc -> at(message(doc), "createdAt").put("type", "string"),
                        "schema ConversationsMessage, field createdAt: upstream has type string, ours has type integer."),
                new Edit(
                        "a format changed",
                        doc -> at(requestSchema(doc, "/conversations/messages", "post"), "properties", "agentEmail")
                                .put("format", "idn-email"),
                        "POST /conversations/messages, request body, field agentEmail: upstream has format idn-email, ours has"
                                + " format email."),
                new Edit(
                        "a request field made required",
                        doc -> requestSchema(doc, "/conversations/agentOnlinePing", "post")
                                .put("required", List.of("agentId")),
                        "POST /conversations/agentOnlinePing, request body, field agentId: required upstream, optional in ours."),
                new Edit(
                        "a required request field added",
                        doc -> {
                            Map<String, Object> body = requestSchema(doc, "/conversations/pushedMessages", "post");
                            at(body, "properties").put("channel", mapOf("type", "string"));
                            listAt(body, "required").add("channel");
                        },
                        "POST /conversations/pushedMessages, request body, field channel: upstream has it (required), ours does"
                                + " not."),
                new Edit(
                        "an enum value added",
                        doc -> listAt(message(doc), "type", "enum").add("bot"),
                        "schema ConversationsMessage, field type: enum value \"bot\": upstream has it, ours does not."),
                new Edit(
                        "an error code removed",
                        doc -> listAt(
                                        doc,
                                        "components",
                                        "responses",
                                        "errorModel",
                                        "content",
                                        "application/json",
                                        "schema",
                                        "properties",
                                        "code",
                                        "enum")
                                .remove("Feed not found"),
                        "response errorModel, field code: enum value \"Feed not found\": ours has it, upstream does not."),
                new Edit(
                        "a nested field renamed",
                        doc -> {
                            Map<String, Object> imageInfo =
                                    at(message(doc), "file", "properties", "imageInfo", "properties");
                            imageInfo.put("previewImageLink", imageInfo.remove("previewLink"));
                        },
                        "schema ConversationsMessage, field file.imageInfo.previewLink: upstream names it previewImageLink."),
                new Edit(
                        "a field added to array items",
                        doc -> at(message(doc), "attachments", "items", "properties")
                                .put("checksum", mapOf("type", "string")),
                        "schema ConversationsMessage, field attachments[].checksum: upstream has it, ours does not."),
                new Edit(
                        "an array's item type changed",
                        doc -> at(message(doc), "cc", "items").put("type", "string"),
                        "schema ConversationsMessage, field cc[]: upstream has type string, ours has type object."),
                new Edit(
                        "a minimum changed",
                        doc -> at(message(doc), "createdAt").put("minimum", 1),
                        "schema ConversationsMessage, field createdAt: upstream has minimum 1, ours has minimum 0."),
                new Edit(
                        "a maximum added",
                        doc -> at(message(doc), "file", "properties", "size").put("maximum", 10485760),
                        "schema ConversationsMessage, field file.size: upstream has maximum 10485760, ours has no maximum."),
                new Edit(
                        "a field made nullable",
                        doc -> at(message(doc), "agentId").put("nullable", true),
                        "schema ConversationsMessage, field agentId: nullable upstream, not nullable in ours."),
                new Edit(
                        "additional properties forbidden",
                        doc -> at(message(doc), "integrations").put("additionalProperties", false),
                        "schema ConversationsMessage, field integrations: upstream forbids additional properties, ours allows"
                                + " any additional properties."),
                new Edit(
                        "a status code removed",
                        doc -> at(doc, "paths", "/conversations/messages/{id}", "delete", "responses")
                                .remove("404"),
                        "DELETE /conversations/messages/{id}, 404 response: ours has it, upstream does not."),
                new Edit(
                        "a response body removed",
                        doc -> at(doc, "paths", "/conversations/messages", "post", "responses", "200")
                                .remove("content"),
                        "POST /conversations/messages, 200 response: ours has a body, upstream has none."),
                new Edit(
                        "a request media type added",
                        doc -> {
                            Map<String, Object> content =
                                    at(doc, "paths", "/conversations/messages", "post", "requestBody", "content");
                            content.put("application/x-www-form-urlencoded", content.get("application/json"));
                        },
                        "POST /conversations/messages, request body, media type application/x-www-form-urlencoded: upstream has"
                                + " it, ours does not."),
                new Edit(
                        "a request body made optional",
                        doc -> at(doc, "paths", "/conversations/messages/{id}", "put", "requestBody")
                                .put("required", false),
                        "PUT /conversations/messages/{id}, request body: optional upstream, required in ours."),
                new Edit(
                        "a new operation",
                        doc -> at(doc, "paths", "/conversations/visitorGroup")
                                .put(
                                        "get",
                                        mapOf("responses", mapOf("200", mapOf("description", "the visitor's group")))),
                        "GET /conversations/visitorGroup: upstream has it, ours does not."),
                new Edit(
                        "a parameter made optional",
                        doc -> at(doc, "paths", "/conversations/pushedMessages/{id}", "get", "parameters", 0)
                                .put("required", false),
                        "GET /conversations/pushedMessages/{id}, path parameter id: optional upstream, required in ours."),
                new Edit(
                        "a query parameter added",
                        doc -> listAt(doc, "paths", "/conversations/messages/{id}", "get", "parameters")
                                .add(mapOf("name", "fields", "in", "query", "schema", mapOf("type", "string"))),
                        "GET /conversations/messages/{id}, query parameter fields: upstream has it, ours does not."),
                new Edit(
                        "top-level security changed",
                        doc -> doc.put("security", List.of(mapOf("partner-key", List.of()))),
                        "top-level security, alternative api-key header: ours has it, upstream does not."),
                new Edit(
                        "an operation's own security",
                        doc -> at(doc, "paths", "/conversations/visitorGroup", "put")
                                .put("security", List.of(mapOf("api-key", List.of()))),
                        List.of(
                                "PUT /conversations/visitorGroup, security, alternative partner-key header: ours has it, upstream"
                                        + " does not."),
                        // Ours has api-key + partner-key where the 2026 file has partner-key alone (a deliberate
                        // difference).
                        List.of(
                                "PUT /conversations/visitorGroup, security, alternative api-key header + partner-key header: ours"
                                        + " has it, upstream does not.")),
                new Edit(
                        "a security scheme moved to the query",
                        doc -> at(doc, "components", "securitySchemes", "partner-key")
                                .put("in", "query"),
                        List.of(
                                "top-level security, alternative partner-key header: ours has it, upstream does not.",
                                "top-level security, alternative partner-key query: upstream has it, ours does not."),
                        // Against ours the partner-key header alternative is a deliberate difference either way.
                        List.of("top-level security, alternative partner-key query: upstream has it, ours does not.")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("edits")
    void anEditedCopyDiffersFromThe2026ContractByThatChange(Edit edit) throws Exception {
        Map<String, Object> doc = load(CONTRACT_2026);
        edit.change().accept(doc);
        assertDifferences(edit.expected(), drift("--no-ignore", "--ours", CONTRACT_2026, writeYaml(doc)));
    }

    /**
     * The same edits against our spec: one sentence each, once the spec follows the 2026 contract. Where both sides
     * use a shared component, the sentence names ours, so only the part after that name is pinned.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("edits")
    void anEditedCopyDiffersFromOurSpecByThatChange(Edit edit) throws Exception {
        Map<String, Object> doc = load(UPSTREAM);
        edit.change().accept(doc);
        Result result = drift(writeYaml(doc));
        assertEquals(1, result.exit(), result::toString);
        assertEquals(edit.expectedVsOurs().size(), result.lines().size(), result::toString);
        for (int i = 0; i < edit.expectedVsOurs().size(); i++) {
            String expected = edit.expectedVsOurs().get(i);
            String actual = result.lines().get(i);
            Matcher shared = Pattern.compile("^(schema|response|parameter|request body) [^,:]+(.*)$")
                    .matcher(expected);
            if (shared.matches()) {
                assertTrue(
                        actual.startsWith(shared.group(1) + " ") && actual.endsWith(shared.group(2)),
                        () -> "expected \"" + expected + "\" up to component names:\n" + result);
            } else {
                assertEquals(expected, actual, result::toString);
            }
        }
    }

    @Test
    void namesDescriptionsExamplesAndExtensionsAreNotCompared() throws Exception {
        Map<String, Object> doc = load(CONTRACT_2026);
        doc.put("info", mapOf("title", "Another title", "version", "9"));
        doc.put("servers", List.of(mapOf("url", "https://api.example.test")));
        doc.put("x-samples-languages", List.of("curl"));
        Map<String, Object> post = at(doc, "paths", "/conversations/messages", "post");
        post.put("operationId", "sendMessage");
        post.put("summary", "Another summary");
        post.put("description", "Another description");
        post.put("tags", List.of("Chat"));
        post.put("x-codegen", mapOf("ignore", true));
        at(post, "requestBody", "content", "application/json").remove("examples");
        at(post, "responses", "200").put("description", "Another description");
        at(message(doc), "createdAt").put("example", 1);
        at(message(doc), "createdAt").put("title", "Created");
        at(message(doc), "createdAt").put("x-unit", "ms");
        // Schema names: ConversationsMessage becomes Message; an inline schema becomes a named one.
        Map<String, Object> schemas = at(doc, "components", "schemas");
        schemas.put("Message", schemas.remove("ConversationsMessage"));
        Map<String, Object> visitorGroup = at(
                doc, "paths", "/conversations/visitorGroup", "put", "responses", "200", "content", "application/json");
        schemas.put("VisitorGroup", visitorGroup.get("schema"));
        visitorGroup.put("schema", mapOf("$ref", "#/components/schemas/VisitorGroup"));
        String text =
                yaml().dump(doc).replace("#/components/schemas/ConversationsMessage", "#/components/schemas/Message");

        assertDifferences(List.of(), drift("--no-ignore", "--ours", CONTRACT_2026, write("renamed.yaml", text)));
    }

    // -------------------------------------------------------------------------------------------------------------
    // Swagger 2, references, recursion.

    static final String OAS3_TWIN = """
      openapi: 3.0.3
      info: {title: twin, version: '1'}
      security: [{key: []}]
      paths:
        /conversations/things/{id}:
          parameters:
            - $ref: '#/components/parameters/Id'
          put:
            parameters:
              - {name: limit, in: query, schema: {type: integer, format: int32, minimum: 1, maximum: 100}}
              - {name: tags, in: query, schema: {type: array, items: {type: string, enum: [a, b]}}}
            requestBody:
              required: true
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/Thing'}
            responses:
              '200':
                description: the thing
                content:
                  application/json:
                    schema: {$ref: '#/components/schemas/Thing'}
              '204': {description: nothing}
              '404': {$ref: '#/components/responses/NotFound'}
        /conversations/forms:
          post:
            security: []
            requestBody:
              required: true
              content:
                application/x-www-form-urlencoded:
                  schema:
                    type: object
                    required: [name]
                    properties:
                      name: {type: string}
                      age: {type: integer}
            responses:
              '201': {description: created}
      components:
        securitySchemes:
          key: {type: apiKey, in: header, name: api-key}
        parameters:
          Id: {name: id, in: path, required: true, schema: {type: string}}
        responses:
          NotFound:
            description: not found
            content:
              application/json:
                schema: {$ref: '#/components/schemas/Error'}
        schemas:
          Thing:
            type: object
            required: [name]
            properties:
              name: {type: string}
              children: {type: array, items: {$ref: '#/components/schemas/Thing'}}
              meta: {type: object, additionalProperties: {type: string}}
          Error:
            type: object
            properties:
              code: {type: string, enum: [x, y]}
      """;

    static final String SWAGGER2_TWIN = """
      swagger: '2.0'
      info: {title: twin, version: '1'}
      consumes: [application/json]
      produces: [application/json]
      securityDefinitions:
        key: {type: apiKey, in: header, name: api-key}
      security: [{key: []}]
      parameters:
        Id: {name: id, in: path, required: true, type: string}
      responses:
        NotFound:
          description: not found
          schema: {$ref: '#/definitions/Error'}
      paths:
        /conversations/things/{id}:
          parameters:
            - $ref: '#/parameters/Id'
          put:
            parameters:
              - {name: limit, in: query, type: integer, format: int32, minimum: 1, maximum: 100}
              - {name: tags, in: query, type: array, items: {type: string, enum: [a, b]}}
              - {name: body, in: body, required: true, schema: {$ref: '#/definitions/Thing'}}
            responses:
              '200': {description: the thing, schema: {$ref: '#/definitions/Thing'}}
              '204': {description: nothing}
              '404': {$ref: '#/responses/NotFound'}
        /conversations/forms:
          post:
            security: []
            consumes: [application/x-www-form-urlencoded]
            parameters:
              - {name: name, in: formData, required: true, type: string}
              - {name: age, in: formData, type: integer}
            responses:
              '201': {description: created}
      definitions:
        Thing:
          type: object
          required: [name]
          properties:
            name: {type: string}
            children: {type: array, items: {$ref: '#/definitions/Thing'}}
            meta: {type: object, additionalProperties: {type: string}}
        Error:
          type: object
          properties:
            code: {type: string, enum: [x, y]}
      """;

    @Test
    void swagger2IsReadAsItsOpenApi3Equivalent() throws Exception {
        Path oas3 = write("oas3.yaml", OAS3_TWIN);
        Path swagger2 = write("swagger2.yaml", SWAGGER2_TWIN);
        assertDifferences(List.of(), drift("--no-ignore", "--ours", oas3, swagger2));
        assertDifferences(List.of(), drift("--no-ignore", "--ours", swagger2, oas3));

        // And what differs in Swagger 2's own places is seen.
        Path changed = write(
                "swagger2.yaml",
                SWAGGER2_TWIN
                        .replace("{name: body, in: body, required: true,", "{name: body, in: body, required: false,")
                        .replace("consumes: [application/x-www-form-urlencoded]", "consumes: [multipart/form-data]")
                        .replace(
                                "Id: {name: id, in: path, required: true, type: string}",
                                "Id: {name: id, in: path, required: true, type: integer}")
                        .replace(
                                "description: not found\n    schema: {$ref: '#/definitions/Error'}",
                                "description: not found"));
        assertDifferences(
                List.of(
                        "POST /conversations/forms, request body, media type application/x-www-form-urlencoded: ours has it,"
                                + " upstream does not.",
                        "POST /conversations/forms, request body, media type multipart/form-data: upstream has it, ours does not.",
                        "PUT /conversations/things/{id}, request body: optional upstream, required in ours.",
                        // Both sides refer to a shared response and a shared parameter: each is named, after the
                        // operations.
                        "response NotFound: ours has a body, upstream has none.",
                        "parameter Id: upstream has type integer, ours has type string."),
                drift("--no-ignore", "--ours", oas3, changed));
    }

    @Test
    void recursiveSchemasAreComparedOnce() throws Exception {
        Path ours = write("oas3.yaml", OAS3_TWIN);
        // Thing is reached from two places and from itself; the change is reported once.
        Path changed = write(
                "upstream.yaml",
                OAS3_TWIN.replace("name: {type: string}\n        children", "name: {type: integer}\n        children"));
        assertDifferences(
                List.of("schema Thing, field name: upstream has type integer, ours has type string."),
                drift("--no-ignore", "--ours", ours, changed));

        // Recursion on one side only (ours spells two levels out inline) ends where ours does.
        Path inline = write(
                "inline.yaml",
                OAS3_TWIN.replace(
                        "      application/json:\n              schema: {$ref: '#/components/schemas/Thing'}\n        '204'",
                        "      application/json:\n              schema:\n                type: object\n                required: [name]\n"
                                + "                properties:\n                  name: {type: string}\n"
                                + "                  meta: {type: object, additionalProperties: {type: string}}\n"
                                + "                  children:\n                    type: array\n                    items:\n"
                                + "                      type: object\n                      required: [name]\n"
                                + "                      properties:\n                        name: {type: string}\n"
                                + "                        meta: {type: object, additionalProperties: {type: string}}\n"
                                + "        '204'"));
        assertDifferences(
                List.of("PUT /conversations/things/{id}, 200 response, field children[].children: upstream"
                        + " has it, ours does not."),
                drift("--no-ignore", "--ours", inline, ours));

        // A YAML alias that contains itself is a schema that contains itself.
        String aliased = OAS3_TWIN.replace(
                "code: {type: string, enum: [x, y]}",
                "code: {type: string, enum: [x, y]}\n"
                        + "        loop: &loop\n          type: object\n          properties:\n            next: *loop");
        assertDifferences(
                List.of(), drift("--no-ignore", "--ours", write("a.yaml", aliased), write("b.yaml", aliased)));

        // A $ref that leads back to itself with nothing in between is not a schema at all.
        String circular = OAS3_TWIN
                .replace(
                        "    Error:\n",
                        "    A: {$ref: '#/components/schemas/B'}\n"
                                + "    B: {$ref: '#/components/schemas/A'}\n    Error:\n")
                .replace("schema: {$ref: '#/components/schemas/Error'}", "schema: {$ref: '#/components/schemas/A'}");
        assertUnreadable(drift("--ours", ours, write("circular.yaml", circular)), "leads back to itself");
    }

    // -------------------------------------------------------------------------------------------------------------
    // Inputs: JSON, a whole definition, URLs, and what cannot be read.

    @Test
    void jsonReadsLikeYaml() throws Exception {
        String json = new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(load(CONTRACT_2026));
        assertDifferences(List.of(), drift("--no-ignore", "--ours", CONTRACT_2026, write("contract.json", json)));
        // Valid JSON that YAML parsers refuse: every "/" escaped, as PHP writes it, all on one line.
        String escaped =
                new ObjectMapper().writeValueAsString(load(CONTRACT_2026)).replace("/", "\\/");
        assertDifferences(List.of(), drift("--no-ignore", "--ours", CONTRACT_2026, write("escaped.json", escaped)));
        // And against our spec, JSON and YAML say the same.
        Result fromYaml = drift(CONTRACT_2026);
        Result fromJson = drift(write("contract.json", json));
        assertEquals(fromYaml.exit(), fromJson.exit());
        assertEquals(fromYaml.out(), fromJson.out());
    }

    /**
     * Brevo's whole definition has every other API too, and is larger than SnakeYAML's default 3 MB limit. Built as
     * text (dumping 3 MB with SnakeYAML takes longer than comparing it).
     */
    @Test
    void aWholeDefinitionComparesLikeItsConversationsExtract() throws Exception {
        String contract = Files.readString(CONTRACT_2026, UTF_8);
        int paths = contract.indexOf("\npaths:\n") + "\npaths:\n".length();
        int components = contract.indexOf("\ncomponents:\n") + 1;
        String block = contract.substring(paths, components);
        StringBuilder whole = new StringBuilder(contract.substring(0, paths))
                .append(block.replaceFirst("(?m)^  /conversations/messages:$", "  /conversations/messages: &messages"));
        for (int i = 0; i < 170; i++) {
            // Copies under other prefixes (not /conversations).
            whole.append(block.replaceAll("(?m)^  /conversations", "  /v" + i + "/conversations"));
        }
        for (int i = 0; i < 40; i++) {
            whole.append("  /crm/conversations/")
                    .append(i)
                    .append(": *messages\n"); // 40 aliases: within the limit of 50
        }
        // Another API, with a security scheme of its own.
        whole.append("  /contacts:\n    get:\n      security: [{oauth: []}]\n      responses:\n        '200':\n"
                + "          description: contacts\n          content:\n            application/json:\n"
                + "              schema: {$ref: '#/components/schemas/ContactList'}\n");
        whole.append(contract.substring(components)
                .replace("\n  schemas:\n", "\n  schemas:\n    ContactList: {type: array, items: {type: object}}\n")
                .replace("\n  securitySchemes:\n", "\n  securitySchemes:\n    oauth: {type: oauth2, flows: {}}\n"));
        String yamlText = whole.toString();
        assertTrue(yamlText.length() > 3_200_000, "larger than SnakeYAML's default limit: " + yamlText.length());
        assertTrue(yamlText.contains("ContactList: {type") && yamlText.contains("oauth: {type"), "other APIs too");
        Path wholeFile = write("whole.yaml", yamlText);

        // The same as the extract, to the last field (each 3 MB parse costs a second: one is enough).
        assertDifferences(List.of(), drift("--no-ignore", "--ours", CONTRACT_2026, wholeFile));
    }

    /** A local HTTPS server with the test certificate; the handler serves by path. */
    static HttpsServer httpsServer(HttpHandler handler) throws IOException {
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(TestTls.serverContext()));
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "drift-test-server");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", handler);
        server.start();
        return server;
    }

    static String base(HttpsServer server) {
        return "https://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Drift with the trust of the test certificate (only it) and a download deadline. */
    static Result fetch(Duration deadline, Object... args) {
        return DriftTool.drift(deadline, TestTls.trustingContext(), args);
    }

    @Test
    void httpsUrlsAreFetched() throws Exception {
        byte[] contract = Files.readAllBytes(CONTRACT_2026);
        HttpsServer server = httpsServer(exchange -> {
            try (exchange) {
                switch (exchange.getRequestURI().getPath()) {
                    case "/v3/swagger_definition_v3.yml" -> {
                        exchange.sendResponseHeaders(200, contract.length);
                        try (OutputStream body = exchange.getResponseBody()) {
                            body.write(contract);
                        }
                    }
                    case "/moved" -> {
                        exchange.getResponseHeaders().add("Location", "/v3/swagger_definition_v3.yml");
                        exchange.sendResponseHeaders(301, -1);
                    }
                    case "/to-http" -> {
                        exchange.getResponseHeaders().add("Location", "http://127.0.0.1:1/plain");
                        exchange.sendResponseHeaders(302, -1);
                    }
                    case "/cut-short" -> {
                        // Content-Length says the whole file; the connection ends after half of it.
                        exchange.sendResponseHeaders(200, contract.length);
                        OutputStream body = exchange.getResponseBody();
                        body.write(contract, 0, contract.length / 2);
                        body.flush();
                        throw new IOException("the test server hangs up half-way");
                    }
                    case "/huge" -> {
                        exchange.sendResponseHeaders(200, 0);
                        try (OutputStream body = exchange.getResponseBody()) {
                            byte[] line = "# a comment line, again and again, to make the body larger than the limit\n"
                                    .getBytes(UTF_8);
                            for (long sent = 0; sent <= 9 * 1024 * 1024; sent += line.length) {
                                body.write(line);
                            }
                        } catch (IOException e) {
                            // the client stopped reading at the limit
                        }
                    }
                    default -> exchange.sendResponseHeaders(404, -1);
                }
            }
        });
        try {
            String base = base(server);
            Duration deadline = DriftTool.DEFAULT_DEADLINE;
            assertDifferences(
                    List.of(),
                    fetch(deadline, "--no-ignore", "--ours", CONTRACT_2026, base + "/v3/swagger_definition_v3.yml"));
            assertDifferences(List.of(), fetch(deadline, "--no-ignore", "--ours", CONTRACT_2026, base + "/moved"));
            assertUnreadable(fetch(deadline, "--ours", CONTRACT_2026, base + "/nothing-here"), "HTTP 404");
            assertUnreadable(
                    fetch(deadline, "--ours", CONTRACT_2026, base + "/to-http"),
                    "HTTP 302, a redirect to http://127.0.0.1:1/plain that was not followed");
            assertUnreadable(fetch(deadline, "--ours", CONTRACT_2026, base + "/huge"), "larger than 8 MB");
            assertUnreadable(
                    fetch(deadline, "--ours", CONTRACT_2026, base + "/cut-short"),
                    "cannot read upstream " + base + "/cut-short");
        } finally {
            server.stop(0);
        }
    }

    /**
     * A server that sends the headers and then a byte a second: the one deadline of the whole download ends it (here 2
     * seconds instead of 3 minutes). The bound only catches a hang: the download must not go on with the bytes.
     */
    @Test
    void aDrippingServerIsGivenUpOnAtTheDeadline() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        HttpsServer server = httpsServer(exchange -> {
            try (exchange) {
                exchange.sendResponseHeaders(200, 0); // chunked, no end announced
                OutputStream body = exchange.getResponseBody();
                byte[] text = "openapi: 3.0.1\n".getBytes(UTF_8);
                for (int i = 0; !release.await(1, TimeUnit.SECONDS); i++) {
                    body.write(text[i % text.length]);
                    body.flush();
                }
            } catch (IOException | InterruptedException e) {
                // the client gave up: what this test wants
            }
        });
        try {
            long start = System.nanoTime();
            Result result = fetch(Duration.ofSeconds(2), "--ours", CONTRACT_2026, base(server) + "/drip");
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertUnreadable(
                    result,
                    "not downloaded within the deadline of 2 seconds for the whole download"
                            + " (DRIFT_DOWNLOAD_SECONDS sets it in seconds)");
            assertTrue(
                    took.compareTo(Duration.ofSeconds(60)) < 0, "ended at its deadline, not after the bytes: " + took);
        } finally {
            release.countDown();
            server.stop(0);
        }
    }

    @Test
    void whatCannotBeReadExitsWithTwo() throws Exception {
        assertUnreadable(drift("openapi/upstream/no-such-file.yaml"), "no such file");
        assertUnreadable(drift(Path.of("openapi")), "not a regular file");
        assertUnreadable(drift(write("empty.yaml", "")), "is empty");
        assertUnreadable(drift(write("bad.yaml", "openapi: 3.0.1\npaths: [unclosed\n")), "is not YAML or JSON");
        assertUnreadable(drift(write("bad.json", "{\"openapi\": \"3.0.1\", \"paths\": {")), "is not JSON");
        Path binary = tmp.resolve("binary.yaml");
        Files.write(binary, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2, (byte) 0xc3});
        assertUnreadable(drift(binary), "is not UTF-8 text");
        assertUnreadable(drift("openapi/generator-config.yaml"), "is not an OpenAPI document");
        assertUnreadable(drift(write("list.yaml", "- openapi: 3.0.1\n")), "its top level is not a mapping");
        assertUnreadable(
                drift(write(
                        "other.yaml",
                        "openapi: 3.0.1\ninfo: {title: t, version: '1'}\npaths:\n"
                                + "  /contacts:\n    get:\n      responses: {'200': {description: ok}}\n")),
                "has no path that starts with /conversations");
        assertUnreadable(
                drift(write(
                        "dangling.yaml",
                        Files.readString(CONTRACT_2026, UTF_8)
                                .replace("'#/components/schemas/errorModel'", "'#/components/schemas/ErrorModel'"))),
                "points at nothing");
        assertUnreadable(
                drift(write(
                        "remote.yaml",
                        Files.readString(CONTRACT_2026, UTF_8)
                                .replace("'#/components/schemas/errorModel'", "'errors.yaml#/ErrorModel'"))),
                "only local references");

        assertUnreadable(drift("http://api.brevo.com/v3/swagger_definition_v3.yml"), "only https:// URLs");
        assertUnreadable(drift("ftp://example.test/spec.yaml"), "only https:// URLs");
        assertUnreadable(drift("https://127.0.0.1:1/x"), "cannot read upstream https://127.0.0.1:1/x");
        assertUnreadable(drift("https://exa mple.test/x"), "not a valid URL");

        assertUnreadable(drift("--ours", "nowhere.yaml", CONTRACT_2026), "cannot read ours nowhere.yaml: no such file");
        assertUnreadable(drift("--ours", "openapi/generator-config.yaml", CONTRACT_2026), "is not an OpenAPI document");
        assertUnreadable(drift("--ignore", "nowhere.md", CONTRACT_2026), "cannot read drift-ignore file nowhere.md");
        assertUnreadable(drift(), "no UPSTREAM given");
        assertUnreadable(drift("--frobnicate", CONTRACT_2026), "unknown option --frobnicate");
        assertUnreadable(drift(CONTRACT_2026, SWAGGER2), "one UPSTREAM only");
        assertUnreadable(drift("--ours"), "--ours needs a file");

        Result help = drift("--help");
        assertEquals(0, help.exit());
        assertTrue(help.out().startsWith("usage: openapi/drift"), help::toString);
    }

    // -------------------------------------------------------------------------------------------------------------
    // Limits: each one hit is exit 2, with a message that names it, never differences or a crash.

    /** Anchors, each level twice the one below: 2^levels strings once the aliases are expanded. */
    static String aliasBomb(int levels) {
        StringBuilder b = new StringBuilder("x-bomb:\n  l0: &l0 [lol, lol]\n");
        for (int i = 1; i < levels; i++) {
            b.append("  l")
                    .append(i)
                    .append(": &l")
                    .append(i)
                    .append(" [*l")
                    .append(i - 1)
                    .append(", *l")
                    .append(i - 1)
                    .append("]\n");
        }
        return b.toString();
    }

    @Test
    void anAliasBombHitsTheAliasLimit() throws Exception {
        Path ours = write("oas3.yaml", OAS3_TWIN);
        // 2 aliases a level: 25 levels use 48 aliases, within the limit; the definition has no use for the bomb.
        assertDifferences(
                List.of(), drift("--no-ignore", "--ours", ours, write("small.yaml", aliasBomb(25) + OAS3_TWIN)));
        assertUnreadable(
                drift("--ours", ours, write("bomb.yaml", aliasBomb(60) + OAS3_TWIN)),
                "the YAML alias limit was hit: more than 50 aliases");
        // Within the alias limit, a bomb where values are shown ends at another limit, not in gigabytes of text.
        String inEnum = aliasBomb(25) + OAS3_TWIN.replace("enum: [x, y]", "enum: [x, *l24]");
        assertUnreadable(drift("--ours", ours, write("enum-bomb.yaml", inEnum)), "is too large to compare");
    }

    @Test
    void aDocumentOverTheSizeLimitIsRefusedByName() throws Exception {
        Path big = tmp.resolve("big.yaml");
        try (var out = Files.newBufferedWriter(big, UTF_8)) {
            out.write(OAS3_TWIN);
            out.write("x-padding: '");
            char[] line = new char[1024];
            Arrays.fill(line, 'x');
            for (int i = 0; i < 8 * 1024 + 1; i++) {
                out.write(line);
            }
            out.write("'\n");
        }
        assertUnreadable(drift("--ours", write("oas3.yaml", OAS3_TWIN), big), "larger than 8 MB");
    }

    @Test
    void aNumberBeyondBigDecimalIsRefusedByName() throws Exception {
        Path ours = write("oas3.yaml", OAS3_TWIN);
        String json = new ObjectMapper().writeValueAsString(yaml().load(OAS3_TWIN));
        String overflow = json.replace("\"minimum\":1", "\"minimum\":1e-2147483649");
        assertTrue(overflow.contains("1e-2147483649"));
        assertUnreadable(
                drift("--ours", ours, write("overflow.json", overflow)), "the number 1e-2147483649 is out of range");
        assertUnreadable(
                drift(
                        "--ours",
                        ours,
                        write("long.json", json.replace("\"minimum\":1", "\"minimum\":1" + "0".repeat(2000)))),
                "a number of more than 1000 characters");

        // An exponent BigDecimal holds, but written out in full would be a billion digits: shown short.
        Result tiny = drift(
                "--no-ignore",
                "--ours",
                ours,
                write("tiny.json", json.replace("\"minimum\":1", "\"minimum\":1e-999999999")));
        assertDifferences(
                List.of("PUT /conversations/things/{id}, query parameter limit: upstream has minimum 1E-999999999,"
                        + " ours has minimum 1."),
                tiny);
    }

    /** What no input should cause (here: a null argument, which no shell can pass) is exit 2, not an exception. */
    @Test
    void aFailureInsideTheToolIsExitTwoNotAnException() {
        Result result = DriftTool.execute(DriftTool.DEFAULT_DEADLINE, null, new String[] {"--no-ignore", null});
        assertUnreadable(result, "drift: could not check: the tool failed: NullPointerException");
    }

    /** A file cut short: never "no difference", never a crash. */
    @Test
    void aTruncatedFileIsNotADefinition() throws Exception {
        String json = new ObjectMapper().writeValueAsString(load(CONTRACT_2026));
        for (int percent : List.of(10, 50, 90, 99)) {
            String cut = json.substring(0, json.length() * percent / 100);
            assertUnreadable(drift(write("cut.json", cut)), "is not JSON");
        }
        String yamlText = Files.readString(CONTRACT_2026, UTF_8);
        // Cut in the middle of a line: the parser or the references notice.
        for (int percent : List.of(10, 50, 90)) {
            int at = yamlText.length() * percent / 100;
            Result result = drift(write("cut.yaml", yamlText.substring(0, at)));
            assertEquals(2, result.exit(), () -> "cut at " + percent + "%: " + result);
            assertEquals("", result.out());
        }
    }

    // -------------------------------------------------------------------------------------------------------------
    // The drift-ignore block.

    @Test
    void theDriftIgnoreBlockSuppressesExactlyItsSentences() throws Exception {
        List<String> all =
                drift("--no-ignore", "--ours", CONTRACT_2026, SWAGGER2).lines();
        assertTrue(all.size() > 4);
        Path readme = write(
                "README.md",
                String.join(
                        "\n",
                        "# A spec",
                        "",
                        "Prose that quotes a difference is no ignore line: " + all.get(1),
                        "",
                        "```text",
                        all.get(1),
                        "```",
                        "",
                        "```drift-ignore",
                        "# comment lines start with '#'",
                        "",
                        "   " + all.get(0) + "   ",
                        "```",
                        "",
                        "~~~drift-ignore",
                        all.get(2),
                        "~~~",
                        ""));

        List<String> rest = new ArrayList<>(all);
        rest.remove(all.get(0));
        rest.remove(all.get(2));
        Result ignored = drift("--ignore", readme, "--ours", CONTRACT_2026, SWAGGER2);
        assertDifferences(rest, ignored);
        assertTrue(ignored.err().contains("2 deliberate differences not shown"), ignored::toString);

        assertDifferences(all, drift("--ignore", readme, "--no-ignore", "--ours", CONTRACT_2026, SWAGGER2));

        Path everything = write("README.md", "```drift-ignore\n" + String.join("\n", all) + "\n```\n");
        assertDifferences(List.of(), drift("--ignore", everything, "--ours", CONTRACT_2026, SWAGGER2));

        Path stale =
                write("README.md", "```drift-ignore\nschema Gone, field x: upstream has it, ours does not.\n```\n");
        Result staleResult = drift("--ignore", stale, "--ours", CONTRACT_2026, SWAGGER2);
        assertDifferences(all, staleResult);
        assertTrue(
                staleResult.err().contains("matches no difference (the spec or upstream changed?): schema Gone"),
                staleResult::toString);
    }

    @Test
    void ourReadmeHasTheDriftCheckSectionAndItsBlock() throws Exception {
        String readme = Files.readString(Path.of("openapi/README.md"), UTF_8);
        int section = readme.indexOf("\n## The drift check\n");
        assertTrue(section > 0, "openapi/README.md has a section on the drift check");
        assertTrue(readme.indexOf("\n```drift-ignore\n", section) > 0, "with the drift-ignore block");
        // Read by default: a sentence listed there would be left out (stale lines only warn), so this stays 0.
        assertEquals(0, drift("--ours", CONTRACT_2026, CONTRACT_2026).exit());
    }
}
