package io.github.conversations4j.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * The API gate's verdict in the build log: reads the XML report that japicmp wrote (execution
 * {@code api-compatibility}, which only reports) and prints whether the jar is compatible with the baseline, which
 * changes break it, or that nothing was compared and why. The execution {@code api-gate} that follows it fails the
 * build on a break; this program only tells. Run by {@code mvn verify} (pom.xml, the API gate) as a single-file
 * program, JDK only:
 *
 * <pre>java src/test/java/io/github/conversations4j/build/ApiGateVerdict.java REPORT.xml BASELINE SKIP</pre>
 *
 * BASELINE names what was compared with (coordinates, or a git ref); SKIP is {@code japicmp.skip}. Exit 0 with the
 * verdict printed, 2 when the report cannot be read.
 */
public final class ApiGateVerdict {
    static final String PREFIX = "API gate: ";

    private ApiGateVerdict() {}

    public static void main(String[] args) {
        if (args.length != 3) {
            System.err.println("usage: java ApiGateVerdict.java REPORT.xml BASELINE SKIP");
            System.exit(2);
        }
        try {
            verdict(Path.of(args[0]), args[1], Boolean.parseBoolean(args[2])).forEach(System.out::println);
        } catch (IOException | IllegalArgumentException e) {
            System.out.println(PREFIX + "NO VERDICT: the report " + args[0] + " cannot be read: " + e.getMessage());
            System.exit(2);
        }
    }

    /**
     * @param report japicmp's XML report; absent when japicmp did not run
     * @param baseline what the jar is compared with, as the log should name it
     * @param skipped whether {@code -Djapicmp.skip} was given
     * @return the lines of the verdict, each starting with {@value #PREFIX}
     */
    static List<String> verdict(Path report, String baseline, boolean skipped) throws IOException {
        if (skipped) {
            return List.of(
                    PREFIX + "SKIPPED: -Djapicmp.skip was given; the public API was not compared with anything.");
        }
        if (!Files.isRegularFile(report)) {
            return List.of(PREFIX + "SKIPPED: japicmp wrote no report (" + report
                    + "); the public API was not compared " + "with anything (see japicmp's lines above).");
        }
        Element root = parse(report).getDocumentElement();
        if (!"japicmp".equals(root.getTagName())) {
            throw new IllegalArgumentException("its root element is <" + root.getTagName() + ">, not <japicmp>");
        }
        if ("n.a.".equals(root.getAttribute("oldJar"))
                || root.getAttribute("oldJar").isEmpty()) {
            return List.of(
                    PREFIX + "SKIPPED: the baseline " + baseline + " was not found, and "
                            + "japicmp.ignoreMissingOldVersion is true (as until the first release); the public API was not "
                            + "compared with anything.",
                    PREFIX
                            + "to compare with a commit instead: mvn verify -Dapi.baseline.ref=<git ref> (docs/versioning.md).");
        }

        List<String> breaks = new ArrayList<>();
        List<String> sourceOnly = new ArrayList<>();
        int added = 0;
        int changed = 0;
        for (Element c : children(child(root, "classes"), "class")) {
            String name = c.getAttribute("fullyQualifiedName");
            String status = c.getAttribute("changeStatus");
            if (status.equals("NEW")) {
                added++;
            } else if (!status.equals("UNCHANGED")) {
                changed++;
            }
            List<String> own = incompatible(c, name);
            if (status.equals("REMOVED")) {
                // The removal says it all; its members' removals would only repeat it.
                breaks.addAll(own.isEmpty() ? List.of(name + ": CLASS_REMOVED") : own);
                continue;
            }
            breaks.addAll(own);
            sourceOnly.addAll(sourceOnly(c, name));
            for (String kind : List.of("constructor", "method", "field")) {
                for (Element m : children(child(c, kind + "s"), kind)) {
                    String member = name + member(kind, m);
                    breaks.addAll(incompatible(m, member));
                    sourceOnly.addAll(sourceOnly(m, member));
                }
            }
            for (String part : List.of("superclass", "interfaces", "annotations", "genericTemplates", "classType")) {
                for (Element p : descendantsWithChanges(c, part)) {
                    String what = name + " (" + part
                            + (p.hasAttribute("fullyQualifiedName") ? " " + p.getAttribute("fullyQualifiedName") : "")
                            + ")";
                    breaks.addAll(incompatible(p, what));
                    sourceOnly.addAll(sourceOnly(p, what));
                }
            }
        }

        List<String> lines = new ArrayList<>();
        if (breaks.isEmpty()) {
            lines.add(PREFIX + "compatible with " + baseline + ": no binary-incompatible change ("
                    + count(added, "class") + " added, " + changed + " changed)" + (sourceOnly.isEmpty() ? "." : ";"));
            if (!sourceOnly.isEmpty()) {
                lines.add(PREFIX + count(sourceOnly.size(), "source-only incompatibility")
                        + ", which the gate lets through " + "(docs/versioning.md):");
                sourceOnly.forEach(s -> lines.add(PREFIX + "  " + s));
            }
        } else {
            lines.add(PREFIX + "BREAKS the public API of " + baseline + ": "
                    + count(breaks.size(), "binary-incompatible change") + ":");
            breaks.forEach(b -> lines.add(PREFIX + "  " + b));
            lines.add(
                    PREFIX + "code compiled against " + baseline + " may fail against this jar; a break made on "
                            + "purpose is a major version (a minor in 0.x) with an <exclude> in the gate (docs/versioning.md).");
        }
        return lines;
    }

    private static String count(int n, String noun) {
        if (n == 1) {
            return "1 " + noun;
        }
        return n + " "
                + (noun.endsWith("y")
                        ? noun.substring(0, noun.length() - 1) + "ies"
                        : noun.endsWith("s") ? noun + "es" : noun + "s");
    }

    private static Document parse(Path report) throws IOException {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setExpandEntityReferences(false);
            return f.newDocumentBuilder().parse(report.toFile());
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** The element's own binary-incompatible changes, as "WHAT: TYPE". */
    private static List<String> incompatible(Element e, String what) {
        List<String> out = new ArrayList<>();
        for (Element change : children(child(e, "compatibilityChanges"), "compatibilityChange")) {
            if ("false".equals(change.getAttribute("binaryCompatible"))) {
                out.add(what + ": " + change.getAttribute("type"));
            }
        }
        return out;
    }

    /** The element's own changes that break sources but not binaries. */
    private static List<String> sourceOnly(Element e, String what) {
        List<String> out = new ArrayList<>();
        for (Element change : children(child(e, "compatibilityChanges"), "compatibilityChange")) {
            if ("true".equals(change.getAttribute("binaryCompatible"))
                    && "false".equals(change.getAttribute("sourceCompatible"))) {
                out.add(what + ": " + change.getAttribute("type"));
            }
        }
        return out;
    }

    /** The part itself or its direct children, those that carry compatibility changes. */
    private static List<Element> descendantsWithChanges(Element c, String part) {
        List<Element> out = new ArrayList<>();
        Element p = child(c, part);
        if (p == null) {
            return out;
        }
        if (child(p, "compatibilityChanges") != null) {
            out.add(p);
        }
        for (Element each : children(p, null)) {
            if (child(each, "compatibilityChanges") != null) {
                out.add(each);
            }
        }
        return out;
    }

    private static String member(String kind, Element m) {
        if (kind.equals("field")) {
            return "." + m.getAttribute("name");
        }
        List<String> types = new ArrayList<>();
        for (Element p : children(child(m, "parameters"), "parameter")) {
            types.add(p.getAttribute("type"));
        }
        return (kind.equals("constructor") ? "#<init>(" : "#" + m.getAttribute("name") + "(") + String.join(", ", types)
                + ")";
    }

    private static Element child(Element parent, String tag) {
        if (parent == null) {
            return null;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(tag)) {
                return e;
            }
        }
        return null;
    }

    private static List<Element> children(Element parent, String tag) {
        List<Element> out = new ArrayList<>();
        if (parent == null) {
            return out;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && (tag == null || e.getTagName().equals(tag))) {
                out.add(e);
            }
        }
        return out;
    }
}
