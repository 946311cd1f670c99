package io.github.conversations4j.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.conversations4j.RetryPolicy;
import io.github.conversations4j.internal.Clients;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The IDE metadata the configuration processor wrote, the properties table of docs/spring-boot.md and the builder's defaults
 * agree: the table is checked against the metadata row by row, and the metadata's defaults against the SDK's.
 */
class SpringMetadataTest {
    static final String TABLE_START = "<!-- The table below is checked against spring-configuration-metadata.json "
            + "by SpringMetadataTest. -->";

    static JsonNode metadata() throws Exception {
        try (InputStream in =
                SpringMetadataTest.class.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertTrue(in != null, "the configuration processor wrote META-INF/spring-configuration-metadata.json");
            return new ObjectMapper().readTree(in);
        }
    }

    /** The table docs/spring-boot.md should show, from the metadata. */
    static List<String> expectedRows() throws Exception {
        List<String> rows = new ArrayList<>();
        rows.add("| property | default | what it does |");
        rows.add("|---|---|---|");
        for (JsonNode p : metadata().get("properties")) {
            JsonNode value = p.get("defaultValue");
            String shown = value == null ? "" : value.isArray() ? "" : "`" + value.asText() + "`";
            assertTrue(p.hasNonNull("description"), p.get("name") + " has a description");
            rows.add("| `" + p.get("name").asText() + "` | " + shown + " | "
                    + p.get("description").asText() + " |");
        }
        return rows;
    }

    /** Boot's guidance for descriptions: no leading "The" or "A"; "Whether" for a boolean; a list says so. */
    @Test
    void theDescriptions_followBootsStyle() throws Exception {
        List<String> off = new ArrayList<>();
        int read = 0;
        for (JsonNode p : metadata().get("properties")) {
            read++;
            String name = p.get("name").asText();
            String description = p.get("description").asText();
            String type = p.path("type").asText();
            if (description.matches("(?i)^(the|a|an) .*")) {
                off.add(name + ": starts with an article");
            }
            if (type.equals("java.lang.Boolean") && !description.startsWith("Whether ")) {
                off.add(name + ": a boolean starts with Whether");
            }
            if (type.startsWith("java.util.List") && !description.startsWith("Comma-separated list ")) {
                off.add(name + ": a list starts with Comma-separated list");
            }
            if (!description.endsWith(".") && !description.endsWith(").")) {
                off.add(name + ": ends with a period");
            }
        }
        assertTrue(read > 30, "read " + read + " properties");
        assertEquals(List.of(), off);
    }

    @Test
    void theDocsTable_isTheMetadata() throws Exception {
        String doc = Files.readString(Path.of("docs/spring-boot.md"), StandardCharsets.UTF_8);
        int at = doc.indexOf(TABLE_START);
        assertTrue(at >= 0, "docs/spring-boot.md marks its Spring properties table with: " + TABLE_START);
        List<String> actual = new ArrayList<>();
        for (String line : doc.substring(at + TABLE_START.length()).strip().split("\n")) {
            if (!line.startsWith("|")) {
                break;
            }
            actual.add(line);
        }
        List<String> expected = expectedRows();
        assertEquals(
                String.join("\n", expected),
                String.join("\n", actual),
                "docs/spring-boot.md's table must be the metadata's; paste the expected text above into docs/spring-boot.md");
    }

    @Test
    void theMetadataDefaults_areTheBuildersDefaults() throws Exception {
        assertEquals(Clients.DEFAULT_BASE_URL, defaultOf("base-url"));
        assertEquals(Clients.DEFAULT_CONNECT_TIMEOUT.toSeconds() + "s", defaultOf("connect-timeout"));
        assertEquals(Clients.DEFAULT_READ_TIMEOUT.toSeconds() + "s", defaultOf("read-timeout"));
        assertEquals(Clients.DEFAULT_WRITE_TIMEOUT.toSeconds() + "s", defaultOf("write-timeout"));
        assertEquals(Clients.DEFAULT_CALL_TIMEOUT.toSeconds() + "s", defaultOf("call-timeout"));
        assertEquals(String.valueOf(Clients.DEFAULT_MAX_CONNECTIONS_PER_HOST), defaultOf("max-connections-per-host"));
        assertEquals(String.valueOf(RetryPolicy.defaults().maxRetries()), defaultOf("retry.max-retries"));
        assertEquals(RetryPolicy.defaults().initialDelay().toMillis() + "ms", defaultOf("retry.initial-delay"));
        assertEquals(RetryPolicy.defaults().maxDelay().toSeconds() + "s", defaultOf("retry.max-delay"));
        assertEquals(String.valueOf(RetryPolicy.defaults().atLeastOnceSends()), defaultOf("retry.at-least-once-sends"));
        assertEquals("1m", defaultOf("presence.interval")); // AgentPresence.Builder.interval: one minute by default

        // And the properties object itself starts from the same values.
        ConversationsProperties p = new ConversationsProperties();
        assertEquals(Clients.DEFAULT_CONNECT_TIMEOUT, p.getConnectTimeout());
        assertEquals(Clients.DEFAULT_READ_TIMEOUT, p.getReadTimeout());
        assertEquals(Clients.DEFAULT_WRITE_TIMEOUT, p.getWriteTimeout());
        assertEquals(Clients.DEFAULT_CALL_TIMEOUT, p.getCallTimeout());
        assertEquals(RetryPolicy.defaults().initialDelay(), p.getRetry().getInitialDelay());
        assertEquals(RetryPolicy.defaults().maxDelay(), p.getRetry().getMaxDelay());
        assertEquals(Duration.ofMinutes(1), p.getPresence().getInterval());
    }

    static String defaultOf(String property) throws Exception {
        for (JsonNode p : metadata().get("properties")) {
            if (p.get("name").asText().equals("brevo.conversations." + property)) {
                JsonNode value = p.get("defaultValue");
                assertTrue(value != null, property + " has a default in the metadata");
                return value.asText();
            }
        }
        throw new AssertionError("no brevo.conversations." + property + " in the metadata");
    }

    @Test
    void theAutoConfiguration_isRegisteredTheBootWay() throws Exception {
        try (InputStream in = getClass()
                .getResourceAsStream(
                        "/META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports")) {
            assertTrue(in != null);
            assertEquals(
                    List.of(
                            ConversationsAutoConfiguration.class.getName(),
                            ConversationsWebhookSecurityAutoConfiguration.class.getName(),
                            WebhookStoreAutoConfiguration.class.getName()),
                    new String(in.readAllBytes(), StandardCharsets.UTF_8)
                            .strip()
                            .lines()
                            .toList());
        }
    }
}
