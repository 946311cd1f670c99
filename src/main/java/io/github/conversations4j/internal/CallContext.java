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

  private CallContext() {}

  /** This thread's context; {@link #active} says whether it applies. */
  static CallContext current() {
    return CURRENT.get();
  }
}
