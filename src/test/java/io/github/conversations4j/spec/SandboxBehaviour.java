package io.github.conversations4j.spec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The sandbox's own rules that go further than the spec: {@code openapi/sandbox-behaviour.txt}, read like the
 * drift check's {@code drift-ignore} block. One sentence a line, exactly as {@link SandboxSpecCheck} prints it;
 * lines starting with {@code #} give the reason of the sentences that follow, up to the next blank line; a sentence
 * with no reason above it is refused.
 */
public final class SandboxBehaviour {
    /** The project's list. */
    public static final Path PROJECT_FILE = Path.of("openapi", "sandbox-behaviour.txt");

    private final Set<String> sentences;

    private SandboxBehaviour(Set<String> sentences) {
        this.sentences = sentences;
    }

    /** Reads a list from a file. */
    public static SandboxBehaviour read(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file.toAbsolutePath(), e);
        }
    }

    /**
     * Parses a list.
     *
     * @param text its text
     * @param name what to call it in an error
     * @return the list
     * @throws IllegalArgumentException when a sentence has no reason above it, or is listed twice
     */
    public static SandboxBehaviour parse(String text, String name) {
        Set<String> sentences = new LinkedHashSet<>();
        boolean reason = false;
        int number = 0;
        for (String line : text.split("\n", -1)) {
            number++;
            String trimmed = line.strip();
            if (trimmed.isEmpty()) {
                reason = false;
            } else if (trimmed.startsWith("#")) {
                reason = true;
            } else if (!reason) {
                throw new IllegalArgumentException(name + ":" + number + ": a sentence without its reason (a # line "
                        + "above it, with no blank line between): " + trimmed);
            } else if (!sentences.add(trimmed)) {
                throw new IllegalArgumentException(name + ":" + number + ": listed twice: " + trimmed);
            }
        }
        return new SandboxBehaviour(sentences);
    }

    /** The differences found that the list does not give a reason for. */
    public List<String> unlisted(List<String> found) {
        List<String> unlisted = new ArrayList<>();
        for (String difference : found) {
            if (!sentences.contains(difference)) {
                unlisted.add(difference);
            }
        }
        return unlisted;
    }

    /** The listed sentences that were not found: rules the sandbox no longer has, or a spec that caught up. */
    public List<String> stale(List<String> found) {
        List<String> stale = new ArrayList<>(sentences);
        stale.removeAll(found);
        return stale;
    }
}
