package io.github.conversations4j.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.Yaml;

/**
 * The spec's validation rules read straight from a YAML document: the function spec -&gt; rules that the build
 * computes through {@code templates/requestRules.mustache}, here written against the YAML itself, so that a test can
 * feed it an edited copy of the spec. The getters stay the generated ones ({@link SpecRules#value}): only what the
 * spec states (required, nullable, type string, format, enum, {@code x-required-one-of}) comes from the document.
 */
final class SpecRulesReader {
    static final Path SPEC = Path.of("openapi/conversations.yaml");

    private SpecRulesReader() {}

    static Map<String, Object> load(Path spec) throws IOException {
        return new Yaml().load(Files.readString(spec));
    }

    /**
     * The models the build generated, by schema name, with their indexes as {@link SpecRules#declare} numbers them:
     * the getters to read a field with; what the spec says of the fields is read from the document.
     */
    static Map<String, RequestValidator.Model> generated() {
        return RequestValidator.SPEC.models.stream().collect(Collectors.toMap(RequestValidator.Model::name, m -> m));
    }

    /**
     * The validator a spec document describes.
     *
     * @param spec the parsed YAML of an OpenAPI 3 document
     * @return its rules over the generated models
     * @throws IllegalArgumentException for a schema or field the build generated no model or getter for
     */
    @SuppressWarnings("unchecked")
    static RequestValidator read(Map<String, Object> spec) {
        Map<String, RequestValidator.Model> generated = generated();
        Map<String, Object> schemas =
                (Map<String, Object>) ((Map<String, Object>) spec.get("components")).get("schemas");
        RequestValidator.Builder b = new RequestValidator.Builder();
        for (Map.Entry<String, Object> e : schemas.entrySet()) {
            String name = e.getKey();
            Map<String, Object> schema = (Map<String, Object>) e.getValue();
            RequestValidator.Model g = generated.get(name);
            if (g == null) {
                throw new IllegalArgumentException("schema " + name + " has no generated model");
            }
            b.model(g.index(), g.type(), name);
            List<Object> required = (List<Object>) schema.getOrDefault("required", List.of());
            Map<String, Object> properties = (Map<String, Object>) schema.getOrDefault("properties", Map.of());
            for (Map.Entry<String, Object> p : properties.entrySet()) {
                Map<String, Object> property = (Map<String, Object>) p.getValue();
                List<Object> values = (List<Object>) property.get("enum");
                b.field(
                        g.field(p.getKey()).index(), // a property without a generated getter throws
                        p.getKey(),
                        required.contains(p.getKey()),
                        Boolean.TRUE.equals(property.get("nullable")),
                        "string".equals(property.get("type")),
                        (String) property.get("format"),
                        values == null
                                ? null
                                : values.stream().map(String::valueOf).toArray(String[]::new));
            }
            Map<String, Object> oneOf = (Map<String, Object>) schema.get("x-required-one-of");
            if (oneOf != null) {
                List<List<String>> of = (List<List<String>>) oneOf.get("of");
                String[][] sets = new String[of.size()][];
                for (int i = 0; i < sets.length; i++) {
                    sets[i] = of.get(i).toArray(new String[0]);
                }
                b.oneOf((String) oneOf.get("what"), sets);
            }
        }
        return b.build();
    }

    /**
     * The rules, one line each, sorted: what {@code SpecRulesTest} compares with what the spec says. A field is listed
     * when it has a rule: {@code Model.field: required[ (null allowed)][, not blank][, format F[ (not checked)]][,
     * one of [a, b]]}; an extension as {@code Model: names the agent with one of [a] | [b, c]}.
     *
     * @param validator the rules
     * @return the lines
     */
    static List<String> describe(RequestValidator validator) {
        List<String> lines = new ArrayList<>();
        for (RequestValidator.Model m : validator.models) {
            for (RequestValidator.Field f : m.fields()) {
                List<String> parts = new ArrayList<>();
                if (f.required()) {
                    parts.add("required" + (f.nullable() ? " (null allowed)" : ""));
                    if (f.string()) {
                        parts.add("not blank");
                    }
                }
                if (f.string() && f.format() != null) {
                    parts.add("format " + f.format()
                            + (RequestValidator.CHECKED_FORMATS.contains(f.format()) ? "" : " (not checked)"));
                }
                if (f.values() != null) {
                    parts.add("one of " + f.values());
                }
                if (!parts.isEmpty()) {
                    lines.add(m.name() + "." + f.name() + ": " + String.join(", ", parts));
                }
            }
            for (RequestValidator.OneOf rule : m.oneOfs()) {
                lines.add(m.name() + ": names the " + rule.what() + " with one of "
                        + rule.sets().stream()
                                .map(set -> set.stream()
                                        .map(RequestValidator.Field::name)
                                        .toList()
                                        .toString())
                                .collect(Collectors.joining(" | ")));
            }
        }
        Collections.sort(lines);
        return lines;
    }

    /** The schemas that are request bodies of an operation (by {@code $ref}). */
    @SuppressWarnings("unchecked")
    static Set<String> requestBodies(Map<String, Object> spec) {
        Set<String> names = new LinkedHashSet<>();
        for (Object path : ((Map<String, Object>) spec.get("paths")).values()) {
            for (Object op : ((Map<String, Object>) path).values()) {
                if (op instanceof Map && ((Map<String, Object>) op).get("requestBody") instanceof Map) {
                    Map<String, Object> content = (Map<String, Object>)
                            ((Map<String, Object>) ((Map<String, Object>) op).get("requestBody")).get("content");
                    for (Object media : content.values()) {
                        String ref = (String)
                                ((Map<String, Object>) ((Map<String, Object>) media).get("schema")).get("$ref");
                        names.add(ref.substring(ref.lastIndexOf('/') + 1));
                    }
                }
            }
        }
        return names;
    }

    static List<String> lines(List<String> rules, String model) {
        List<String> out = new ArrayList<>();
        for (String line : rules) {
            if (line.startsWith(model + ".") || line.startsWith(model + ":")) {
                out.add(line);
            }
        }
        return out;
    }
}
