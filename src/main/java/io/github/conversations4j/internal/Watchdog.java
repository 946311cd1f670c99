package io.github.conversations4j.internal;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection when a deadline passes, for the few blocking steps that have no timeout of their own: a
 * TLS handshake and TLS reads and writes (the JDK's {@code SSLSocket} reads a record in as many socket reads as
 * the server cares to drip it in), and a blocked write. Closing the channel wakes the blocked thread at once; the
 * connection remembers that it was the watchdog, so the failure is reported as the timeout it is.
 *
 * <p>One daemon thread for the whole JVM, started on first use and gone after 10 s without anything to watch.
 * Plain-HTTP reads, writes and connects never use it: they wait in a selector with the deadline as timeout.
 */
final class Watchdog {
  private static final ScheduledThreadPoolExecutor TIMER = timer();

  private Watchdog() {}

  private static ScheduledThreadPoolExecutor timer() {
    ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "conversations4j-watchdog");
      t.setDaemon(true);
      return t;
    });
    timer.setRemoveOnCancelPolicy(true);
    timer.setKeepAliveTime(10, TimeUnit.SECONDS);
    timer.allowCoreThreadTimeOut(true);
    return timer;
  }

  /**
   * Closes the connection at the deadline unless the returned guard is cancelled first.
   *
   * @param deadlineNanos on the {@link System#nanoTime()} clock
   * @param connection what to close
   * @param what what the connection is doing, for the timeout's message
   * @return the guard to cancel when the step is done
   */
  static ScheduledFuture<?> expireAt(long deadlineNanos, Connection connection, String what) {
    long delay = Math.max(0, deadlineNanos - System.nanoTime());
    return TIMER.schedule(() -> connection.expire(what), delay, TimeUnit.NANOSECONDS);
  }
}
