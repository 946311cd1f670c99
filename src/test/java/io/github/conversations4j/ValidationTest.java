package io.github.conversations4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.conversations4j.api.ConversationsApi;
import io.github.conversations4j.errors.InvalidRequestException;
import io.github.conversations4j.model.Body10;
import io.github.conversations4j.model.Body11;
import io.github.conversations4j.model.Body12;
import io.github.conversations4j.model.Body8;
import io.github.conversations4j.model.Body9;
import io.github.conversations4j.model.ConversationsVisitorGroupPutRequest;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;

/** Bad input fails before any byte is sent, naming the operation and the field. */
class ValidationTest extends WireMockTestBase {

    record BadCall(String description, String field, Consumer<ConversationsApi> call) {
        @Override
        public String toString() {
            return description;
        }
    }

    private static Body8 agentMessage() {
        return new Body8().visitorId(VISITOR_ID).text("hi").agentId(AGENT_ID);
    }

    /**
     * The refusals that are not a field rule of the spec: the agent rule's partial cases, path parameters, the
     * {@code *WithHttpInfo} variants. What each body requires is in {@link #specRefusals}, read from the spec.
     */
    static List<BadCall> badCalls() {
        return List.of(
                new BadCall(
                        "ping with blank agentId only",
                        "agentId",
                        api -> api.conversationsAgentOnlinePingPost(new Body12().agentId("  "))),
                new BadCall(
                        "ping with email but no name or receivedFrom",
                        "agentName",
                        api -> api.conversationsAgentOnlinePingPost(new Body12().agentEmail("liz@getwear.com"))),
                new BadCall(
                        "ping with email and name but no receivedFrom",
                        "receivedFrom",
                        api -> api.conversationsAgentOnlinePingPost(
                                new Body12().agentEmail("liz@getwear.com").agentName("Liz"))),
                new BadCall(
                        "send with agentName and receivedFrom but no email",
                        "agentEmail",
                        api -> api.conversationsMessagesPost(
                                agentMessage().agentId(null).agentName("Liz").receivedFrom("x"))),
                new BadCall("get with null id", "id", api -> api.conversationsMessagesIdGet(null)),
                new BadCall("get with blank id", "id", api -> api.conversationsMessagesIdGet(" ")),
                new BadCall(
                        "edit with null id", "id", api -> api.conversationsMessagesIdPut(null, new Body9().text("x"))),
                new BadCall("delete with empty id", "id", api -> api.conversationsMessagesIdDelete("")),
                new BadCall("get pushed with null id", "id", api -> api.conversationsPushedMessagesIdGet(null)),
                new BadCall(
                        "edit pushed with blank id",
                        "id",
                        api -> api.conversationsPushedMessagesIdPut("\n", new Body11().text("x"))),
                new BadCall("delete pushed with null id", "id", api -> api.conversationsPushedMessagesIdDelete(null)),
                new BadCall("delete with dot-dot id", "id", api -> api.conversationsMessagesIdDelete("..")),
                new BadCall(
                        "get with a control character in the id",
                        "id",
                        api -> api.conversationsMessagesIdGet("abc\r\nHost: evil")),
                new BadCall(
                        "with-http-info variant with a null body",
                        "body",
                        api -> api.conversationsMessagesPostWithHttpInfo(null)));
    }

    /** One operation of the spec that takes a request body, and the body's schema. */
    record BodyOperation(String operationId, String schemaName, Map<String, Object> schema) {
        Class<?> model() throws ClassNotFoundException {
            return Class.forName("io.github.conversations4j.model." + schemaName);
        }

        /** A body built from a JSON-like map of the spec (an example), through a plain databind mapper. */
        Object body(Map<String, Object> json) throws ClassNotFoundException {
            return MAPPER.convertValue(json, model());
        }

        /** Calls the operation with that body; a path parameter gets a valid id. */
        void call(ConversationsApi api, Object body) throws Throwable {
            for (Method m : ConversationsApi.class.getMethods()) {
                if (m.getName().equals(operationId)) {
                    Object[] args = new Object[m.getParameterCount()];
                    for (int i = 0; i < args.length; i++) {
                        args[i] = m.getParameterTypes()[i] == String.class ? MESSAGE_ID : body;
                    }
                    try {
                        m.invoke(api, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    return;
                }
            }
            throw new AssertionError("ConversationsApi has no " + operationId);
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> example() {
            return new LinkedHashMap<>((Map<String, Object>) schema.get("example"));
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @SuppressWarnings("unchecked")
    static List<BodyOperation> bodyOperations() throws IOException {
        Map<String, Object> spec = new Yaml().load(Files.readString(Path.of("openapi/conversations.yaml")));
        Map<String, Object> schemas =
                (Map<String, Object>) ((Map<String, Object>) spec.get("components")).get("schemas");
        List<BodyOperation> out = new ArrayList<>();
        for (Object path : ((Map<String, Object>) spec.get("paths")).values()) {
            for (Object op : ((Map<String, Object>) path).values()) {
                if (op instanceof Map && ((Map<String, Object>) op).containsKey("requestBody")) {
                    Map<String, Object> operation = (Map<String, Object>) op;
                    Map<String, Object> media = (Map<String, Object>)
                            ((Map<String, Object>) ((Map<String, Object>) operation.get("requestBody")).get("content"))
                                    .get("application/json");
                    String ref = (String) ((Map<String, Object>) media.get("schema")).get("$ref");
                    String name = ref.substring(ref.lastIndexOf('/') + 1);
                    out.add(new BodyOperation(
                            (String) operation.get("operationId"), name, (Map<String, Object>) schemas.get(name)));
                }
            }
        }
        return out;
    }

    /**
     * What the spec states about each request body, turned into refusals, starting from the schema's own
     * {@code example}: a null body; each required field null (unless nullable) or blank (a string); each
     * {@code format: email} field not an address; and for {@code x-required-one-of}, none of its fields set.
     */
    @SuppressWarnings("unchecked")
    static List<BadCall> specRefusals() throws IOException {
        List<BadCall> out = new ArrayList<>();
        for (BodyOperation op : bodyOperations()) {
            String id = op.operationId();
            out.add(new BadCall(id + " with a null body", "body", api -> call(op, api, null)));
            Map<String, Object> properties = (Map<String, Object>) op.schema().get("properties");
            for (Object required : (List<Object>) op.schema().getOrDefault("required", List.of())) {
                String field = (String) required;
                Map<String, Object> property = (Map<String, Object>) properties.get(field);
                if (!Boolean.TRUE.equals(property.get("nullable"))) {
                    out.add(new BadCall(
                            id + " with " + op.schemaName() + "." + field + " null",
                            field,
                            api -> call(op, api, with(op.example(), field, null))));
                }
                if ("string".equals(property.get("type"))) {
                    for (String blank : List.of("", " \t")) {
                        out.add(new BadCall(
                                id + " with " + op.schemaName() + "." + field + " blank",
                                field,
                                api -> call(op, api, with(op.example(), field, blank))));
                    }
                }
            }
            for (Map.Entry<String, Object> p : properties.entrySet()) {
                if ("email".equals(((Map<String, Object>) p.getValue()).get("format"))) {
                    out.add(new BadCall(
                            id + " with " + op.schemaName() + "." + p.getKey() + " no address",
                            p.getKey(),
                            api -> call(op, api, with(op.example(), p.getKey(), "liz at getwear.com"))));
                }
            }
            Map<String, Object> oneOf = (Map<String, Object>) op.schema().get("x-required-one-of");
            if (oneOf != null) {
                List<List<String>> sets = (List<List<String>>) oneOf.get("of");
                Map<String, Object> none = op.example();
                sets.forEach(set -> set.forEach(none::remove));
                out.add(new BadCall(
                        id + " naming no " + oneOf.get("what"), sets.get(0).get(0), api -> call(op, api, none)));
            }
        }
        return out;
    }

    private static Map<String, Object> with(Map<String, Object> json, String field, Object value) {
        json.put(field, value);
        return json;
    }

    private static void call(BodyOperation op, ConversationsApi api, Map<String, Object> json) {
        try {
            op.call(api, json == null ? null : op.body(json));
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
    }

    /** Every example the spec gives of a request body (its {@code example} and each of {@code x-examples}). */
    @SuppressWarnings("unchecked")
    static List<Arguments> specExamples() throws IOException {
        List<Arguments> out = new ArrayList<>();
        for (BodyOperation op : bodyOperations()) {
            out.add(Arguments.of(op.operationId() + " example", op, op.example()));
            Map<String, Object> examples = (Map<String, Object>) op.schema().getOrDefault("x-examples", Map.of());
            for (Map.Entry<String, Object> e : examples.entrySet()) {
                out.add(Arguments.of(
                        op.operationId() + " " + e.getKey(), op, ((Map<String, Object>) e.getValue()).get("value")));
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specExamples")
    void everyExampleOfTheSpecIsSent(String name, BodyOperation op, Map<String, Object> example) throws Throwable {
        op.call(api(), op.body(example));

        assertEquals(1, received().size(), name);
    }

    @BeforeEach
    void anyRequestWouldSucceed() {
        wm.stubFor(com.github.tomakehurst.wiremock.client.WireMock.any(
                        com.github.tomakehurst.wiremock.client.WireMock.anyUrl())
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse()
                        .withStatus(200)
                        .withBody("{}")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"badCalls", "specRefusals"})
    void refusedBeforeAnyRequestIsSent(BadCall bad) {
        InvalidRequestException e = assertThrows(
                InvalidRequestException.class,
                () -> bad.call().accept(api()),
                () -> bad
                        + ": not refused (a case of badCalls() is written by hand: if the spec no longer asks for it, change"
                        + " the case there; the cases of specRefusals() follow the spec)");

        assertEquals(bad.field(), e.field());
        assertTrue(e.getMessage().contains(bad.field()), e.getMessage());
        assertTrue(e.getMessage().startsWith("Invalid " + e.operation() + " request: "), e.getMessage());
        assertTrue(e.getMessage().endsWith("(nothing was sent)"), e.getMessage());
        assertEquals(List.of(), received(), "no request reached the server");
    }

    @Test
    void messageNamesTheModelAndWhatIsMissing() {
        InvalidRequestException e = assertThrows(
                InvalidRequestException.class,
                () -> api().conversationsMessagesPost(
                                agentMessage().agentId(null).agentEmail("liz@getwear.com")));

        assertEquals("conversationsMessagesPost", e.operation());
        assertEquals(
                "Invalid conversationsMessagesPost request: Body8 names no agent: set agentId, or all three of "
                        + "agentEmail, agentName and receivedFrom (missing: agentName, receivedFrom) (nothing was sent)",
                e.getMessage());
    }

    @Test
    void agentNamedByEmailNameAndReceivedFromIsAccepted() {
        api().conversationsMessagesPost(new Body8()
                .visitorId(VISITOR_ID)
                .text("hi")
                .agentEmail("liz@getwear.com")
                .agentName("Liz")
                .receivedFrom("SuperAwesomeHelpdesk"));
        api().conversationsAgentOnlinePingPost(new Body12()
                .agentEmail("liz@getwear.com")
                .agentName("Liz")
                .receivedFrom("SuperAwesomeHelpdesk"));

        assertEquals(2, received().size());
    }

    @Test
    void automatedMessageNeedsNoAgent() {
        api().conversationsPushedMessagesPost(new Body10().visitorId(VISITOR_ID).text("Your order has shipped"));

        assertEquals(1, received().size());
    }

    /** groupId null removes the visitor from their group: it is sent, as an explicit JSON null. */
    @Test
    void visitorGroupRemovalSendsAnExplicitNull() {
        api().conversationsVisitorGroupPut(new ConversationsVisitorGroupPutRequest()
                .visitorId(VISITOR_ID)
                .groupId(null));

        assertEquals(1, received().size());
        assertEquals(
                "{\"visitorId\":\"" + VISITOR_ID + "\",\"groupId\":null}",
                received().get(0).getBodyAsString());
    }
}
