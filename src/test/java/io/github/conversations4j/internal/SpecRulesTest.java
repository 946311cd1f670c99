package io.github.conversations4j.internal;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.conversations4j.errors.InvalidRequestException;
import io.github.conversations4j.model.Body10;
import io.github.conversations4j.model.Body12;
import io.github.conversations4j.model.Body8;
import io.github.conversations4j.model.ConversationsVisitorGroupPutRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Client-side validation is what {@code openapi/conversations.yaml} says, and nothing kept by hand: the rules the
 * build generated equal those read from the checked-in spec, and an edited spec alone changes what is refused.
 */
class SpecRulesTest {
    private static final String OP = "conversationsMessagesPost";

    @Test
    void theBuildsRulesAreWhatTheCheckedInSpecSays() throws Exception {
        List<String> fromSpec =
                SpecRulesReader.describe(SpecRulesReader.read(SpecRulesReader.load(SpecRulesReader.SPEC)));

        List<String> built = SpecRulesReader.describe(RequestValidator.SPEC);
        assertEquals(
                List.of(),
                difference(fromSpec, built),
                "the spec says, the build does not (SpecRules.java is stale "
                        + "or the template misreads the spec: mvn generate-sources)");
        assertEquals(List.of(), difference(built, fromSpec), "the build says, the spec does not");
        assertEquals(fromSpec, built);
        // The reading is not empty: a few rules the spec states today, spelled out.
        // If Brevo changed one of them and the spec followed, change it here too.
        List<String> examples = new ArrayList<>(List.of(
                "Body8.visitorId: required, not blank",
                "Body8.agentEmail: format email",
                "Body8: names the agent with one of [agentId] | [agentEmail, agentName, receivedFrom]",
                "Body12: names the agent with one of [agentId] | [agentEmail, agentName, receivedFrom]",
                "ConversationsVisitorGroupPutRequest.groupId: required (null allowed), not blank",
                "ConversationsMessage.type: one of [agent, visitor]"));
        examples.removeAll(fromSpec);
        assertEquals(
                List.of(),
                examples,
                "SpecRulesTest's spelled-out examples the spec no longer states (if the spec"
                        + " changed on purpose, change them here)");
    }

    @Test
    void everyModelOfTheSpecHasRulesAndEveryRequestBodyFormatIsChecked() throws Exception {
        Map<String, Object> spec = SpecRulesReader.load(SpecRulesReader.SPEC);
        @SuppressWarnings("unchecked")
        Set<String> schemas =
                ((Map<String, Object>) ((Map<String, Object>) spec.get("components")).get("schemas")).keySet();
        assertEquals(schemas, SpecRulesReader.generated().keySet());

        List<String> rules = SpecRulesReader.describe(RequestValidator.SPEC);
        List<String> unchecked = new ArrayList<>();
        for (String body : SpecRulesReader.requestBodies(spec)) {
            for (String line : SpecRulesReader.lines(rules, body)) {
                if (line.contains("(not checked)")) {
                    unchecked.add(line);
                }
            }
        }
        assertEquals(
                List.of(), unchecked, "a request body names a format RequestValidator does not check: add it there");
        assertEquals(
                Set.of("Body8", "Body9", "Body10", "Body11", "Body12", "ConversationsVisitorGroupPutRequest"),
                SpecRulesReader.requestBodies(spec));
    }

    /** The "Done when" of issue 23 for validation: one required field dropped from a copy of the spec, no other edit. */
    @Test
    @SuppressWarnings("unchecked")
    void droppingARequiredFieldFromTheSpecStopsItsRefusal() throws Exception {
        Map<String, Object> spec = SpecRulesReader.load(SpecRulesReader.SPEC);
        List<Object> required = (List<Object>) schema(spec, "Body8").get("required");
        assertTrue(
                required.remove("visitorId"),
                "this test's example: Body8 no longer requires visitorId in"
                        + " openapi/conversations.yaml, so drop another of its required fields here (and in the list above)");
        RequestValidator edited = SpecRulesReader.read(spec);
        Body8 noVisitor = new Body8().text("hi").agentId("d9nKoegKSjmCtyK78");

        InvalidRequestException e =
                assertThrows(InvalidRequestException.class, () -> RequestValidator.SPEC.checkBody(OP, noVisitor));
        assertEquals("visitorId", e.field());
        assertDoesNotThrow(() -> edited.checkBody(OP, noVisitor));
        // Only that rule changed.
        List<String> unedited =
                SpecRulesReader.describe(SpecRulesReader.read(SpecRulesReader.load(SpecRulesReader.SPEC)));
        assertEquals(
                List.of("Body8.visitorId: required, not blank"),
                difference(unedited, SpecRulesReader.describe(edited)));
        assertEquals(List.of(), difference(SpecRulesReader.describe(edited), unedited));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aFieldTheSpecMakesRequiredOrEnumeratesIsRefusedWithoutIt() throws Exception {
        Map<String, Object> spec = SpecRulesReader.load(SpecRulesReader.SPEC);
        ((List<Object>) schema(spec, "Body10").get("required")).add("agentId");
        Map<String, Object> groupId = (Map<String, Object>)
                ((Map<String, Object>) schema(spec, "Body10").get("properties")).get("groupId");
        groupId.put("enum", List.of("PjRBMhWGen6aRHjif"));
        RequestValidator edited = SpecRulesReader.read(spec);
        Body10 push = new Body10().visitorId("v").text("Shipped");

        assertDoesNotThrow(() -> RequestValidator.SPEC.checkBody(OP, push));
        assertEquals(
                "agentId",
                assertThrows(InvalidRequestException.class, () -> edited.checkBody(OP, push))
                        .field());
        Body10 otherGroup =
                new Body10().visitorId("v").text("Shipped").agentId("a").groupId("another");
        assertDoesNotThrow(() -> RequestValidator.SPEC.checkBody(OP, otherGroup));
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> edited.checkBody(OP, otherGroup));
        assertEquals("groupId", e.field());
        assertTrue(e.getMessage().contains("PjRBMhWGen6aRHjif"), e.getMessage());
        assertDoesNotThrow(() -> edited.checkBody(OP, otherGroup.groupId("PjRBMhWGen6aRHjif")));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theAgentRuleAndNullabilityFollowTheSpecToo() throws Exception {
        Map<String, Object> spec = SpecRulesReader.load(SpecRulesReader.SPEC);
        schema(spec, "Body12").remove("x-required-one-of");
        ((Map<String, Object>) ((Map<String, Object>) schema(spec, "ConversationsVisitorGroupPutRequest")
                                .get("properties"))
                        .get("groupId"))
                .remove("nullable");
        RequestValidator edited = SpecRulesReader.read(spec);
        ConversationsVisitorGroupPutRequest removal = new ConversationsVisitorGroupPutRequest().visitorId("v");

        assertAll(
                () -> assertEquals(
                        "agentId",
                        assertThrows(
                                        InvalidRequestException.class,
                                        () -> RequestValidator.SPEC.checkBody(OP, new Body12()))
                                .field()),
                () -> assertDoesNotThrow(() -> edited.checkBody(OP, new Body12())),
                () -> assertDoesNotThrow(() -> RequestValidator.SPEC.checkBody(OP, removal)),
                () -> assertEquals(
                        "groupId",
                        assertThrows(InvalidRequestException.class, () -> edited.checkBody(OP, removal))
                                .field()));
    }

    /** The lines of {@code a} that {@code b} lacks. */
    private static List<String> difference(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.removeAll(b);
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> schema(Map<String, Object> spec, String name) {
        return (Map<String, Object>)
                ((Map<String, Object>) ((Map<String, Object>) spec.get("components")).get("schemas")).get(name);
    }
}
