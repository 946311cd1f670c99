package io.github.conversations4j.drift;

import static io.github.conversations4j.drift.DriftTest.CONTRACT_2026;
import static io.github.conversations4j.drift.DriftTest.SWAGGER2;
import static io.github.conversations4j.drift.DriftTest.at;
import static io.github.conversations4j.drift.DriftTest.listAt;
import static io.github.conversations4j.drift.DriftTest.load;
import static io.github.conversations4j.drift.DriftTest.mapOf;
import static io.github.conversations4j.drift.DriftTest.message;
import static io.github.conversations4j.drift.DriftTest.requestSchema;
import static io.github.conversations4j.drift.DriftTest.yaml;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.conversations4j.drift.DriftTool.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code openapi/refresh}: {@code Drift.Refresh} called in this JVM on edited copies of Brevo's 2026 extract, each
 * with a snapshot of its own in a temporary directory (the real {@code openapi/upstream} is never written).
 */
class RefreshTest {
    @TempDir
    Path tmp;

    /** A snapshot directory holding a copy of the 2026 extract, as openapi/upstream does. */
    Path snapshot() throws IOException {
        Path dir = Files.createTempDirectory(tmp, "upstream");
        return Files.copy(CONTRACT_2026, dir.resolve("brevo-conversations.yaml"));
    }

    Path write(Map<String, Object> doc) throws IOException {
        Path dir = Files.createTempDirectory(tmp, "input");
        return Files.writeString(dir.resolve("brevo.yaml"), yaml().dump(doc), UTF_8);
    }

    static Path previous(Path snapshot) {
        return snapshot.resolveSibling("brevo-conversations.previous.yaml");
    }

    /** The four changes of issue 23: a new operation with a path parameter, a new message field, a required field
     * dropped, a success status changed. */
    static Map<String, Object> fourChanges() throws IOException {
        Map<String, Object> doc = load(CONTRACT_2026);
        Map<String, Object> paths = at(doc, "paths");
        paths.put(
                "/conversations/visitors/{visitorId}",
                mapOf(
                        "get",
                        mapOf(
                                "parameters",
                                        List.of(mapOf(
                                                "name",
                                                "visitorId",
                                                "in",
                                                "path",
                                                "required",
                                                true,
                                                "schema",
                                                mapOf("type", "string"))),
                                "responses",
                                        mapOf(
                                                "200",
                                                        mapOf(
                                                                "description",
                                                                "The visitor's last message",
                                                                "content",
                                                                mapOf(
                                                                        "application/json",
                                                                        mapOf(
                                                                                "schema",
                                                                                mapOf(
                                                                                        "$ref",
                                                                                        "#/components/schemas/ConversationsMessage")))),
                                                "404", mapOf("$ref", "#/components/responses/errorModel")))));
        message(doc).put("replyToId", mapOf("type", "string", "description", "The message this one answers"));
        listAt(requestSchema(doc, "/conversations/messages", "post"), "required")
                .remove("visitorId");
        Map<String, Object> responses = at(doc, "paths", "/conversations/agentOnlinePing", "post", "responses");
        responses.put("200", responses.remove("201"));
        return doc;
    }

    /** The report's change lines by their row ("### addition" and so on), the checklist under its own heading. */
    static Map<String, List<String>> sections(String report) {
        Map<String, List<String>> sections = new LinkedHashMap<>();
        List<String> current = null;
        for (String line : report.split("\n")) {
            if (line.startsWith("### ")) {
                current = new ArrayList<>();
                sections.put(line.substring(4), current);
            } else if (current != null && !line.isBlank()) {
                current.add(line);
            }
        }
        return sections;
    }

    @Test
    void theFourChangesAreEachClassifiedUnderTheirRow() throws Exception {
        Path snapshot = snapshot();
        byte[] before = Files.readAllBytes(snapshot);
        Path input = write(fourChanges());

        Result result = DriftTool.refresh("--snapshot", snapshot, "--source", "https://api.brevo.test/v3.yml", input);
        assertEquals(1, result.exit(), result::toString);
        String report = result.out();
        assertTrue(report.contains("\n4 changes, 0 of which break."), report);
        assertTrue(report.contains("\n- Source: https://api.brevo.test/v3.yml\n"), report);

        Map<String, List<String>> rows = sections(report);
        assertEquals(
                List.of("changed success status", "relaxation", "addition", "What a human must decide"),
                List.copyOf(rows.keySet()),
                report);
        assertEquals(
                List.of("- **relaxes** (response): `POST /conversations/agentOnlinePing: success status changed from"
                        + " 201 to 200, same body.`"),
                rows.get("changed success status"));
        assertEquals(
                List.of("- **relaxes** (request): `POST /conversations/messages, request body, field visitorId: no"
                        + " longer required.`"),
                rows.get("relaxation"));
        List<String> additions = rows.get("addition");
        assertTrue(
                additions.contains("- **adds** (response): `schema ConversationsMessage, field replyToId: new field"
                        + " (optional).`"),
                additions::toString);
        int operation = additions.indexOf("- **adds**: `GET /conversations/visitors/{visitorId}: new operation.`");
        assertTrue(operation >= 0, additions::toString);
        // Its parameters and responses, under it.
        assertEquals("  - `path parameter visitorId (required, string)`", additions.get(operation + 1));
        assertTrue(
                additions
                        .get(operation + 2)
                        .startsWith("  - `200 response application/json (schema"
                                + " ConversationsMessage, object: fields "),
                additions::toString);
        assertTrue(
                additions
                        .get(operation + 3)
                        .startsWith("  - `404 response application/json (object: fields code"
                                + " (required), message (required))`"),
                additions::toString);

        List<String> checklist = rows.get("What a human must decide");
        assertTrue(checklist.stream().allMatch(l -> l.startsWith("- [ ] ")), checklist::toString);
        for (String expected : List.of(
                "- [ ] Naming: the method (`operationId`) and the model names of `GET /conversations/visitors/{visitorId}`",
                "- [ ] Sandbox behaviour: what the sandbox answers to `GET /conversations/visitors/{visitorId}`",
                "- [ ] Sandbox behaviour: the sandbox answers `POST /conversations/agentOnlinePing` with the new status.",
                "- [ ] Sandbox behaviour: the sandbox no longer refuses `POST /conversations/messages, request body` without"
                        + " `visitorId`",
                "- [ ] Meaning: what Brevo does when `visitorId` of `POST /conversations/messages, request body` is left out.",
                "- [ ] Naming and meaning: field `replyToId` of `schema ConversationsMessage`")) {
            assertTrue(checklist.stream().anyMatch(l -> l.startsWith(expected)), () -> expected + "\n" + checklist);
        }
        assertFalse(checklist.stream().anyMatch(l -> l.contains("a break is a major release")), "nothing breaks");

        // An extract is stored as it came; the snapshot it replaces is kept.
        assertArrayEquals(Files.readAllBytes(input), Files.readAllBytes(snapshot));
        assertArrayEquals(before, Files.readAllBytes(previous(snapshot)));
        try (Stream<Path> files = Files.list(snapshot.getParent())) {
            assertEquals(2, files.count(), "no temporary file left behind");
        }

        // The same definition again: no change, nothing written, nothing printed.
        Result again = DriftTool.refresh("--snapshot", snapshot, input);
        assertEquals(0, again.exit(), again::toString);
        assertEquals("", again.out());
        assertTrue(again.err().contains("no change"), again::toString);
        assertArrayEquals(before, Files.readAllBytes(previous(snapshot)), "the previous snapshot stays");
    }

    /** The same kind of change classifies the other way in a request and in a response. */
    @Test
    void eachDirectionHasItsOwnRules() throws Exception {
        Map<String, Object> doc = load(CONTRACT_2026);
        // A new required field in a request breaks; a required field dropped from an answer breaks.
        Map<String, Object> ping = requestSchema(doc, "/conversations/agentOnlinePing", "post");
        at(ping, "properties").put("agentPhone", mapOf("type", "string"));
        ping.put("required", new ArrayList<>(List.of("agentPhone")));
        Map<String, Object> error = at(doc, "components", "schemas", "errorModel");
        listAt(error, "required").remove("message");
        // A new optional field in a request adds.
        at(ping, "properties").put("agentNote", mapOf("type", "string"));
        Result result = DriftTool.refresh("--snapshot", snapshot(), write(doc));
        assertEquals(1, result.exit(), result::toString);
        Map<String, List<String>> rows = sections(result.out());
        assertTrue(
                rows.get("break")
                        .containsAll(List.of(
                                "- **breaks** (request): `POST /conversations/agentOnlinePing, request body, field agentPhone: new field"
                                        + " (required).`",
                                "- **breaks** (response): `schema errorModel, field message: no longer required.`")),
                result::toString);
        assertTrue(
                rows.get("addition")
                        .contains("- **adds** (request): `POST /conversations/agentOnlinePing, request"
                                + " body, field agentNote: new field (optional).`"),
                result::toString);
        assertTrue(
                rows.get("What a human must decide").stream().anyMatch(l -> l.contains("a break is a major release")));
    }

    /** Brevo's whole definition: the other paths, the components they alone use and the x-* keys are cut away. */
    @Test
    void aWholeDefinitionIsCutToItsConversationsExtract() throws Exception {
        Path snapshot = snapshot();
        byte[] before = Files.readAllBytes(snapshot);
        Map<String, Object> whole = load(CONTRACT_2026);
        at(whole, "paths")
                .put(
                        "/contacts",
                        mapOf(
                                "get",
                                mapOf(
                                        "responses",
                                        mapOf(
                                                "200",
                                                mapOf(
                                                        "description",
                                                        "ok",
                                                        "content",
                                                        mapOf(
                                                                "application/json",
                                                                mapOf(
                                                                        "schema",
                                                                        mapOf(
                                                                                "$ref",
                                                                                "#/components/schemas/getContacts"))))))));
        at(whole, "components", "schemas")
                .put(
                        "getContacts",
                        mapOf(
                                "type",
                                "object",
                                "properties",
                                mapOf(
                                        "contacts",
                                        mapOf(
                                                "type",
                                                "array",
                                                "items",
                                                mapOf("$ref", "#/components/schemas/contact")))));
        at(whole, "components", "schemas").put("contact", mapOf("type", "object"));
        at(whole, "components").put("requestBodies", mapOf("unused", mapOf("content", mapOf())));
        whole.put("x-samples-languages", List.of("curl"));

        // Cut, it is the 2026 extract: no change.
        Result same = DriftTool.refresh("--snapshot", snapshot, write(whole));
        assertEquals(0, same.exit(), same::toString);
        assertArrayEquals(before, Files.readAllBytes(snapshot));
        assertFalse(Files.exists(previous(snapshot)));

        // With the four changes: taken in, cut.
        Map<String, Object> changed = fourChanges();
        changed.put("x-samples-languages", List.of("curl"));
        at(changed, "paths").put("/contacts", at(whole, "paths", "/contacts"));
        at(changed, "components", "schemas")
                .putAll(Map.of(
                        "getContacts",
                        at(whole, "components", "schemas", "getContacts"),
                        "contact",
                        at(whole, "components", "schemas", "contact")));
        Path input = write(changed);
        Result result = DriftTool.refresh("--snapshot", snapshot, "--source", "brevo.yml", input);
        assertEquals(1, result.exit(), result::toString);
        assertTrue(result.out().contains("\n4 changes, 0 of which break."), result::toString);
        assertTrue(result.out().contains("(its `/conversations` extract stored)"), result::toString);
        String stored = Files.readString(snapshot, UTF_8);
        assertTrue(stored.startsWith("# Extract of Brevo's OpenAPI definition: the /conversations paths"), stored);
        assertTrue(stored.contains("\n# Cut by openapi/refresh from: brevo.yml\n"), stored);
        Map<String, Object> extract = yaml().load(stored);
        assertFalse(extract.containsKey("x-samples-languages"));
        assertEquals(
                List.of(
                        "/conversations/agentOnlinePing",
                        "/conversations/messages",
                        "/conversations/messages/{id}",
                        "/conversations/pushedMessages",
                        "/conversations/pushedMessages/{id}",
                        "/conversations/visitorGroup",
                        "/conversations/visitors/{visitorId}"),
                List.copyOf(at(extract, "paths").keySet()));
        assertEquals(
                List.of("ConversationsMessage", "errorModel"),
                at(extract, "components", "schemas").keySet().stream().sorted().toList());
        assertEquals(
                List.of("responses", "schemas", "securitySchemes"),
                at(extract, "components").keySet().stream().sorted().toList());
        // What was kept is unchanged: the extract of the edited copy equals the edited copy without what was cut.
        Map<String, Object> expected = fourChanges();
        assertEquals(yaml().dump(expected), yaml().dump(extract));
        assertArrayEquals(before, Files.readAllBytes(previous(snapshot)));

        // The stored extract is what openapi/drift and Prism read: drift reads it like the input.
        Result drift = DriftTool.drift("--no-ignore", "--ours", input, snapshot);
        assertEquals(0, drift.exit(), drift::toString);
    }

    @Test
    void aSwagger2DefinitionIsReadAndStoredAsItCame() throws Exception {
        Path snapshot = snapshot();
        Result result = DriftTool.refresh("--snapshot", snapshot, SWAGGER2);
        assertEquals(1, result.exit(), result::toString);
        assertTrue(
                result.out().contains("- **breaks**: `PUT /conversations/visitorGroup: operation removed.`"),
                result::toString);
        assertArrayEquals(Files.readAllBytes(SWAGGER2), Files.readAllBytes(snapshot));
    }

    @Test
    void aWholeSwagger2DefinitionIsCutToo() throws Exception {
        Map<String, Object> whole = load(SWAGGER2);
        at(whole, "paths")
                .put(
                        "/contacts",
                        mapOf(
                                "get",
                                mapOf(
                                        "responses",
                                        mapOf(
                                                "200",
                                                mapOf(
                                                        "description",
                                                        "ok",
                                                        "schema",
                                                        mapOf("$ref", "#/definitions/getContacts"))))));
        at(whole, "definitions").put("getContacts", mapOf("type", "object"));
        whole.put("x-samples-languages", List.of("curl"));
        Path snapshot = snapshot();
        Result result = DriftTool.refresh("--snapshot", snapshot, write(whole));
        assertEquals(1, result.exit(), result::toString);
        Map<String, Object> extract = yaml().load(Files.readString(snapshot, UTF_8));
        assertEquals(yaml().dump(load(SWAGGER2)), yaml().dump(extract), "the Swagger 2 extract, nothing more");

        Path other = snapshot();
        Result fromExtract = DriftTool.refresh("--snapshot", other, SWAGGER2);
        assertEquals(sections(fromExtract.out()), sections(result.out()), "the same changes as from the extract");
    }

    @Test
    void aLongReportIsCutBelowGitHubsLimit() throws Exception {
        Map<String, Object> doc = load(CONTRACT_2026);
        for (int i = 0; i < 1500; i++) {
            message(doc).put("zFieldWithAVeryLongNameThatBrevoMightAddOneDay" + i, mapOf("type", "string"));
        }
        Result result = DriftTool.refresh("--snapshot", snapshot(), write(doc));
        assertEquals(1, result.exit(), result::toString);
        assertTrue(
                result.out().length() < 61_000,
                "GitHub refuses bodies over 65,536: " + result.out().length());
        assertTrue(
                result.out().startsWith("## What Brevo changed\n"), result.out().substring(0, 100));
        assertTrue(result.out().contains("1500 changes, 0 of which break."));
        assertTrue(
                result.out()
                        .endsWith("... the report is cut here (over 60000 characters): run `openapi/drift"
                                + " --no-ignore --ours brevo-conversations.previous.yaml brevo-conversations.yaml` in `openapi/upstream`"
                                + " for every difference.\n"),
                () -> result.out().substring(result.out().length() - 300));
    }

    /** Whatever goes wrong, exit 2, nothing on stdout, and both files as they were. */
    @Test
    void whatCannotBeReadOrWrittenLeavesTheFilesAsTheyWere() throws Exception {
        Path snapshot = snapshot();
        byte[] before = Files.readAllBytes(snapshot);
        Path changed = write(fourChanges());
        Map<String, Object> dangling = load(CONTRACT_2026);
        at(dangling, "components", "schemas").remove("errorModel");
        Map<String, Object> noConversations = load(CONTRACT_2026);
        at(noConversations, "paths").clear();
        at(noConversations, "paths")
                .put("/contacts", mapOf("get", mapOf("responses", mapOf("200", mapOf("description", "ok")))));
        Path dir = Files.createTempDirectory(tmp, "bad");

        record Case(Object[] args, String message) {}
        List<Case> cases = List.of(
                new Case(new Object[] {dir.resolve("missing.yaml")}, "no such file"),
                new Case(new Object[] {Files.writeString(dir.resolve("not.yaml"), "a: [b\n")}, "is not YAML or JSON"),
                new Case(
                        new Object[] {Files.writeString(dir.resolve("list.yaml"), "- 1\n")},
                        "is not an OpenAPI document"),
                new Case(new Object[] {write(dangling)}, "points at nothing"),
                new Case(new Object[] {write(noConversations)}, "has no path that starts with /conversations"),
                new Case(new Object[] {"http://api.brevo.test/v3.yml"}, "only https:// URLs are fetched"),
                new Case(new Object[] {"--snapshot"}, "--snapshot needs a file"),
                new Case(new Object[] {"--frobnicate", changed}, "unknown option --frobnicate"),
                new Case(new Object[] {}, "no UPSTREAM given"));
        for (Case c : cases) {
            Object[] args = Stream.concat(Stream.of("--snapshot", snapshot), Stream.of(c.args()))
                    .toArray();
            Result result = DriftTool.refresh(args);
            assertEquals(2, result.exit(), () -> c.message() + ": " + result);
            assertEquals("", result.out(), () -> c.message() + ": " + result);
            assertTrue(
                    result.err().startsWith("refresh: ") && result.err().contains(c.message()),
                    () -> c.message() + ": " + result);
            assertArrayEquals(before, Files.readAllBytes(snapshot), c::message);
            assertFalse(Files.exists(previous(snapshot)), c::message);
        }

        // No snapshot to compare with.
        Result missing = DriftTool.refresh("--snapshot", dir.resolve("none.yaml"), changed);
        assertEquals(2, missing.exit(), missing::toString);
        assertTrue(missing.err().contains("cannot read snapshot"), missing::toString);
        assertFalse(Files.exists(dir.resolve("none.yaml")));

        // A write that fails (the previous snapshot's name taken by a directory that is not empty): nothing changed.
        Files.createDirectories(previous(snapshot).resolve("in-the-way"));
        Result blocked = DriftTool.refresh("--snapshot", snapshot, changed);
        assertEquals(2, blocked.exit(), blocked::toString);
        assertEquals("", blocked.out());
        assertTrue(blocked.err().contains("could not write " + snapshot + " (it is unchanged)"), blocked::toString);
        assertArrayEquals(before, Files.readAllBytes(snapshot));
        try (Stream<Path> files = Files.list(snapshot.getParent())) {
            assertEquals(2, files.count(), "no temporary file left behind");
        }
    }
}
