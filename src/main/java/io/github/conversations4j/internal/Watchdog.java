package io.github.conversations4j.internal;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

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
     * One step under watch. Exactly one of the owner ({@link #finish()}) and the watchdog gets it: a watchdog task
     * already running when the step ends cannot close a connection the owner has since put back in the pool.
     */
    static final class Guard implements Runnable {
        private final AtomicBoolean done = new AtomicBoolean();
        private final Connection connection;
        private final String what;
        private volatile ScheduledFuture<?> task;

        private Guard(Connection connection, String what) {
            this.connection = connection;
            this.what = what;
        }

        @Override
        public void run() {
            if (done.compareAndSet(false, true)) {
                connection.expire(what);
            }
        }

        /**
         * Ends the watch.
         *
         * @return true when the step ended first; false when the watchdog has closed, or is closing, the connection
         */
        boolean finish() {
            ScheduledFuture<?> t = task;
            if (t != null) {
                t.cancel(false);
            }
            return done.compareAndSet(false, true);
        }
    }

    /**
     * Closes the connection at the deadline unless the returned guard is finished first.
     *
     * @param deadlineNanos on the {@link System#nanoTime()} clock
     * @param connection what to close
     * @param what what the connection is doing, for the timeout's message
     * @return the guard to finish when the step is done
     */
    static Guard expireAt(long deadlineNanos, Connection connection, String what) {
        Guard guard = new Guard(connection, what);
        long delay = Math.max(0, deadlineNanos - System.nanoTime());
        guard.task = TIMER.schedule(guard, delay, TimeUnit.NANOSECONDS);
        return guard;
    }
}
