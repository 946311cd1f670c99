package io.github.conversations4j.build;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * What is published, checked: the consumer POM (flatten-maven-plugin's output) and the CycloneDX SBOM. JDK only, so
 * that the release workflow can run it on the staged release set as a single source file:
 *
 * <pre>java src/test/java/io/github/conversations4j/build/ReleaseSetCheck.java STAGING_DIR pom.xml</pre>
 *
 * <p>The POM: name, description, url, a licence with name and url, developers each with a name and a contact (url or
 * e-mail), scm with url and connection; no build, profiles, properties, dependencyManagement, repositories or
 * reporting, no {@code ${...}} anywhere; and its dependencies exactly the build POM's non-test ones, each with the
 * build POM's scope and optional flag and a literal version. PublishedPomTest runs this part in every build.
 *
 * <p>The SBOM: a component is {@code required} exactly when it is reached from the artifact through dependencies
 * that are not optional (the consumer POM's compile and runtime dependencies, then their dependencies); everything
 * else, an optional dependency and all it pulls in, says {@code optional}.
 */
public final class ReleaseSetCheck {
    private ReleaseSetCheck() {}

    /**
     * @param args the staging directory (holding *.pom and *-cyclonedx.xml), then the build POM
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: ReleaseSetCheck STAGING_DIR BUILD_POM");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        Path pom = only(dir, ".pom");
        Path sbom = only(dir, "-cyclonedx.xml");
        List<String> problems = new ArrayList<>();
        Document flattened = parse(pom);
        checkPom(flattened, parse(Path.of(args[1]))).forEach(p -> problems.add(pom.getFileName() + ": " + p));
        checkSbom(parse(sbom), flattened).forEach(p -> problems.add(sbom.getFileName() + ": " + p));
        problems.forEach(System.out::println);
        System.out.println("release set: " + (problems.isEmpty() ? "1 passed, 0 failed" : "0 passed, 1 failed") + " ("
                + problems.size() + " problems in " + pom.getFileName() + " and " + sbom.getFileName() + ")");
        System.exit(problems.isEmpty() ? 0 : 1);
    }

    private static Path only(Path dir, String suffix) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> found = files.filter(f -> f.getFileName().toString().endsWith(suffix))
                    .toList();
            if (found.size() != 1) {
                throw new IllegalArgumentException("expected one *" + suffix + " in " + dir + ", found " + found);
            }
            return found.get(0);
        }
    }

    static Document parse(Path file) throws Exception {
        return parse(file.toFile());
    }

    static Document parse(File file) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(false);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        DocumentBuilder builder = factory.newDocumentBuilder();
        return builder.parse(file);
    }

    /** What is wrong with the consumer POM; empty when nothing. */
    static List<String> checkPom(Document flattened, Document buildPom) {
        List<String> problems = new ArrayList<>();
        Element project = flattened.getDocumentElement();
        for (String name : List.of("groupId", "artifactId", "version", "name", "description", "url")) {
            if (text(child(project, name)).isBlank()) {
                problems.add("no <" + name + ">");
            }
        }
        for (String name : List.of(
                "build",
                "profiles",
                "properties",
                "dependencyManagement",
                "repositories",
                "pluginRepositories",
                "reporting",
                "distributionManagement",
                "parent",
                "modules")) {
            if (child(project, name) != null) {
                problems.add("has <" + name + ">, which a consumer's POM does not need");
            }
        }
        List<Element> licenses = children(child(project, "licenses"), "license");
        if (licenses.isEmpty()) {
            problems.add("no <licenses>");
        }
        for (Element license : licenses) {
            if (text(child(license, "name")).isBlank()
                    || text(child(license, "url")).isBlank()) {
                problems.add("a licence without name and url");
            }
        }
        List<Element> developers = children(child(project, "developers"), "developer");
        if (developers.isEmpty()) {
            problems.add("no <developers>");
        }
        for (Element developer : developers) {
            if (text(child(developer, "name")).isBlank()) {
                problems.add("a developer without a name");
            }
            if (text(child(developer, "url")).isBlank()
                    && text(child(developer, "email")).isBlank()) {
                problems.add("developer " + text(child(developer, "name")) + " has no contact (url or email)");
            }
        }
        Element scm = child(project, "scm");
        if (scm == null
                || text(child(scm, "url")).isBlank()
                || text(child(scm, "connection")).isBlank()) {
            problems.add("no <scm> with url and connection");
        }
        String all = flattened.getDocumentElement().getTextContent();
        if (all.contains("${")) {
            int at = all.indexOf("${");
            problems.add("an unresolved property: "
                    + all.substring(at, Math.min(all.length(), all.indexOf('}', at) + 1)));
        }

        Map<String, String> published = dependencies(flattened);
        Map<String, String> declared = new LinkedHashMap<>(dependencies(buildPom));
        declared.values().removeIf(v -> v.startsWith("test"));
        for (Map.Entry<String, String> d : published.entrySet()) {
            if (d.getValue().startsWith("test")) {
                problems.add("a test dependency: " + d.getKey());
            } else if (!declared.containsKey(d.getKey())) {
                problems.add("a dependency the build POM does not declare: " + d.getKey());
            } else if (!declared.get(d.getKey()).equals(d.getValue())) {
                problems.add(d.getKey() + " is " + d.getValue() + ", the build POM says " + declared.get(d.getKey()));
            }
        }
        for (String key : declared.keySet()) {
            if (!published.containsKey(key)) {
                problems.add("the build POM's dependency " + key + " is missing");
            }
        }
        for (Element d : children(child(project, "dependencies"), "dependency")) {
            if (!text(child(d, "version")).matches("[0-9A-Za-z][0-9A-Za-z.+_-]*")) {
                problems.add(
                        text(child(d, "artifactId")) + " has no literal version: '" + text(child(d, "version")) + "'");
            }
        }
        return problems;
    }

    /** groupId:artifactId to "scope optional|required", scope defaulting to compile. */
    private static Map<String, String> dependencies(Document pom) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Element d : children(child(pom.getDocumentElement(), "dependencies"), "dependency")) {
            String scope = text(child(d, "scope"));
            out.put(
                    text(child(d, "groupId")) + ":" + text(child(d, "artifactId")),
                    (scope.isBlank() ? "compile" : scope) + " "
                            + ("true".equals(text(child(d, "optional"))) ? "optional" : "required"));
        }
        return out;
    }

    /** What is wrong with the SBOM's scopes; empty when nothing. */
    static List<String> checkSbom(Document sbom, Document consumerPom) {
        List<String> problems = new ArrayList<>();
        Element bom = sbom.getDocumentElement();
        Element root = child(child(bom, "metadata"), "component");
        if (root == null) {
            return List.of("no metadata component (the artifact itself)");
        }
        String rootRef = root.getAttribute("bom-ref");
        Map<String, String> scopes = new LinkedHashMap<>();
        for (Element c : children(child(bom, "components"), "component")) {
            String scope = text(child(c, "scope"));
            scopes.put(c.getAttribute("bom-ref"), scope.isBlank() ? "required (no scope: CycloneDX's default)" : scope);
        }
        Map<String, List<String>> graph = new LinkedHashMap<>();
        for (Element d : children(child(bom, "dependencies"), "dependency")) {
            List<String> refs = new ArrayList<>();
            children(d, "dependency").forEach(e -> refs.add(e.getAttribute("ref")));
            graph.put(d.getAttribute("ref"), refs);
        }
        // What a consumer gets: the consumer POM's compile and runtime dependencies that are not optional...
        Set<String> required = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        Map<String, String> declared = dependencies(consumerPom);
        for (String ref : graph.getOrDefault(rootRef, List.of())) {
            String kind = declared.get(coordinates(ref));
            if (kind == null) {
                problems.add("the artifact depends on " + ref + ", which the POM does not declare");
            } else if (kind.matches("(compile|runtime) required")) {
                todo.add(ref);
            }
        }
        // ... and everything they pull in.
        while (!todo.isEmpty()) {
            String ref = todo.pop();
            if (required.add(ref)) {
                todo.addAll(graph.getOrDefault(ref, List.of()));
            }
        }
        for (Map.Entry<String, String> c : scopes.entrySet()) {
            boolean shouldBeRequired = required.contains(c.getKey());
            if (shouldBeRequired && !c.getValue().equals("required")) {
                problems.add(c.getKey() + " is " + c.getValue() + ", but every user gets it");
            } else if (!shouldBeRequired && !c.getValue().equals("optional")) {
                problems.add(c.getKey() + " is " + c.getValue() + ", but only an optional dependency pulls it in");
            }
        }
        for (String ref : required) {
            if (!scopes.containsKey(ref)) {
                problems.add(ref + " is in the dependency graph but not among the components");
            }
        }
        return problems;
    }

    /** pkg:maven/group/artifact@version?type=jar to group:artifact. */
    private static String coordinates(String purl) {
        String s = purl.replaceFirst("^pkg:maven/", "").replaceFirst("@.*$", "");
        return s.replace('/', ':');
    }

    static Element child(Element parent, String name) {
        if (parent == null) {
            return null;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        if (parent != null) {
            for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element e && e.getTagName().equals(name)) {
                    out.add(e);
                }
            }
        }
        return out;
    }

    static String text(Element e) {
        return e == null ? "" : e.getTextContent().strip();
    }
}
