package io.github.conversations4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.conversations4j.api.ConversationsApi;
import io.github.conversations4j.spec.Inventories;
import io.github.conversations4j.spec.Inventories.PathParameterCase;
import io.github.conversations4j.spec.SandboxBehaviour;
import io.github.conversations4j.spec.SandboxSpecCheck;
import io.github.conversations4j.spec.Spec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 23's three changes made to a copy of {@code openapi/conversations.yaml} in memory, as Brevo might make them:
 * a required field dropped ({@code visitorId} of {@code Body8}), a success status changed ({@code DELETE
 * /conversations/messages/{id}} answers 200 instead of 204), and an operation with a new path parameter added
 * ({@code GET /conversations/visitors/{visitorId}}, with a new schema). The inventories the tests use are functions
 * of the spec; fed the edited copy, each names exactly what is missing, the hostile-input cases cover the new
 * parameter, and the sandbox check names each behaviour that no longer follows the spec. Validation following the
 * spec is another test's part of the issue.
 */
class SpecChangeTest {
    private static final String NEW_PATH = "/conversations/visitors/{visitorId}";
    private static final String NEW_OPERATION = "conversationsVisitorsVisitorIdGet";
    private static final String NEW_SCHEMA = "ConversationsVisitorProfile";

    private static Spec project;
    private static Spec edited;

    @BeforeAll
    static void editACopyOfTheSpec() {
        project = Spec.project();
        edited = Spec.parse(edit(Spec.load(Spec.projectYaml())));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> edit(Map<String, Object> root) {
        Map<String, Object> components = (Map<String, Object>) root.get("components");
        Map<String, Object> schemas = (Map<String, Object>) components.get("schemas");
        // 1. A required field dropped.
        List<Object> required = (List<Object>) ((Map<String, Object>) schemas.get("Body8")).get("required");
        assertTrue(
                required.remove("visitorId"),
                "Body8 requires visitorId in the project's spec (this test's example"
                        + " edits are pinned to today's spec: once Brevo makes one for real, pin it to another field, status or path)");
        // 2. A success status changed: 204 -> 200, the response keeping its place.
        Map<String, Object> paths = (Map<String, Object>) root.get("paths");
        Map<String, Object> delete =
                (Map<String, Object>) ((Map<String, Object>) paths.get("/conversations/messages/{id}")).get("delete");
        Map<Object, Object> responses = (Map<Object, Object>) (Map<?, ?>) delete.get("responses");
        Map<Object, Object> changed = new LinkedHashMap<>();
        responses.forEach(
                (status, response) -> changed.put(String.valueOf(status).equals("204") ? "200" : status, response));
        assertNotEquals(responses, changed, "the delete documents 204 in the project's spec");
        delete.put("responses", changed);
        // 3. An operation with a new path parameter, and the schema of its answer.
        assertTrue(
                !paths.containsKey(NEW_PATH),
                NEW_PATH + " is in the project's spec now: pin this test to another" + " new path");
        paths.put(
                NEW_PATH,
                Spec.load(String.join(
                        "\n",
                        "get:",
                        "  operationId: " + NEW_OPERATION,
                        "  summary: Get a visitor",
                        "  parameters:",
                        "    - name: visitorId",
                        "      in: path",
                        "      required: true",
                        "      schema: {type: string}",
                        "      example: kZMvWhf8npAu3H6qd57w2Hv6nh6rnxvg",
                        "  responses:",
                        "    '200':",
                        "      description: the visitor",
                        "      content:",
                        "        application/json:",
                        "          schema: {$ref: '#/components/schemas/" + NEW_SCHEMA + "'}",
                        "    '400': {$ref: '#/components/responses/BadRequest'}",
                        "    '404':",
                        "      description: Returned when the visitor is not found",
                        "      content:",
                        "        application/json:",
                        "          schema: {$ref: '#/components/schemas/ErrorModel'}",
                        "          example: {code: document_not_found, message: Visitor not found}")));
        schemas.put(
                NEW_SCHEMA, Spec.load("type: object\nproperties:\n  id: {type: string}\n  groupId: {type: string}"));
        return root;
    }

    private static Spec.Operation added() {
        return edited.operation(NEW_OPERATION);
    }

    @Test
    void theHostileInputCasesCoverTheNewPathParameter() {
        List<PathParameterCase> before = Inventories.pathParameterCases(project);
        List<PathParameterCase> after = Inventories.pathParameterCases(edited);

        List<String> added =
                new ArrayList<>(after.stream().map(PathParameterCase::toString).toList());
        added.removeAll(before.stream().map(PathParameterCase::toString).toList());
        assertEquals(List.of(NEW_OPERATION + " {visitorId}"), added);
        Matcher m = Inventories.pathPattern(added(), "visitorId").matcher("/conversations/visitors/a%2F..");
        assertTrue(m.matches());
        assertEquals("a%2F..", m.group(1), "the segment PathParameterTest checks is the new parameter's");
        assertTrue(!Inventories.pathPattern(added(), "visitorId")
                .matcher("/conversations/visitors/a/b")
                .matches());
        // PathParameterTest calls each case through its generated method: until the SDK is regenerated, the new
        // case fails with the operation's name rather than being left out.
        AssertionError e = assertThrows(AssertionError.class, () -> Inventories.apiMethod(added()));
        assertTrue(e.getMessage().contains(NEW_OPERATION), e.getMessage());
    }

    @Test
    void theNotFoundCasesFollowTheSpec() {
        List<Spec.Operation> notFound = Inventories.notFoundOperations(edited);
        assertTrue(notFound.contains(added()), notFound.toString());
        assertEquals(Inventories.notFoundOperations(project).size() + 1, notFound.size());
        assertEquals("Visitor not found", added().errorExampleMessages().get(404));
    }

    @Test
    void theSuccessStatusesFollowTheSpec() {
        // Operations.success, which ContractTest and FaultTest stub and expect, reads the status from the spec.
        assertEquals(204, project.operation("conversationsMessagesIdDelete").successStatus());
        assertEquals(200, edited.operation("conversationsMessagesIdDelete").successStatus());
    }

    @Test
    void theInventoriesNameTheMissingOperationAndModel() {
        String missing = "GET " + NEW_PATH + " (" + NEW_OPERATION;
        assertEquals(
                List.of(
                        missing + "): in the spec, not in the generated ConversationsApi",
                        missing + "WithHttpInfo): in the spec, not in the generated ConversationsApi"),
                Inventories.apiDifferences(edited, ConversationsApi.class));
        assertEquals(
                List.of(missing + "): in the spec, no wire case in Operations.all()"),
                OperationsInventoryTest.caseDifferences(edited, Operations.all()));
        assertEquals(
                List.of("schema " + NEW_SCHEMA + ": in the spec, no generated model io.github.conversations4j.model."
                        + NEW_SCHEMA),
                Inventories.modelDifferences(edited));
        assertEquals(
                Inventories.apiMethodCount(project) + 2,
                Inventories.apiMethodCount(edited),
                "SdkContractTest's count of generated methods");
    }

    @Test
    void theReadmeTableCheckNamesTheNewOperationAndTheChangedStatus() throws Exception {
        Map<String, String> expected = OperationsInventoryTest.tableRows(edited);
        Map<String, String> readme = OperationsInventoryTest.readmeTableRows();
        assertEquals("DELETE /conversations/messages/{id} 200", expected.get("conversationsMessagesIdDelete"));
        assertEquals("DELETE /conversations/messages/{id} 204", readme.get("conversationsMessagesIdDelete"));
        expected.keySet().removeAll(readme.keySet());
        assertEquals(Map.of(NEW_OPERATION, "GET " + NEW_PATH + " 200"), expected);
    }

    @Test
    void theSandboxCheckNamesEveryBehaviourThatNoLongerFollowsTheSpec() {
        List<String> found = SandboxSpecCheck.differences(edited);
        SandboxBehaviour listed = SandboxBehaviour.read(SandboxBehaviour.PROJECT_FILE);

        assertEquals(
                List.of(
                        "POST /conversations/messages, request body without visitorId (optional in the spec; example \"Basic use\"):"
                                + " the sandbox answered 400.",
                        "DELETE /conversations/messages/{id}: the spec documents 200, the sandbox answered 204.",
                        "GET " + NEW_PATH + ": not routed by the sandbox (it answered 404)."),
                listed.unlisted(found));
        assertEquals(List.of(), listed.stale(found), "the sandbox's listed rules are unchanged");
    }

    /** The check's fourth kind of sentence, beyond the three changes: a field the spec makes required. */
    @Test
    @SuppressWarnings("unchecked")
    void aFieldMadeRequiredIsNamedWhereTheSandboxStillAcceptsItsAbsence() {
        Map<String, Object> root = Spec.load(Spec.projectYaml());
        Map<String, Object> body10 = (Map<String, Object>)
                ((Map<String, Object>) ((Map<String, Object>) root.get("components")).get("schemas")).get("Body10");
        ((List<Object>) body10.get("required")).add("groupId");

        List<String> found = SandboxBehaviour.read(SandboxBehaviour.PROJECT_FILE)
                .unlisted(SandboxSpecCheck.differences(Spec.parse(root)));

        assertEquals(
                List.of("POST /conversations/pushedMessages, request body without groupId (required in the spec; "
                        + "example \"Agent group\"): the sandbox answered 200, not 400."),
                found);
    }
}
