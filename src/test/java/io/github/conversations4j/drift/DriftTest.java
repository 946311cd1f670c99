package io.github.conversations4j.drift;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.github.conversations4j.testing.TestTls;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * {@code openapi/drift}, {@code openapi/drift-report} and the steps of {@code .github/workflows/regenerate.yml}, run
 * as processes the way people and CI run them. Nothing here reaches the internet: URLs point at a local HTTPS server
 * or at a closed port.
 *
 * <p>Three tests compare Brevo's 2026 contract (and edited copies of it) with our real spec, so they pass once
 * {@code openapi/conversations.yaml} follows that contract (its deliberate differences listed in the drift-ignore
 * block of {@code openapi/README.md}). Every other test pins the comparison itself, with {@code --ours} pointing at
 * a fixed file.
 */
class DriftTest {
  static final Path OURS = Path.of("openapi/conversations.yaml");
  static final Path CONTRACT_2026 = Path.of("openapi/upstream/brevo-oas3-conversations-2026.yaml");
  static final Path OLDER_OAS3 = Path.of("openapi/upstream/brevo-oas3-conversations.yaml");
  static final Path SWAGGER2 = Path.of("openapi/upstream/sendinblue-swagger2-conversations.yaml");
  static final Path WORKFLOW = Path.of(".github/workflows/regenerate.yml");
  /** Generous: a first run compiles the tool, the suite may share two cores with another build. */
  static final Duration BOUND = Duration.ofMinutes(3);

  /** .../org/yaml/snakeyaml/2.5/snakeyaml-2.5.jar, four levels below the repository. */
  static final Path LOCAL_REPOSITORY = snakeYamlJar().getParent().getParent().getParent().getParent().getParent();

  @TempDir
  static Path tmp;

  static Path snakeYamlJar() {
    try {
      return Path.of(Yaml.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  // -------------------------------------------------------------------------------------------------------------
  // Running the scripts.

  record Result(int exit, String out, String err) {
    List<String> lines() {
      return out.isEmpty() ? List.of() : List.of(out.split("\n"));
    }

    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout:\n" + out + "--- stderr:\n" + err;
    }
  }

  static Result drift(Object... args) throws IOException, InterruptedException {
    return run("openapi/drift", Map.of(), args);
  }

  static Result run(String script, Map<String, String> env, Object... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("bash", script));
    for (Object arg : args) {
      command.add(String.valueOf(arg));
    }
    return exec(command, env);
  }

  static Result exec(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command);
    // On GitHub Actions these are set; the tests that want them set them.
    builder.environment().keySet().removeIf(k -> k.startsWith("GITHUB_") || k.startsWith("RUNNER_"));
    // The local repository this build resolved SnakeYAML into, so that the launcher never has to download it.
    builder.environment().put("MAVEN_REPO_LOCAL", LOCAL_REPOSITORY.toString());
    builder.environment().putAll(env);
    Path out = Files.createTempFile(tmp, "stdout", ".txt");
    Path err = Files.createTempFile(tmp, "stderr", ".txt");
    builder.redirectOutput(out.toFile());
    builder.redirectError(err.toFile());
    Process process = builder.start();
    process.getOutputStream().close();
    if (!process.waitFor(BOUND.toSeconds(), TimeUnit.SECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      fail(command + " did not finish within " + BOUND + "\n" + Files.readString(err, UTF_8));
    }
    return new Result(process.exitValue(), Files.readString(out, UTF_8), Files.readString(err, UTF_8));
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
  void the2026ContractMatchesOurSpec() throws Exception {
    Result result = drift(CONTRACT_2026);
    assertEquals(0, result.exit(), () -> "openapi/conversations.yaml follows Brevo's 2026 contract, its deliberate"
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
    assertTrue(ours.lines().containsAll(List.of(
        "POST /conversations/messages, request body, field text: upstream has no type, ours has type string.",
        "POST /conversations/agentOnlinePing, request body, field agentEmail: upstream has no format, ours has"
            + " format email.")), ours::toString);

    // Against the 2026 contract: everything that changed, in a fixed order and wording.
    Result contract = drift("--no-ignore", "--ours", CONTRACT_2026, OLDER_OAS3);
    assertDifferences(golden("brevo-oas3-conversations-vs-2026.txt"), contract);
    assertTrue(contract.lines().containsAll(List.of(
        "PUT /conversations/visitorGroup: ours has it, upstream does not.",
        "schema ConversationsMessage, field file.filename: upstream has it, ours does not.",
        "schema ConversationsMessage, field file.name: ours has it, upstream does not.",
        "schema ConversationsMessage, field file.url: upstream has it, ours does not.",
        "schema ConversationsMessage, field file.link: ours has it, upstream does not.",
        "schema ConversationsMessage, field file.imageInfo.previewUrl: upstream has it, ours does not.",
        "schema ConversationsMessage, field file.imageInfo.previewLink: ours has it, upstream does not.")));
    assertEquals(21, contract.lines().stream()
        .filter(l -> l.matches("schema ConversationsMessage, field [A-Za-z]+: ours has it, upstream does not\\."))
        .count(), "the 21 message fields new in 2026");
  }

  @Test
  void theSwagger2ExtractDiffers() throws Exception {
    Result ours = drift("--no-ignore", SWAGGER2);
    assertEquals(1, ours.exit(), ours::toString);
    assertTrue(ours.lines().contains("PUT /conversations/messages/{id}, request body: optional upstream, required in"
        + " ours."), "the body Swagger 2 had optional; ours requires it (Decision in the shared README)\n" + ours);

    Result contract = drift("--no-ignore", "--ours", CONTRACT_2026, SWAGGER2);
    assertDifferences(golden("sendinblue-swagger2-conversations-vs-2026.txt"), contract);
    assertTrue(contract.lines().containsAll(List.of(
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
  record Edit(String name, Consumer<Map<String, Object>> change, List<String> expected,
      List<String> expectedVsOurs) {
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
        new Edit("a field removed from a response schema",
            doc -> message(doc).remove("subject"),
            "schema ConversationsMessage, field subject: ours has it, upstream does not."),
        new Edit("a field removed from an operation's own response schema",
            doc -> at(doc, "paths", "/conversations/visitorGroup", "put", "responses", "200", "content",
                "application/json", "schema", "properties").remove("visitorId"),
            "PUT /conversations/visitorGroup, 200 response, field visitorId: ours has it, upstream does not."),
        new Edit("a field's type changed",
            doc -> at(message(doc), "createdAt").put("type", "string"),
            "schema ConversationsMessage, field createdAt: upstream has type string, ours has type integer."),
        new Edit("a format changed",
            doc -> at(requestSchema(doc, "/conversations/messages", "post"), "properties", "agentEmail")
                .put("format", "idn-email"),
            "POST /conversations/messages, request body, field agentEmail: upstream has format idn-email, ours has"
                + " format email."),
        new Edit("a request field made required",
            doc -> requestSchema(doc, "/conversations/agentOnlinePing", "post").put("required", List.of("agentId")),
            "POST /conversations/agentOnlinePing, request body, field agentId: required upstream, optional in ours."),
        new Edit("a required request field added",
            doc -> {
              Map<String, Object> body = requestSchema(doc, "/conversations/pushedMessages", "post");
              at(body, "properties").put("channel", mapOf("type", "string"));
              listAt(body, "required").add("channel");
            },
            "POST /conversations/pushedMessages, request body, field channel: upstream has it (required), ours does"
                + " not."),
        new Edit("an enum value added",
            doc -> listAt(message(doc), "type", "enum").add("bot"),
            "schema ConversationsMessage, field type: enum value \"bot\": upstream has it, ours does not."),
        new Edit("an error code removed",
            doc -> listAt(doc, "components", "responses", "errorModel", "content", "application/json", "schema",
                "properties", "code", "enum").remove("Feed not found"),
            "response errorModel, field code: enum value \"Feed not found\": ours has it, upstream does not."),
        new Edit("a nested field renamed",
            doc -> {
              Map<String, Object> imageInfo = at(message(doc), "file", "properties", "imageInfo", "properties");
              imageInfo.put("previewImageLink", imageInfo.remove("previewLink"));
            },
            "schema ConversationsMessage, field file.imageInfo.previewLink: upstream names it previewImageLink."),
        new Edit("a field added to array items",
            doc -> at(message(doc), "attachments", "items", "properties").put("checksum", mapOf("type", "string")),
            "schema ConversationsMessage, field attachments[].checksum: upstream has it, ours does not."),
        new Edit("an array's item type changed",
            doc -> at(message(doc), "cc", "items").put("type", "string"),
            "schema ConversationsMessage, field cc[]: upstream has type string, ours has type object."),
        new Edit("a minimum changed",
            doc -> at(message(doc), "createdAt").put("minimum", 1),
            "schema ConversationsMessage, field createdAt: upstream has minimum 1, ours has minimum 0."),
        new Edit("a maximum added",
            doc -> at(message(doc), "file", "properties", "size").put("maximum", 10485760),
            "schema ConversationsMessage, field file.size: upstream has maximum 10485760, ours has no maximum."),
        new Edit("a field made nullable",
            doc -> at(message(doc), "agentId").put("nullable", true),
            "schema ConversationsMessage, field agentId: nullable upstream, not nullable in ours."),
        new Edit("additional properties forbidden",
            doc -> at(message(doc), "integrations").put("additionalProperties", false),
            "schema ConversationsMessage, field integrations: upstream forbids additional properties, ours allows"
                + " any additional properties."),
        new Edit("a status code removed",
            doc -> at(doc, "paths", "/conversations/messages/{id}", "delete", "responses").remove("404"),
            "DELETE /conversations/messages/{id}, 404 response: ours has it, upstream does not."),
        new Edit("a response body removed",
            doc -> at(doc, "paths", "/conversations/messages", "post", "responses", "200").remove("content"),
            "POST /conversations/messages, 200 response: ours has a body, upstream has none."),
        new Edit("a request media type added",
            doc -> {
              Map<String, Object> content = at(doc, "paths", "/conversations/messages", "post", "requestBody",
                  "content");
              content.put("application/x-www-form-urlencoded", content.get("application/json"));
            },
            "POST /conversations/messages, request body, media type application/x-www-form-urlencoded: upstream has"
                + " it, ours does not."),
        new Edit("a request body made optional",
            doc -> at(doc, "paths", "/conversations/messages/{id}", "put", "requestBody").put("required", false),
            "PUT /conversations/messages/{id}, request body: optional upstream, required in ours."),
        new Edit("a new operation",
            doc -> at(doc, "paths", "/conversations/visitorGroup").put("get",
                mapOf("responses", mapOf("200", mapOf("description", "the visitor's group")))),
            "GET /conversations/visitorGroup: upstream has it, ours does not."),
        new Edit("a parameter made optional",
            doc -> at(doc, "paths", "/conversations/pushedMessages/{id}", "get", "parameters", 0)
                .put("required", false),
            "GET /conversations/pushedMessages/{id}, path parameter id: optional upstream, required in ours."),
        new Edit("a query parameter added",
            doc -> listAt(doc, "paths", "/conversations/messages/{id}", "get", "parameters")
                .add(mapOf("name", "fields", "in", "query", "schema", mapOf("type", "string"))),
            "GET /conversations/messages/{id}, query parameter fields: upstream has it, ours does not."),
        new Edit("top-level security changed",
            doc -> doc.put("security", List.of(mapOf("partner-key", List.of()))),
            "top-level security, alternative api-key header: ours has it, upstream does not."),
        new Edit("an operation's own security",
            doc -> at(doc, "paths", "/conversations/visitorGroup", "put")
                .put("security", List.of(mapOf("api-key", List.of()))),
            List.of("PUT /conversations/visitorGroup, security, alternative partner-key header: ours has it, upstream"
                + " does not."),
            // Ours has api-key + partner-key where the 2026 file has partner-key alone (a deliberate difference).
            List.of("PUT /conversations/visitorGroup, security, alternative api-key header + partner-key header: ours"
                + " has it, upstream does not.")),
        new Edit("a security scheme moved to the query",
            doc -> at(doc, "components", "securitySchemes", "partner-key").put("in", "query"),
            List.of("top-level security, alternative partner-key header: ours has it, upstream does not.",
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
    Map<String, Object> doc = load(CONTRACT_2026);
    edit.change().accept(doc);
    Result result = drift(writeYaml(doc));
    assertEquals(1, result.exit(), result::toString);
    assertEquals(edit.expectedVsOurs().size(), result.lines().size(), result::toString);
    for (int i = 0; i < edit.expectedVsOurs().size(); i++) {
      String expected = edit.expectedVsOurs().get(i);
      String actual = result.lines().get(i);
      Matcher shared = Pattern.compile("^(schema|response|parameter|request body) [^,:]+(.*)$").matcher(expected);
      if (shared.matches()) {
        assertTrue(actual.startsWith(shared.group(1) + " ") && actual.endsWith(shared.group(2)),
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
    Map<String, Object> visitorGroup = at(doc, "paths", "/conversations/visitorGroup", "put", "responses", "200",
        "content", "application/json");
    schemas.put("VisitorGroup", visitorGroup.get("schema"));
    visitorGroup.put("schema", mapOf("$ref", "#/components/schemas/VisitorGroup"));
    String text = yaml().dump(doc).replace("#/components/schemas/ConversationsMessage", "#/components/schemas/Message");

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
    Path changed = write("swagger2.yaml", SWAGGER2_TWIN
        .replace("{name: body, in: body, required: true,", "{name: body, in: body, required: false,")
        .replace("consumes: [application/x-www-form-urlencoded]", "consumes: [multipart/form-data]")
        .replace("Id: {name: id, in: path, required: true, type: string}",
            "Id: {name: id, in: path, required: true, type: integer}")
        .replace("description: not found\n    schema: {$ref: '#/definitions/Error'}", "description: not found"));
    assertDifferences(List.of(
        "POST /conversations/forms, request body, media type application/x-www-form-urlencoded: ours has it,"
            + " upstream does not.",
        "POST /conversations/forms, request body, media type multipart/form-data: upstream has it, ours does not.",
        "PUT /conversations/things/{id}, request body: optional upstream, required in ours.",
        // Both sides refer to a shared response and a shared parameter: each is named, after the operations.
        "response NotFound: ours has a body, upstream has none.",
        "parameter Id: upstream has type integer, ours has type string."),
        drift("--no-ignore", "--ours", oas3, changed));
  }

  @Test
  void recursiveSchemasAreComparedOnce() throws Exception {
    Path ours = write("oas3.yaml", OAS3_TWIN);
    // Thing is reached from two places and from itself; the change is reported once.
    Path changed = write("upstream.yaml", OAS3_TWIN.replace("name: {type: string}\n        children",
        "name: {type: integer}\n        children"));
    assertDifferences(List.of("schema Thing, field name: upstream has type integer, ours has type string."),
        drift("--no-ignore", "--ours", ours, changed));

    // Recursion on one side only (ours spells two levels out inline) ends where ours does.
    Path inline = write("inline.yaml", OAS3_TWIN.replace(
        "      application/json:\n              schema: {$ref: '#/components/schemas/Thing'}\n        '204'",
        "      application/json:\n              schema:\n                type: object\n                required: [name]\n"
            + "                properties:\n                  name: {type: string}\n"
            + "                  meta: {type: object, additionalProperties: {type: string}}\n"
            + "                  children:\n                    type: array\n                    items:\n"
            + "                      type: object\n                      required: [name]\n"
            + "                      properties:\n                        name: {type: string}\n"
            + "                        meta: {type: object, additionalProperties: {type: string}}\n"
            + "        '204'"));
    assertDifferences(List.of("PUT /conversations/things/{id}, 200 response, field children[].children: upstream"
        + " has it, ours does not."), drift("--no-ignore", "--ours", inline, ours));

    // A YAML alias that contains itself is a schema that contains itself.
    String aliased = OAS3_TWIN.replace("code: {type: string, enum: [x, y]}", "code: {type: string, enum: [x, y]}\n"
        + "        loop: &loop\n          type: object\n          properties:\n            next: *loop");
    assertDifferences(List.of(), drift("--no-ignore", "--ours", write("a.yaml", aliased), write("b.yaml", aliased)));

    // A $ref that leads back to itself with nothing in between is not a schema at all.
    String circular = OAS3_TWIN.replace("    Error:\n", "    A: {$ref: '#/components/schemas/B'}\n"
        + "    B: {$ref: '#/components/schemas/A'}\n    Error:\n").replace(
        "schema: {$ref: '#/components/schemas/Error'}", "schema: {$ref: '#/components/schemas/A'}");
    assertUnreadable(drift("--ours", ours, write("circular.yaml", circular)), "leads back to itself");
  }

  // -------------------------------------------------------------------------------------------------------------
  // Inputs: JSON, a whole definition, URLs, and what cannot be read.

  @Test
  void jsonReadsLikeYaml() throws Exception {
    String json = new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(load(CONTRACT_2026));
    assertDifferences(List.of(), drift("--no-ignore", "--ours", CONTRACT_2026, write("contract.json", json)));
    // Valid JSON that YAML parsers refuse: every "/" escaped, as PHP writes it, all on one line.
    String escaped = new ObjectMapper().writeValueAsString(load(CONTRACT_2026)).replace("/", "\\/");
    assertDifferences(List.of(), drift("--no-ignore", "--ours", CONTRACT_2026, write("escaped.json", escaped)));
    // And against our spec, JSON and YAML say the same.
    Result fromYaml = drift(CONTRACT_2026);
    Result fromJson = drift(write("contract.json", json));
    assertEquals(fromYaml.exit(), fromJson.exit());
    assertEquals(fromYaml.out(), fromJson.out());
  }

  /** Brevo's whole definition has every other API too, and is larger than SnakeYAML's default 3 MB limit. */
  @Test
  void aWholeDefinitionComparesLikeItsConversationsExtract() throws Exception {
    Map<String, Object> doc = load(CONTRACT_2026);
    Map<String, Object> paths = at(doc, "paths");
    Map<String, Object> schemas = at(doc, "components", "schemas");
    Map<String, Object> extract = load(CONTRACT_2026);
    Object sharedOperation = at(extract, "paths", "/conversations/messages");
    for (int i = 0; i < 120; i++) {
      // Copies under other prefixes (not /conversations), some of them YAML aliases of one another.
      for (Map.Entry<String, Object> path : at(load(CONTRACT_2026), "paths").entrySet()) {
        paths.put("/v" + i + path.getKey(), path.getValue());
      }
      paths.put("/crm/conversations/" + i, sharedOperation);
      Map<String, Object> copy = at(load(CONTRACT_2026), "components", "schemas", "ConversationsMessage");
      at(copy, "properties").put("contactId" + i, mapOf("type", "integer", "format", "int64"));
      schemas.put("Contact" + i, copy);
    }
    paths.put("/contacts", mapOf("get", mapOf("responses", mapOf("200", mapOf("description", "contacts", "content",
        mapOf("application/json", mapOf("schema", mapOf("$ref", "#/components/schemas/Contact1")))))),
        "security", List.of(mapOf("oauth", List.of()))));
    at(doc, "components", "securitySchemes").put("oauth", mapOf("type", "oauth2", "flows", mapOf()));

    String yamlText = yaml().dump(doc);
    assertTrue(yamlText.length() > 3_200_000, "larger than SnakeYAML's default limit: " + yamlText.length());
    assertTrue(yamlText.contains("*id"), "has YAML aliases");
    Path whole = write("whole.yaml", yamlText);
    Path wholeJson = write("whole.json", new ObjectMapper().writeValueAsString(doc));

    assertDifferences(List.of(), drift("--no-ignore", "--ours", CONTRACT_2026, whole));
    assertDifferences(List.of(), drift("--no-ignore", "--ours", CONTRACT_2026, wholeJson));
    Result fromExtract = drift(CONTRACT_2026);
    Result fromWhole = drift(whole);
    assertEquals(fromExtract.exit(), fromWhole.exit(), fromWhole::toString);
    assertEquals(fromExtract.out(), fromWhole.out());
  }

  @Test
  void httpsUrlsAreFetched() throws Exception {
    byte[] contract = Files.readAllBytes(CONTRACT_2026);
    HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(TestTls.serverContext()));
    server.createContext("/", exchange -> {
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
          default -> exchange.sendResponseHeaders(404, -1);
        }
      }
    });
    server.start();
    try {
      // The tool's JVM trusts the test certificate (and, for this run, only it).
      Path trustStore = tmp.resolve("trust.p12");
      KeyStore source = KeyStore.getInstance("PKCS12");
      try (InputStream in = DriftTest.class.getResourceAsStream("/tls/test-server.p12")) {
        assertNotNull(in);
        source.load(in, "changeit".toCharArray());
      }
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("test-server", source.getCertificate("server"));
      try (OutputStream out = Files.newOutputStream(trustStore)) {
        trust.store(out, "changeit".toCharArray());
      }
      Map<String, String> env = Map.of("JAVA_TOOL_OPTIONS", "-Djavax.net.ssl.trustStore=" + trustStore
          + " -Djavax.net.ssl.trustStorePassword=changeit -Djavax.net.ssl.trustStoreType=PKCS12");
      String base = "https://127.0.0.1:" + server.getAddress().getPort();

      Result ok = run("openapi/drift", env, "--no-ignore", "--ours", CONTRACT_2026,
          base + "/v3/swagger_definition_v3.yml");
      assertDifferences(List.of(), ok);
      assertDifferences(List.of(), run("openapi/drift", env, "--no-ignore", "--ours", CONTRACT_2026, base + "/moved"));
      assertUnreadable(run("openapi/drift", env, "--ours", CONTRACT_2026, base + "/nothing-here"), "HTTP 404");
      assertUnreadable(run("openapi/drift", env, "--ours", CONTRACT_2026, base + "/to-http"),
          "HTTP 302, a redirect to http://127.0.0.1:1/plain that was not followed");
    } finally {
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
    assertUnreadable(drift(write("other.yaml", "openapi: 3.0.1\ninfo: {title: t, version: '1'}\npaths:\n"
        + "  /contacts:\n    get:\n      responses: {'200': {description: ok}}\n")),
        "has no path that starts with /conversations");
    assertUnreadable(drift(write("dangling.yaml", Files.readString(CONTRACT_2026, UTF_8)
        .replace("'#/components/schemas/errorModel'", "'#/components/schemas/ErrorModel'"))), "points at nothing");
    assertUnreadable(drift(write("remote.yaml", Files.readString(CONTRACT_2026, UTF_8)
        .replace("'#/components/schemas/errorModel'", "'errors.yaml#/ErrorModel'"))), "only local references");

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
  // The drift-ignore block.

  @Test
  void theDriftIgnoreBlockSuppressesExactlyItsSentences() throws Exception {
    List<String> all = drift("--no-ignore", "--ours", CONTRACT_2026, SWAGGER2).lines();
    assertTrue(all.size() > 4);
    Path readme = write("README.md", String.join("\n",
        "# A spec", "",
        "Prose that quotes a difference is no ignore line: " + all.get(1), "",
        "```text", all.get(1), "```", "",
        "```drift-ignore",
        "# comment lines start with '#'",
        "",
        "   " + all.get(0) + "   ",
        "```", "",
        "~~~drift-ignore",
        all.get(2),
        "~~~", ""));

    List<String> rest = new ArrayList<>(all);
    rest.remove(all.get(0));
    rest.remove(all.get(2));
    Result ignored = drift("--ignore", readme, "--ours", CONTRACT_2026, SWAGGER2);
    assertDifferences(rest, ignored);
    assertTrue(ignored.err().contains("2 deliberate differences not shown"), ignored::toString);

    assertDifferences(all, drift("--ignore", readme, "--no-ignore", "--ours", CONTRACT_2026, SWAGGER2));

    Path everything = write("README.md", "```drift-ignore\n" + String.join("\n", all) + "\n```\n");
    assertDifferences(List.of(), drift("--ignore", everything, "--ours", CONTRACT_2026, SWAGGER2));

    Path stale = write("README.md", "```drift-ignore\nschema Gone, field x: upstream has it, ours does not.\n```\n");
    Result staleResult = drift("--ignore", stale, "--ours", CONTRACT_2026, SWAGGER2);
    assertDifferences(all, staleResult);
    assertTrue(staleResult.err().contains("matches no difference (the spec or upstream changed?): schema Gone"),
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

  // -------------------------------------------------------------------------------------------------------------
  // openapi/drift-report: the issue body.

  @Test
  void theReportIsTheIssueBody() throws Exception {
    List<String> differences = drift("--no-ignore", "--ours", CONTRACT_2026, SWAGGER2).lines();
    Result report = run("openapi/drift-report", Map.of(), "--source", "https://api.brevo.test/definition.yml",
        SWAGGER2, "--no-ignore", "--ours", CONTRACT_2026);
    assertEquals(1, report.exit(), report::toString);
    String body = report.out();
    assertTrue(body.startsWith("`openapi/drift` finds " + differences.size() + " differences between Brevo's"),
        body);
    assertTrue(body.contains("\n- Source: https://api.brevo.test/definition.yml\n"), body);
    String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
        .digest(Files.readAllBytes(SWAGGER2)));
    assertTrue(body.contains("\n- SHA-256 of the definition checked: `" + sha256 + "`\n"), body);
    assertTrue(body.contains("\n```text\n" + String.join("\n", differences) + "\n```\n"), body);
    assertFalse(body.contains("Found by"), "no run link outside GitHub Actions");
    assertTrue(body.contains("drift-ignore"), "says how to accept a deliberate difference");

    Result onGitHub = run("openapi/drift-report", Map.of("GITHUB_RUN_ID", "42", "GITHUB_REPOSITORY", "o/r",
        "GITHUB_SERVER_URL", "https://github.com"), SWAGGER2, "--no-ignore", "--ours", CONTRACT_2026);
    assertTrue(onGitHub.out().contains("\n- Found by: https://github.com/o/r/actions/runs/42\n"), onGitHub::toString);
    assertTrue(onGitHub.out().contains("\n- Source: " + SWAGGER2 + "\n"), "the file, without --source");

    Result same = run("openapi/drift-report", Map.of(), CONTRACT_2026, "--no-ignore", "--ours", CONTRACT_2026);
    assertEquals(0, same.exit(), same::toString);
    assertEquals("", same.out());

    Result unreadable = run("openapi/drift-report", Map.of(), "nowhere.yaml");
    assertUnreadable(unreadable, "no such file");
  }

  @Test
  void theReportStaysWithinGitHubsLimitsAndItsFence() throws Exception {
    Map<String, Object> doc = load(CONTRACT_2026);
    for (int i = 0; i < 1500; i++) {
      message(doc).put("zFieldWithAVeryLongNameThatBrevoMightAddOneDay" + i, mapOf("type", "string"));
    }
    listAt(message(doc), "type", "enum").add("```"); // sorts first: "type" < "zField..."
    Result report = run("openapi/drift-report", Map.of(), writeYaml(doc), "--no-ignore", "--ours", CONTRACT_2026);
    assertEquals(1, report.exit(), report::toString);
    assertTrue(report.out().length() < 65_536, "GitHub refuses longer issue bodies: " + report.out().length());
    assertTrue(report.out().startsWith("`openapi/drift` finds 1501 differences"), report.out().substring(0, 100));
    Matcher more = Pattern.compile("\n\\.\\.\\. and (\\d+) more: run openapi/drift").matcher(report.out());
    assertTrue(more.find(), "says how many lines were cut");
    long shown = report.out().lines().filter(l -> l.startsWith("schema ConversationsMessage, field ")).count();
    assertEquals(1501, shown + Long.parseLong(more.group(1)));
    // A sentence with ``` in it cannot close the block: the fence is longer.
    assertTrue(report.out().contains("\n````text\n"), "a four-backtick fence");
    assertTrue(report.out().contains("enum value \"```\": upstream has it"));
  }

  // -------------------------------------------------------------------------------------------------------------
  // The workflow, its steps run here (all but the download; gh replaced by a fake).

  static Map<String, Object> workflow() throws IOException {
    return yaml().load(Files.readString(WORKFLOW, UTF_8));
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> steps() throws IOException {
    Map<String, Object> job = at(workflow(), "jobs", "drift");
    return (List<Map<String, Object>>) job.get("steps");
  }

  static Map<String, Object> step(String name) throws IOException {
    return steps().stream().filter(s -> name.equals(s.get("name"))).findFirst()
        .orElseThrow(() -> new AssertionError("no step " + name));
  }

  static String env(String name) throws IOException {
    return (String) at(workflow(), "jobs", "drift", "env").get(name);
  }

  @Test
  void theWorkflowIsValidAndWiredUp() throws Exception {
    Map<String, Object> workflow = workflow();
    // YAML 1.1 reads the key "on" as true.
    Map<String, Object> on = at(workflow.containsKey("on") ? workflow.get("on") : ((Map<?, ?>) workflow).get(true));
    assertNotNull(listAt(on, "schedule").get(0), "weekly");
    assertTrue(((Map<?, ?>) listAt(on, "schedule").get(0)).get("cron").toString().matches("\\S+ \\S+ \\* \\* \\d"));
    assertTrue(on.containsKey("workflow_dispatch"));
    assertEquals("write", at(workflow, "jobs", "drift", "permissions").get("issues")); // the job's, not the top's
    assertEquals("https://api.brevo.com/v3/swagger_definition_v3.yml", env("SPEC_URL"));

    Map<String, Object> java = steps().stream().filter(s -> String.valueOf(s.get("uses")).startsWith(
        "actions/setup-java@")).findFirst().orElseThrow();
    // No cache: the job holds a token that writes issues (WorkflowPolicyTest).
    assertEquals(Map.of("distribution", "temurin", "java-version", "17"), java.get("with"));

    String download = (String) step("Download Brevo's definition").get("run");
    for (String option : List.of("--fail", "--retry ", "--location", "$SPEC_URL")) {
      assertTrue(download.contains(option), "curl " + option);
    }
    Map<String, Object> compare = step("Compare with openapi/conversations.yaml");
    assertEquals("drift", compare.get("id"));
    assertTrue(((String) compare.get("run")).contains("openapi/drift-report --source \"$SPEC_URL\""));
    Map<String, Object> issue = step("Open or update the drift issue");
    assertEquals("steps.drift.outputs.status == '1'", issue.get("if"));
    assertEquals("${{ github.token }}", at(issue, "env").get("GH_TOKEN"));

    for (Map<String, Object> step : steps()) {
      if (step.get("run") instanceof String script) {
        Result syntax = exec(List.of("bash", "-n", write("step.sh", script).toString()), Map.of());
        assertEquals(0, syntax.exit(), () -> step.get("name") + ": " + syntax);
      }
    }
    assertTrue(Files.isExecutable(Path.of("openapi/drift")), "openapi/drift is executable");
    assertTrue(Files.isExecutable(Path.of("openapi/drift-report")), "openapi/drift-report is executable");
  }

  /** The compare step as GitHub runs it (bash -e), on a downloaded file that differs and on one that is garbage. */
  @Test
  void theCompareStepRecordsDriftsExitStatus() throws Exception {
    String script = (String) step("Compare with openapi/conversations.yaml").get("run");
    for (Map.Entry<Path, String> input : Map.of(SWAGGER2, "1", Path.of("pom.xml"), "2").entrySet()) {
      Path runnerTemp = Files.createTempDirectory(tmp, "runner");
      Files.copy(input.getKey(), runnerTemp.resolve("brevo-definition.yml"));
      Path output = runnerTemp.resolve("github-output");
      Result step = exec(List.of("bash", "-e", write("compare.sh", script).toString()), Map.of(
          "RUNNER_TEMP", runnerTemp.toString(), "GITHUB_OUTPUT", output.toString(),
          "SPEC_URL", "https://api.brevo.test/definition.yml"));
      assertEquals("status=" + input.getValue() + "\n", Files.readString(output, UTF_8), step::toString);
      if (input.getValue().equals("1")) {
        assertEquals(0, step.exit(), step::toString);
        assertTrue(Files.readString(runnerTemp.resolve("issue.md"), UTF_8).contains("```text\n"));
        assertTrue(step.out().contains("- Source: https://api.brevo.test/definition.yml"), "the body, in the log");
      } else {
        assertEquals(2, step.exit(), "an unreadable definition fails the job: " + step);
      }
    }
  }

  /** The issue step with a fake gh: a new issue, the open one with the same title updated, a failed search. */
  @Test
  void theIssueStepOpensOrUpdatesOneIssue() throws Exception {
    String script = (String) step("Open or update the drift issue").get("run");
    String title = env("ISSUE_TITLE");
    Path bin = Files.createTempDirectory(tmp, "bin");
    Path gh = bin.resolve("gh");
    Files.writeString(gh, String.join("\n",
        "#!/usr/bin/env bash",
        "echo \"$*\" >> \"$GH_LOG\"",
        "if [ \"$1 $2\" = 'issue list' ]; then cat \"$GH_LIST\"; exit \"${GH_LIST_STATUS:-0}\"; fi", ""));
    Files.setPosixFilePermissions(gh, PosixFilePermissions.fromString("rwxr-xr-x"));
    ObjectMapper json = new ObjectMapper();

    record Case(List<Map<String, Object>> open, int listStatus, int exit, String lastCall) {}
    List<Case> cases = List.of(
        new Case(List.of(), 0, 0, "issue create --title " + title + " --body-file "),
        new Case(List.of(Map.of("number", 9, "title", title + " (old)"), Map.of("number", 7, "title", title)), 0, 0,
            "issue edit 7 --body-file "),
        new Case(List.of(), 1, 1, "issue list"));
    for (Case c : cases) {
      Path runnerTemp = Files.createTempDirectory(tmp, "runner");
      Files.writeString(runnerTemp.resolve("issue.md"), "body");
      Path log = runnerTemp.resolve("gh.log");
      Path list = Files.writeString(runnerTemp.resolve("list.json"), json.writeValueAsString(c.open()));
      Result step = exec(List.of("bash", "-e", write("issue.sh", script).toString()), Map.of(
          "PATH", bin + ":" + System.getenv("PATH"), "GH_LOG", log.toString(), "GH_LIST", list.toString(),
          "GH_LIST_STATUS", String.valueOf(c.listStatus()), "ISSUE_TITLE", title,
          "RUNNER_TEMP", runnerTemp.toString(), "GH_TOKEN", "fake"));
      assertEquals(c.exit(), step.exit(), step::toString);
      List<String> calls = Files.readAllLines(log, UTF_8);
      assertTrue(calls.get(0).startsWith("issue list --state open"), calls::toString);
      assertTrue(calls.get(calls.size() - 1).startsWith(c.lastCall()), calls::toString);
      assertTrue(calls.size() <= 2, "one search, at most one change: " + calls);
    }
  }

  // -------------------------------------------------------------------------------------------------------------
  // The launcher.

  @Test
  void theLauncherUsesThePomsSnakeYaml() throws Exception {
    Matcher pom = Pattern.compile("<artifactId>snakeyaml</artifactId>\\s*<version>([^<]+)</version>")
        .matcher(Files.readString(Path.of("pom.xml"), UTF_8));
    assertTrue(pom.find(), "pom.xml has SnakeYAML (so that mvn -B verify puts it in the local repository)");
    assertTrue(Files.readString(Path.of("openapi/drift"), UTF_8).contains("snakeyaml_version=" + pom.group(1) + "\n"),
        "openapi/drift looks for the version the pom fetches");
  }

  @Test
  void theLauncherFetchesSnakeYamlWhenItIsMissing() throws Exception {
    Path jar = snakeYamlJar();
    Path bin = Files.createTempDirectory(tmp, "bin");
    Path mvn = bin.resolve("mvn");
    // A stand-in for Maven that "downloads" from the test class path into -Dmaven.repo.local, or fails.
    Files.writeString(mvn, String.join("\n",
        "#!/usr/bin/env bash",
        "[ -z \"${FAKE_MVN_FAILS:-}\" ] || { echo 'Could not transfer artifact' >&2; exit 1; }",
        "for a in \"$@\"; do case \"$a\" in -Dmaven.repo.local=*) repo=\"${a#-Dmaven.repo.local=}\";; esac; done",
        "mkdir -p \"$repo/org/yaml/snakeyaml/2.5\" && cp '" + jar + "' \"$repo/org/yaml/snakeyaml/2.5/\"", ""));
    Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwxr-xr-x"));
    String path = bin + ":" + System.getenv("PATH");

    Path empty = Files.createTempDirectory(tmp, "m2");
    Result fails = run("openapi/drift", Map.of("PATH", path, "MAVEN_REPO_LOCAL", empty.toString(),
        "FAKE_MVN_FAILS", "yes"), "--ours", CONTRACT_2026, CONTRACT_2026);
    assertUnreadable(fails, "could not fetch org.yaml:snakeyaml:2.5 with Maven");

    Result fetched = run("openapi/drift", Map.of("PATH", path, "MAVEN_REPO_LOCAL", empty.toString()),
        "--no-ignore", "--ours", CONTRACT_2026, CONTRACT_2026);
    assertDifferences(List.of(), fetched);
    assertTrue(fetched.err().contains("fetching org.yaml:snakeyaml:2.5 into " + empty), fetched::toString);
    assertTrue(Files.isRegularFile(empty.resolve("org/yaml/snakeyaml/2.5/snakeyaml-2.5.jar")));
  }

  /** Without a usable class cache, Java's source-file mode runs Drift.java: same result, only slower. */
  @Test
  void theLauncherRunsTheSourceWithoutACache() throws Exception {
    Path notADirectory = Files.writeString(tmp.resolve("cache-is-a-file"), "");
    Result result = run("openapi/drift", Map.of("DRIFT_CACHE_DIR", notADirectory + "/drift"),
        "--no-ignore", "--ours", CONTRACT_2026, SWAGGER2);
    assertDifferences(golden("sendinblue-swagger2-conversations-vs-2026.txt"), result);
  }
}
