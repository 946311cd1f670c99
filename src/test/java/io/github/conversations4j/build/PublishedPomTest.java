package io.github.conversations4j.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The consumer POM that this build installs and deploys (flatten-maven-plugin writes it to target/.flattened-pom.xml
 * in process-resources, before the tests) holds {@link ReleaseSetCheck}'s properties, and the check fails on a copy
 * with one of them broken. The SBOM part is checked on small SBOMs written here (the real one is made only by the
 * release profile; the release workflow runs ReleaseSetCheck on it).
 */
class PublishedPomTest {
    static Document flattened() throws Exception {
        Path file = Path.of("target/.flattened-pom.xml");
        assertTrue(
                Files.isRegularFile(file),
                file + " is missing: run the tests through Maven (mvn test), whose "
                        + "process-resources phase writes it");
        return ReleaseSetCheck.parse(file);
    }

    static Document buildPom() throws Exception {
        return ReleaseSetCheck.parse(Path.of("pom.xml"));
    }

    @Test
    void theFlattenedPomIsAConsumersPom() throws Exception {
        Document pom = flattened();
        assertEquals(List.of(), ReleaseSetCheck.checkPom(pom, buildPom()));
        // What the issue asked for, spelled out against the real file as well.
        Element project = pom.getDocumentElement();
        String version = ReleaseSetCheck.text(ReleaseSetCheck.child(project, "version"));
        if (System.getProperty("sdk.version") != null) { // Surefire passes ${project.version}
            assertEquals(System.getProperty("sdk.version"), version);
        }
        String dependencies =
                ReleaseSetCheck.child(project, "dependencies").getTextContent().replaceAll("\\s+", " ");
        assertTrue(dependencies.contains("org.junit.jupiter junit-jupiter-api 5."), dependencies);
        assertTrue(!dependencies.contains("wiremock") && !dependencies.contains("snakeyaml"), dependencies);
    }

    @Test
    void whatEveryUserGets_isFeignCoreJacksonCoreAndJacksonAnnotations() throws Exception {
        List<String> required = new java.util.ArrayList<>();
        for (Element d : ReleaseSetCheck.children(
                ReleaseSetCheck.child(flattened().getDocumentElement(), "dependencies"), "dependency")) {
            String scope = ReleaseSetCheck.text(ReleaseSetCheck.child(d, "scope"));
            boolean optional = "true".equals(ReleaseSetCheck.text(ReleaseSetCheck.child(d, "optional")));
            if (!optional && (scope.isBlank() || scope.equals("compile") || scope.equals("runtime"))) {
                required.add(ReleaseSetCheck.text(ReleaseSetCheck.child(d, "groupId")) + ":"
                        + ReleaseSetCheck.text(ReleaseSetCheck.child(d, "artifactId")));
            }
        }
        assertEquals(
                List.of(
                        "com.fasterxml.jackson.core:jackson-annotations",
                        "com.fasterxml.jackson.core:jackson-core",
                        "io.github.openfeign:feign-core"),
                required.stream().sorted().toList());
    }

    record Breakage(String what, Consumer<Document> change, String expected) {
        @Override
        public String toString() {
            return what;
        }
    }

    static Stream<Arguments> breakages() {
        return Stream.of(
                        new Breakage("a <build> kept", d -> add(d.getDocumentElement(), "build", ""), "has <build>"),
                        new Breakage(
                                "the <profiles> kept",
                                d -> add(d.getDocumentElement(), "profiles", ""),
                                "has <profiles>"),
                        new Breakage(
                                "the <properties> kept",
                                d -> add(d.getDocumentElement(), "properties", ""),
                                "has <properties>"),
                        new Breakage(
                                "an unresolved version",
                                d -> version(d).setTextContent("${revision}"),
                                "an unresolved property: ${revision}"),
                        new Breakage(
                                "a test dependency",
                                d -> {
                                    Element dep = add(dependencies(d), "dependency", "");
                                    add(dep, "groupId", "org.wiremock");
                                    add(dep, "artifactId", "wiremock-standalone");
                                    add(dep, "version", "3.13.2");
                                    add(dep, "scope", "test");
                                },
                                "a test dependency: org.wiremock:wiremock-standalone"),
                        new Breakage(
                                "an optional flag lost",
                                d -> {
                                    for (Element dep : ReleaseSetCheck.children(dependencies(d), "dependency")) {
                                        Element optional = ReleaseSetCheck.child(dep, "optional");
                                        if (optional != null) {
                                            dep.removeChild(optional);
                                        }
                                    }
                                },
                                "org.junit.jupiter:junit-jupiter-api is compile required, the build POM says compile optional"),
                        new Breakage(
                                "a scope lost",
                                d -> {
                                    for (Element dep : ReleaseSetCheck.children(dependencies(d), "dependency")) {
                                        Element scope = ReleaseSetCheck.child(dep, "scope");
                                        if (scope != null
                                                && scope.getTextContent().equals("provided")) {
                                            dep.removeChild(scope);
                                        }
                                    }
                                },
                                "jakarta.annotation:jakarta.annotation-api is compile required, the build POM says provided required"),
                        new Breakage(
                                "a dependency dropped",
                                d -> dependencies(d)
                                        .removeChild(ReleaseSetCheck.children(dependencies(d), "dependency")
                                                .get(0)),
                                "the build POM's dependency io.github.openfeign:feign-core is missing"),
                        new Breakage(
                                "no developers",
                                d -> d.getDocumentElement()
                                        .removeChild(ReleaseSetCheck.child(d.getDocumentElement(), "developers")),
                                "no <developers>"),
                        new Breakage(
                                "a developer without a contact",
                                d -> {
                                    Element developer = ReleaseSetCheck.child(
                                            ReleaseSetCheck.child(d.getDocumentElement(), "developers"), "developer");
                                    developer.removeChild(ReleaseSetCheck.child(developer, "url"));
                                },
                                "developer conversations4j maintainers has no contact"),
                        new Breakage(
                                "no licence",
                                d -> d.getDocumentElement()
                                        .removeChild(ReleaseSetCheck.child(d.getDocumentElement(), "licenses")),
                                "no <licenses>"),
                        new Breakage(
                                "no scm",
                                d -> d.getDocumentElement()
                                        .removeChild(ReleaseSetCheck.child(d.getDocumentElement(), "scm")),
                                "no <scm> with url and connection"),
                        new Breakage(
                                "no description",
                                d -> d.getDocumentElement()
                                        .removeChild(ReleaseSetCheck.child(d.getDocumentElement(), "description")),
                                "no <description>"))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("breakages")
    void eachBreakageIsReported(Breakage b) throws Exception {
        Document copy = flattened();
        b.change().accept(copy);
        List<String> problems = ReleaseSetCheck.checkPom(copy, buildPom());
        assertTrue(
                problems.stream().anyMatch(p -> p.startsWith(b.expected())),
                "expected a problem starting with\n  " + b.expected() + "\ngot\n  " + String.join("\n  ", problems));
    }

    private static Element dependencies(Document d) {
        return ReleaseSetCheck.child(d.getDocumentElement(), "dependencies");
    }

    private static Element version(Document d) {
        return ReleaseSetCheck.child(d.getDocumentElement(), "version");
    }

    private static Element add(Element parent, String name, String text) {
        Element e = parent.getOwnerDocument().createElement(name);
        e.setTextContent(text);
        parent.appendChild(e);
        return e;
    }

    // The SBOM part, on SBOMs shaped like the plugin's: the artifact needs feign-core (required) and
    // junit-jupiter-api (optional), which pulls in opentest4j.

    private static final String SBOM = """
      <bom xmlns="http://cyclonedx.org/schema/bom/1.6" version="1">
        <metadata>
          <component type="library" bom-ref="pkg:maven/io.github.conversations4j/brevo-conversations@1.0.0?type=jar"/>
        </metadata>
        <components>
          <component bom-ref="pkg:maven/io.github.openfeign/feign-core@13.13?type=jar"><scope>required</scope></component>
          <component bom-ref="pkg:maven/org.junit.jupiter/junit-jupiter-api@5.14.4?type=jar"><scope>optional</scope></component>
          <component bom-ref="pkg:maven/org.opentest4j/opentest4j@1.3.0?type=jar"><scope>OPENTEST4J</scope></component>
        </components>
        <dependencies>
          <dependency ref="pkg:maven/io.github.conversations4j/brevo-conversations@1.0.0?type=jar">
            <dependency ref="pkg:maven/io.github.openfeign/feign-core@13.13?type=jar"/>
            <dependency ref="pkg:maven/org.junit.jupiter/junit-jupiter-api@5.14.4?type=jar"/>
          </dependency>
          <dependency ref="pkg:maven/org.junit.jupiter/junit-jupiter-api@5.14.4?type=jar">
            <dependency ref="pkg:maven/org.opentest4j/opentest4j@1.3.0?type=jar"/>
          </dependency>
        </dependencies>
      </bom>
      """;

    private static final String POM = """
      <project>
        <dependencies>
          <dependency><groupId>io.github.openfeign</groupId><artifactId>feign-core</artifactId></dependency>
          <dependency><groupId>org.junit.jupiter</groupId><artifactId>junit-jupiter-api</artifactId>
            <optional>true</optional></dependency>
        </dependencies>
      </project>
      """;

    private static Document xml(String text) throws Exception {
        return DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void anSbomWithOptionalsPullingInOptionalsPasses() throws Exception {
        assertEquals(List.of(), ReleaseSetCheck.checkSbom(xml(SBOM.replace("OPENTEST4J", "optional")), xml(POM)));
    }

    @Test
    void whatAnOptionalDependencyPullsInMustNotBeRequired() throws Exception {
        assertEquals(
                List.of("pkg:maven/org.opentest4j/opentest4j@1.3.0?type=jar is required, but only an optional "
                        + "dependency pulls it in"),
                ReleaseSetCheck.checkSbom(xml(SBOM.replace("OPENTEST4J", "required")), xml(POM)));
    }

    @Test
    void aComponentWithoutAScopeCountsAsRequired() throws Exception {
        assertEquals(
                List.of("pkg:maven/org.opentest4j/opentest4j@1.3.0?type=jar is required (no scope: CycloneDX's "
                        + "default), but only an optional dependency pulls it in"),
                ReleaseSetCheck.checkSbom(xml(SBOM.replace("<scope>OPENTEST4J</scope>", "")), xml(POM)));
    }

    @Test
    void whatEveryUserGetsMustBeRequired() throws Exception {
        String sbom =
                SBOM.replace("OPENTEST4J", "optional").replace("<scope>required</scope>", "<scope>optional</scope>");
        assertEquals(
                List.of("pkg:maven/io.github.openfeign/feign-core@13.13?type=jar is optional, but every user gets "
                        + "it"),
                ReleaseSetCheck.checkSbom(xml(sbom), xml(POM)));
    }
}
