package io.github.conversations4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;

/**
 * A user's own default Jackson {@code ObjectMapper} (not the SDK's codec) reads a model of this jar from JSON that a
 * newer Brevo sends: a field this version does not know is skipped, as every generated model is annotated
 * {@code @JsonIgnoreProperties(ignoreUnknown = true)} (openapi-generator's {@code additionalModelTypeAnnotations}).
 */
class UserMapperToleranceTest {
    /** A default mapper: it fails on unknown properties unless the model says otherwise. */
    private static final ObjectMapper USERS_MAPPER = new ObjectMapper();

    /** Every schema of the spec, as the generated model class. */
    @SuppressWarnings("unchecked")
    static Stream<String> models() throws Exception {
        Map<String, Object> spec = new Yaml().load(Files.readString(Path.of("openapi/conversations.yaml")));
        return ((Map<String, Object>) ((Map<String, Object>) spec.get("components")).get("schemas")).keySet().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void everyModelSkipsAFieldItDoesNotKnow(String schema) throws Exception {
        Class<?> model = Class.forName("io.github.conversations4j.model." + schema);
        JsonIgnoreProperties annotation = model.getAnnotation(JsonIgnoreProperties.class);

        assertNotNull(annotation, schema + " has no @JsonIgnoreProperties");
        assertTrue(annotation.ignoreUnknown(), schema);
        assertNotNull(USERS_MAPPER.readValue(
                "{\"fieldBrevoAddsLater\":{\"nested\":[1,\"x\",null]},\"anotherNewOne\":3}", model));
    }

    @Test
    void anOldMessageModelReadsAnAnswerCarryingANewField() throws Exception {
        assertTrue(
                USERS_MAPPER.isEnabled(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES),
                "the point: a default mapper refuses unknown properties unless the model ignores them");

        ConversationsMessage message = USERS_MAPPER.readValue(
                "{\"id\":\"eYBEm3gq3zc5ayE2g\",\"type\":\"agent\","
                        + "\"text\":\"Hello\",\"reactions\":[{\"emoji\":\"+1\",\"agentId\":\"a\"}],\"createdAt\":1482512803740}",
                ConversationsMessage.class);

        assertEquals("eYBEm3gq3zc5ayE2g", message.getId());
        assertEquals(ConversationsMessage.TypeEnum.AGENT, message.getType());
        assertEquals("Hello", message.getText());
        assertEquals(1482512803740L, message.getCreatedAt());
    }
}
