package io.github.conversations4j.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.conversations4j.BrevoConversations;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The checked-in API listing, {@code src/api/conversations4j.api}, is the build's: a change of the public surface
 * fails here until the listing is regenerated, so it shows in review. Regenerate it with
 * {@code mvn -B -o test -Dtest=ApiListingTest -Dconversations4j.api.write=true} (CONTRIBUTING.md, "The API listing").
 */
class ApiListingTest {
    static final Path CHECKED_IN = Path.of("src/api/conversations4j.api");

    private static Path classes() throws Exception {
        return Path.of(BrevoConversations.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
    }

    @Test
    void theCheckedInListingIsTheBuildsSurface() throws Exception {
        String built = ApiListing.of(classes(), getClass().getClassLoader());
        if (Boolean.getBoolean("conversations4j.api.write")) {
            Files.createDirectories(CHECKED_IN.getParent());
            Files.writeString(CHECKED_IN, built, StandardCharsets.UTF_8);
        }
        assertTrue(Files.exists(CHECKED_IN), CHECKED_IN + " is missing: " + regenerate());
        String checkedIn = Files.readString(CHECKED_IN, StandardCharsets.UTF_8);
        if (!checkedIn.equals(built)) {
            fail("the public API differs from " + CHECKED_IN + " (review the change, then " + regenerate() + "):\n"
                    + difference(checkedIn, built));
        }
    }

    @Test
    void theListingHoldsWhatAUserCanReachAndNothingOfInternal() throws Exception {
        String built = ApiListing.of(classes(), getClass().getClassLoader());
        assertTrue(built.contains("public final class io.github.conversations4j.BrevoConversations {"), built);
        assertTrue(
                built.contains("  public static io.github.conversations4j.BrevoConversations$Builder builder()"),
                built);
        assertFalse(built.contains(".internal."), "internal is not public API");
        int[] count = ApiListing.count(built);
        assertTrue(count[0] > 20 && count[1] > 200, "types " + count[0] + ", members " + count[1]);
    }

    @Test
    void aChangedSignatureShowsInTheDifference() {
        String before = "public class A {\n  public void a(int)\n}\n\n";
        String after = "public class A {\n  public void a(long)\n}\n\n";
        assertEquals(
                "- io.A: public void a(int)\n+ io.A: public void a(long)",
                difference(before.replace("class A", "class io.A"), after.replace("class A", "class io.A")));
        assertEquals(
                "- public class io.A\n+ public class io.A implements io.B",
                difference(
                        before.replace("class A", "class io.A"),
                        before.replace("class A", "class io.A implements io.B")));
    }

    private static String regenerate() {
        return "mvn -B -o test -Dtest=ApiListingTest -Dconversations4j.api.write=true";
    }

    /** Lines only one side has, each with its type, removed first ("- ") then added ("+ "). */
    static String difference(String expected, String actual) {
        LinkedHashSet<String> a = qualified(expected);
        LinkedHashSet<String> b = qualified(actual);
        List<String> out = new ArrayList<>();
        for (String line : a) {
            if (!b.contains(line)) {
                out.add("- " + line);
            }
        }
        for (String line : b) {
            if (!a.contains(line)) {
                out.add("+ " + line);
            }
        }
        return String.join("\n", out);
    }

    private static LinkedHashSet<String> qualified(String listing) {
        LinkedHashSet<String> lines = new LinkedHashSet<>();
        String type = "";
        for (String line : listing.split("\n")) {
            if (line.endsWith(" {")) {
                // Members are keyed by the type's name, so that a changed header (a new interface, say) is one line.
                type = java.util.Arrays.stream(line.split("[ <]"))
                        .filter(w -> w.startsWith("io."))
                        .findFirst()
                        .orElse(line);
                lines.add(line.substring(0, line.length() - 2));
            } else if (line.startsWith("  ")) {
                lines.add(type + ": " + line.strip());
            }
        }
        return lines;
    }
}
