package io.github.conversations4j.internal;

/**
 * What the SDK's call layer tells the transport about the call under way on this thread: when it must end, and
 * whether the headers of a success response will be read. Set by {@link SdkInvocationHandler} around each
 * attempt; a transport used on its own sees none and applies its own call timeout.
 *
 * <p>One mutable instance per thread, so that a call allocates nothing for it.
 */
final class CallContext {
    private static final ThreadLocal<CallContext> CURRENT = ThreadLocal.withInitial(CallContext::new);

    /** Whether an attempt is under way; false between calls. */
    boolean active;
    /** When the call must end, on the {@link System#nanoTime()} clock. */
    long deadlineNanos;
    /** The whole call's timeout, for messages. */
    java.time.Duration callTimeout;
    /** Whether anything will read the headers of a 2xx response. */
    boolean successHeaders;
    /** The status of the attempt's response, 0 before one arrived; kept only for a client with call listeners. */
    int status;
    /**
     * Headers the call layer adds to this attempt's request (trace context, a hook's, per-call options'), as
     * name/value pairs in {@code headers[0..2*headerCount)}; a later pair replaces an earlier one of the same name.
     * Empty for a client without any.
     */
    String[] headers = new String[8];
    /** How many pairs {@link #headers} holds. */
    int headerCount;
    /** The request's URL as the transport saw it, noted only when {@link #status} is (for tracing). */
    String url;

    /**
     * Adds or replaces a header of this attempt. The caller checked the name and value.
     *
     * @param name the header's name
     * @param value its value
     */
    void header(String name, String value) {
        for (int i = 0; i < headerCount; i++) {
            if (headers[2 * i].equalsIgnoreCase(name)) {
                headers[2 * i + 1] = value;
                return;
            }
        }
        if (2 * headerCount + 2 > headers.length) {
            headers = java.util.Arrays.copyOf(headers, headers.length * 2);
        }
        headers[2 * headerCount] = name;
        headers[2 * headerCount + 1] = value;
        headerCount++;
    }

    /** Forgets the headers and the URL of the last attempt, keeping the array. */
    void clearHeaders() {
        java.util.Arrays.fill(headers, 0, 2 * headerCount, null);
        headerCount = 0;
        url = null;
    }

    private CallContext() {}

    /** This thread's context; {@link #active} says whether it applies. */
    static CallContext current() {
        return CURRENT.get();
    }
}
