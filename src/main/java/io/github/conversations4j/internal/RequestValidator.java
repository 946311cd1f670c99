package io.github.conversations4j.internal;

import io.github.conversations4j.errors.InvalidRequestException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a call's arguments against Brevo's contract before anything is encoded or sent.
 *
 * <p>What a body must hold is not written here: it is what {@code openapi/conversations.yaml} states, generated at
 * build time into {@link SpecRules} by {@code templates/requestRules.mustache}. This class only interprets it:
 * <ul>
 *   <li>a {@code required} field must not be null, unless the spec makes it {@code nullable};</li>
 *   <li>a required string must not be blank (Brevo refuses {@code ""} and white space as it refuses a missing field);</li>
 *   <li>a string with {@code format: email} must look like an address ({@link #CHECKED_FORMATS}: another format the
 *       spec names is described as not checked, and {@code SpecRulesTest} fails for one on a request body);</li>
 *   <li>an enum field must hold one of the spec's values (so never {@code UNKNOWN_DEFAULT_OPEN_API});</li>
 *   <li>the spec's own extension {@code x-required-one-of} (documented in {@code openapi/README.md}): Brevo's rule
 *       that a message or an online ping names its agent with {@code agentId}, or with all three of
 *       {@code agentEmail}, {@code agentName} and {@code receivedFrom}. OpenAPI 3.0 has no construct for "one of
 *       these sets of fields, each field present and not blank", so the spec states it as an {@code x-} extension
 *       on {@code Body8} and {@code Body12}, and this is the one place that enforces it.</li>
 * </ul>
 * Path parameters are kept to one segment ({@link PathSegment}). Each failure is an {@link InvalidRequestException}
 * naming the operation and the field. Reading a field is a generated getter call: no reflection per call.
 */
final class RequestValidator {
    /** A plausible address: one {@code @}, no spaces, a dot in the domain. Brevo refuses anything less. */
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

    /** The string formats that are checked. */
    static final Set<String> CHECKED_FORMATS = Set.of("email");

    /** The rules of the spec the SDK was built from. */
    private static final RequestValidator SPEC = fromSpec();

    /** What the generated {@link SpecRules#declare} tells: models, each followed by its fields and extensions. */
    interface Declarations {
        /**
         * Starts a model.
         *
         * @param index its index, as {@link SpecRules#value} takes it
         * @param type its class
         * @param name its schema name
         */
        void model(int index, Class<?> type, String name);

        /**
         * Declares a field of the model last started.
         *
         * @param index its index, as {@link SpecRules#value} takes it
         * @param name its JSON name
         * @param required listed in the schema's {@code required}
         * @param nullable {@code nullable: true}
         * @param string {@code type: string}
         * @param format its {@code format}, or null
         * @param values its {@code enum} values, or null
         */
        void field(
                int index,
                String name,
                boolean required,
                boolean nullable,
                boolean string,
                String format,
                String[] values);

        /**
         * Declares the model's {@code x-required-one-of}: at least one of the sets must have every field set.
         *
         * @param what what the fields name, such as {@code agent}
         * @param sets the sets of field names, in the spec's order
         */
        void oneOf(String what, String[][] sets);
    }

    private static final class Field {
        final int index;
        final String name;
        final boolean required;
        final boolean nullable;
        final boolean string;
        final String format;
        final Set<String> values;
        final List<String> valueList;

        Field(
                int index,
                String name,
                boolean required,
                boolean nullable,
                boolean string,
                String format,
                String[] values) {
            this.index = index;
            this.name = name;
            this.required = required;
            this.nullable = nullable;
            this.string = string;
            this.format = format;
            this.values = values == null ? null : Collections.unmodifiableSet(new HashSet<>(Arrays.asList(values)));
            this.valueList = values == null ? null : List.of(values);
        }
    }

    private static final class OneOf {
        final String what;
        final Field[][] sets;

        OneOf(String what, Field[][] sets) {
            this.what = what;
            this.sets = sets;
        }
    }

    private static final class Model {
        final int index;
        final Class<?> type;
        final String name;
        final List<Field> fields = new ArrayList<>();
        final List<OneOf> oneOfs = new ArrayList<>();
        Field[] checked;

        Model(int index, Class<?> type, String name) {
            this.index = index;
            this.type = type;
            this.name = name;
        }

        Field field(String fieldName) {
            for (Field f : fields) {
                if (f.name.equals(fieldName)) {
                    return f;
                }
            }
            throw new IllegalArgumentException(name + " has no field " + fieldName + " (x-required-one-of)");
        }
    }

    /** Collects declarations into a validator. */
    static final class Builder implements Declarations {
        private final Map<Class<?>, Model> models = new IdentityHashMap<>();
        private final List<Model> order = new ArrayList<>();
        private Model current;

        @Override
        public void model(int index, Class<?> type, String name) {
            current = new Model(index, type, name);
            models.put(type, current);
            order.add(current);
        }

        @Override
        public void field(
                int index,
                String name,
                boolean required,
                boolean nullable,
                boolean string,
                String format,
                String[] values) {
            current.fields.add(new Field(index, name, required, nullable, string, format, values));
        }

        @Override
        public void oneOf(String what, String[][] sets) {
            Field[][] fields = new Field[sets.length][];
            for (int i = 0; i < sets.length; i++) {
                fields[i] = new Field[sets[i].length];
                for (int j = 0; j < sets[i].length; j++) {
                    fields[i][j] = current.field(sets[i][j]);
                }
            }
            current.oneOfs.add(new OneOf(what, fields));
        }

        RequestValidator build() {
            for (Model m : order) {
                List<Field> checked = new ArrayList<>();
                for (Field f : m.fields) {
                    if ((f.required && !f.nullable)
                            || (f.required && f.string)
                            || f.values != null
                            || (f.string && f.format != null && CHECKED_FORMATS.contains(f.format))) {
                        checked.add(f);
                    }
                }
                m.checked = checked.toArray(new Field[0]);
            }
            return new RequestValidator(models, order);
        }
    }

    private final Map<Class<?>, Model> models;
    private final List<Model> order;
    /** A model's rules by the body's class; a subclass of a model is checked as its model. Computed once a class. */
    private final ClassValue<Model> byClass = new ClassValue<>() {
        @Override
        protected Model computeValue(Class<?> type) {
            for (Class<?> c = type; c != null; c = c.getSuperclass()) {
                Model m = models.get(c);
                if (m != null) {
                    return m;
                }
            }
            return null;
        }
    };

    private RequestValidator(Map<Class<?>, Model> models, List<Model> order) {
        this.models = models;
        this.order = order;
    }

    /**
     * The validator of the spec the SDK was built from.
     *
     * @return it
     */
    static RequestValidator spec() {
        return SPEC;
    }

    private static RequestValidator fromSpec() {
        Builder b = new Builder();
        SpecRules.declare(b);
        return b.build();
    }

    /**
     * Validates the arguments of one call.
     *
     * @param operation the operation called
     * @param args its arguments (may be {@code null} for none)
     * @throws InvalidRequestException naming the first argument or field that breaks the contract
     */
    public static void validate(Operation operation, Object[] args) {
        if (args == null) {
            return;
        }
        for (int i = 0; i < args.length; i++) {
            String pathParam = operation.pathParam(i);
            if (pathParam != null) {
                String problem =
                        args[i] instanceof String || args[i] == null ? PathSegment.problem((String) args[i]) : null;
                if (problem != null) {
                    throw ErrorFactory.get().invalidRequest(operation.name(), pathParam, pathParam + " " + problem);
                }
            } else {
                SPEC.checkBody(operation.name(), args[i]);
            }
        }
    }

    /**
     * Checks a request body against the rules of its model.
     *
     * @param op the operation's name, for the message
     * @param body the body
     * @throws InvalidRequestException naming the first field that breaks a rule
     */
    void checkBody(String op, Object body) {
        if (body == null) {
            throw ErrorFactory.get().invalidRequest(op, "body", "the request body must not be null");
        }
        Model m = byClass.get(body.getClass());
        if (m == null) {
            return;
        }
        for (Field f : m.checked) {
            Object value = SpecRules.value(m.index, body, f.index);
            if (value == null) {
                if (f.required && !f.nullable) {
                    throw ErrorFactory.get()
                            .invalidRequest(op, f.name, m.name + "." + f.name + " is required but was null");
                }
                continue;
            }
            if (f.required && value instanceof String && ((String) value).isBlank()) {
                throw ErrorFactory.get()
                        .invalidRequest(
                                op,
                                f.name,
                                m.name + "." + f.name + " must not be blank"
                                        + (f.nullable ? " (it may be null: the spec makes it nullable)" : ""));
            }
            if ("email".equals(f.format)
                    && value instanceof String
                    && !EMAIL.matcher((String) value).matches()) {
                throw ErrorFactory.get().invalidRequest(op, f.name, m.name + "." + f.name + " is not an email address");
            }
            if (f.values != null && !f.values.contains(String.valueOf(value))) {
                throw ErrorFactory.get()
                        .invalidRequest(
                                op,
                                f.name,
                                m.name + "." + f.name + " is not one of the values the spec lists: "
                                        + String.join(", ", f.valueList));
            }
        }
        for (OneOf rule : m.oneOfs) {
            oneOf(op, m, rule, body);
        }
    }

    /** {@code x-required-one-of}: one of the sets must have every field present (not null, not blank). */
    private static void oneOf(String op, Model m, OneOf rule, Object body) {
        Field[] closest = null;
        List<String> closestMissing = null;
        int closestPresent = -1;
        for (Field[] set : rule.sets) {
            List<String> missing = new ArrayList<>(set.length);
            for (Field f : set) {
                if (!present(SpecRules.value(m.index, body, f.index))) {
                    missing.add(f.name);
                }
            }
            if (missing.isEmpty()) {
                return;
            }
            int present = set.length - missing.size();
            if (present > closestPresent) {
                closest = set;
                closestMissing = missing;
                closestPresent = present;
            }
        }
        String field = closestPresent == 0 ? rule.sets[0][0].name : closestMissing.get(0);
        throw ErrorFactory.get()
                .invalidRequest(
                        op,
                        field,
                        m.name + " names no " + rule.what + ": set "
                                + alternatives(rule.sets)
                                + (closestPresent == 0
                                        ? " (none is set)"
                                        : " (missing: " + String.join(", ", closestMissing) + ")"));
    }

    /** "agentId, or all three of agentEmail, agentName and receivedFrom". */
    private static String alternatives(Field[][] sets) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < sets.length; i++) {
            if (i > 0) {
                out.append(", or ");
            }
            Field[] set = sets[i];
            if (set.length == 2) {
                out.append("both of ");
            } else if (set.length == 3) {
                out.append("all three of ");
            } else if (set.length > 3) {
                out.append("all of ");
            }
            for (int j = 0; j < set.length; j++) {
                out.append(j == 0 ? "" : j == set.length - 1 ? " and " : ", ").append(set[j].name);
            }
        }
        return out.toString();
    }

    private static boolean present(Object value) {
        return value != null && !(value instanceof String && ((String) value).isBlank());
    }

    /**
     * The rules, one line each, sorted: what {@code SpecRulesTest} compares with what the spec says. A field is listed
     * when it has a rule: {@code Model.field: required[ (null allowed)][, not blank][, format F[ (not checked)]][,
     * one of [a, b]]}; an extension as {@code Model: names the agent with one of [a] | [b, c]}.
     *
     * @return the lines
     */
    List<String> describe() {
        List<String> lines = new ArrayList<>();
        for (Model m : order) {
            for (Field f : m.fields) {
                List<String> parts = new ArrayList<>();
                if (f.required) {
                    parts.add("required" + (f.nullable ? " (null allowed)" : ""));
                    if (f.string) {
                        parts.add("not blank");
                    }
                }
                if (f.string && f.format != null) {
                    parts.add("format " + f.format + (CHECKED_FORMATS.contains(f.format) ? "" : " (not checked)"));
                }
                if (f.values != null) {
                    parts.add("one of " + f.valueList);
                }
                if (!parts.isEmpty()) {
                    lines.add(m.name + "." + f.name + ": " + String.join(", ", parts));
                }
            }
            for (OneOf rule : m.oneOfs) {
                List<String> sets = new ArrayList<>();
                for (Field[] set : rule.sets) {
                    List<String> names = new ArrayList<>();
                    for (Field f : set) {
                        names.add(f.name);
                    }
                    sets.add(names.toString());
                }
                lines.add(m.name + ": names the " + rule.what + " with one of " + String.join(" | ", sets));
            }
        }
        Collections.sort(lines);
        return lines;
    }
}
