package io.github.conversations4j.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The SDK's own version, written into the jar by the build, and the {@code User-Agent} built from it. */
final class SdkVersion {
    /** This SDK's version, for instance {@code 0.1.0}; {@code unknown} only if the build's resource is missing. */
    public static final String VERSION = load();

    /** The {@code User-Agent} every request carries. */
    public static final String USER_AGENT =
            "conversations4j/" + VERSION + " (Java " + System.getProperty("java.version", "unknown") + ")";

    private SdkVersion() {}

    private static String load() {
        // From the jar's manifest when there is one: cheaper at start-up than reading a resource.
        String fromManifest = SdkVersion.class.getPackage() == null
                ? null
                : SdkVersion.class.getPackage().getImplementationVersion();
        if (fromManifest != null && !fromManifest.isBlank()) {
            return fromManifest.trim();
        }
        try (InputStream in = SdkVersion.class.getResourceAsStream("/io/github/conversations4j/version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("version", "unknown").trim();
            return version.isEmpty() || version.startsWith("${") ? "unknown" : version;
        } catch (IOException e) {
            return "unknown";
        }
    }
}
