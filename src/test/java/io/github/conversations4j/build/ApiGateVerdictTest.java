package io.github.conversations4j.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ApiGateVerdict} on reports that japicmp-maven-plugin wrote for two tiny jars (src/test/resources/api-gate,
 * its README says how): the verdict names each break, lets source-only changes through by name, and says when and
 * why nothing was compared. {@code .ci/api-gate-check} checks the same lines in real builds of the SDK.
 */
class ApiGateVerdictTest {
    private static final Path REPORTS = Path.of("src/test/resources/api-gate");
    private static final String BASELINE = "t:t:1.0.0";

    @Test
    void aCompatibleJarIsSaidToBeAndItsSourceOnlyChangesAreNamed() throws IOException {
        assertEquals(
                List.of(
                        "API gate: compatible with t:t:1.0.0: no binary-incompatible change (1 class added, 1 changed);",
                        "API gate: 1 source-only incompatibility, which the gate lets through (docs/versioning.md):",
                        "API gate:   p.I#b(): METHOD_ADDED_TO_INTERFACE"),
                ApiGateVerdict.verdict(REPORTS.resolve("compatible.xml"), BASELINE, false));
    }

    @Test
    void eachBreakIsNamedOnceAndNothingInternal() throws IOException {
        assertEquals(
                List.of(
                        "API gate: BREAKS the public API of t:t:1.0.0: 4 binary-incompatible changes:",
                        "API gate:   p.A#answer(): METHOD_RETURN_TYPE_CHANGED",
                        "API gate:   p.A#gone(): METHOD_REMOVED",
                        "API gate:   p.A#take(java.lang.String, int): METHOD_REMOVED",
                        "API gate:   p.C: CLASS_REMOVED",
                        "API gate: code compiled against t:t:1.0.0 may fail against this jar; a break made on purpose is a major "
                                + "version (a minor in 0.x) with an <exclude> in the gate (docs/versioning.md)."),
                ApiGateVerdict.verdict(REPORTS.resolve("breaks.xml"), BASELINE, false));
    }

    @Test
    void aBaselineNotFoundIsASkipWithItsReasonNotAPass() throws IOException {
        assertEquals(
                List.of(
                        "API gate: SKIPPED: the baseline t:t:1.0.0 was not found, and japicmp.ignoreMissingOldVersion is true (as "
                                + "until the first release); the public API was not compared with anything.",
                        "API gate: to compare with a commit instead: mvn verify -Dapi.baseline.ref=<git ref> (docs/versioning.md)."),
                ApiGateVerdict.verdict(REPORTS.resolve("nobaseline.xml"), BASELINE, false));
    }

    @Test
    void skippedOrNoReportIsSaid(@TempDir Path dir) throws IOException {
        assertEquals(
                List.of("API gate: SKIPPED: -Djapicmp.skip was given; the public API was not compared with anything."),
                ApiGateVerdict.verdict(REPORTS.resolve("breaks.xml"), BASELINE, true));
        Path none = dir.resolve("api-compatibility.xml");
        assertEquals(
                List.of("API gate: SKIPPED: japicmp wrote no report (" + none + "); the public API was not compared "
                        + "with anything (see japicmp's lines above)."),
                ApiGateVerdict.verdict(none, BASELINE, false));
    }

    @Test
    void aReportThatIsNotJapicmpsIsRefused(@TempDir Path dir) throws IOException {
        Path other = Files.writeString(dir.resolve("r.xml"), "<report/>");
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> ApiGateVerdict.verdict(other, BASELINE, false));
        assertEquals("its root element is <report>, not <japicmp>", e.getMessage());
    }
}
