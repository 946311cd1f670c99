package io.github.conversations4j.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Locale;

/** Brevo-shaped ids: 17 characters of {@code [A-Za-z0-9]}, such as {@code eYBEm3gq3zc5ayE2g}. */
final class Ids {
    static final int LENGTH = 17;
    private static final char[] ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {}

    /** A fresh random id (about 101 bits of entropy). */
    static String random() {
        char[] id = new char[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            id[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(id);
    }

    /**
     * The agent id the sandbox gives the agent named by an email address: the same for the same address (case and
     * surrounding blanks ignored), in every sandbox, the way Brevo keeps one agent per address.
     */
    static String forEmail(String email) {
        byte[] hash;
        try {
            hash = MessageDigest.getInstance("SHA-256")
                    .digest(email.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
        char[] id = new char[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            id[i] = ALPHABET[(hash[i] & 0xFF) % ALPHABET.length];
        }
        return new String(id);
    }
}
