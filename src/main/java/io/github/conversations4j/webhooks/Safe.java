package io.github.conversations4j.webhooks;

/** What a log line may say about an event or a failure: names and types, never text that may quote a visitor. */
final class Safe {
    private static final int MAX_NAME = 64;

    private Safe() {}

    /**
     * An event name or an id as a log line may show it: shown when it is at most 64 ASCII letters, digits and
     * {@code -_.:} (as Brevo's are), else only described, so that a forged name can neither forge a log line nor
     * carry a text.
     */
    static String name(String s) {
        if (s == null) {
            return "none";
        }
        if (s.length() > MAX_NAME) {
            return "(a name of " + s.length() + " characters)";
        }
        for (int i = 0; i < s.length(); i++) {
            if (!plain(s.charAt(i), "-_.:")) {
                return "(a name of " + s.length() + " characters, not all of them letters or digits)";
            }
        }
        return s;
    }

    /** Whether the character is an ASCII letter or digit, or one of {@code punctuation}. */
    static boolean plain(char c, String punctuation) {
        return (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || punctuation.indexOf(c) >= 0;
    }

    /**
     * A failure by its type and where it was thrown, with the types of its causes: never a message (a handler's
     * exception may quote the event it failed on).
     */
    static String describe(Throwable e) {
        StringBuilder out = new StringBuilder();
        int depth = 0;
        for (Throwable t = e; t != null && depth < 5; t = t.getCause() == t ? null : t.getCause(), depth++) {
            if (depth > 0) {
                out.append(", caused by ");
            }
            out.append(t.getClass().getName());
            StackTraceElement[] trace = t.getStackTrace();
            if (trace.length > 0) {
                StackTraceElement top = trace[0];
                out.append(" at ").append(top.getClassName()).append('.').append(top.getMethodName());
                if (top.getLineNumber() > 0) {
                    out.append(':').append(top.getLineNumber());
                }
            }
        }
        return out.toString();
    }
}
