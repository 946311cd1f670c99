package io.github.conversations4j.internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One connection of the default transport: a socket channel, read and written with a deadline.
 *
 * <p>Plain connections stay in non-blocking mode and wait in a selector of their own, so that every wait (for
 * the connection, for room to write, for the next bytes) is bounded by both its own timeout and the call's
 * deadline, and so that {@link #probe()} can look for bytes or a close by the server without waiting at all. A
 * TLS connection is set up the same way (TCP connect and any proxy tunnel), then switched to blocking mode under
 * the JDK's {@code SSLSocket}; its handshake, writes and reads are bounded by the {@link Watchdog}, and its probe
 * briefly switches the channel back to non-blocking.
 *
 * <p>Used by one thread at a time; {@link #expire} and {@link #close()} may come from any thread.
 */
final class Connection {
    private static final int BUFFER = 8192;

    final SocketChannel channel;
    /** Plain mode: the selector this connection waits in. Null once TLS is on. */
    private Selector selector;

    private SelectionKey key;
    /** TLS mode. */
    private SSLSocket ssl;

    private InputStream sslIn;
    private OutputStream sslOut;
    private int soTimeout = -1;

    private final byte[] buffer = new byte[BUFFER];
    private final ByteBuffer bufferView = ByteBuffer.wrap(buffer);
    private final ByteBuffer probe = ByteBuffer.allocate(1);
    private int pos;
    private int limit;

    /** The deadline of the step under way, on the {@link System#nanoTime()} clock, and what ends there. */
    private long deadline = Long.MAX_VALUE;

    private Duration callTimeout;
    /** Set by the watchdog (any thread) just before it closes the channel: what was timed out. */
    private volatile String expired;

    private boolean anyByte;

    /** Requests go out in absolute form (through an HTTP proxy to an {@code http} origin). */
    boolean absoluteForm;
    /** Written with every request in absolute form when the proxy needs credentials; else null. */
    String proxyAuthorization;
    /** Pool bookkeeping, written before the connection is put in the idle deque, which publishes them. */
    long idleSince;
    /** The id of the thread that released it last; -1 before. An id, so that no ended thread is kept. */
    long lastUser = -1;

    private Connection(SocketChannel channel) throws IOException {
        this.channel = channel;
        channel.configureBlocking(false);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        channel.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
        this.selector = Selector.open();
        this.key = channel.register(selector, 0);
    }

    /**
     * Opens a TCP connection to one address. Every failure here happens before a byte is written and is reported
     * as a {@link ConnectException} (with a {@link SocketTimeoutException} cause for a timeout).
     */
    static Connection open(
            InetAddress address, int port, String name, Duration connectTimeout, long deadline, Duration callTimeout)
            throws IOException {
        SocketChannel channel = SocketChannel.open();
        Connection connection;
        try {
            connection = new Connection(channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        connection.arm(deadline, callTimeout);
        try {
            if (!channel.connect(new InetSocketAddress(address, port))) {
                do {
                    connection.await(SelectionKey.OP_CONNECT, connectTimeout, "connecting to " + name);
                } while (!channel.finishConnect());
            }
            connection.key.interestOps(0);
            return connection;
        } catch (IOException | RuntimeException e) {
            connection.close();
            throw notSent("connecting to " + name + " failed", e);
        }
    }

    /**
     * Wraps a failure that happened before any byte of the request was written: a {@link ConnectException}, the
     * transport-neutral "not sent" signal the SDK's retry rules read, with the failure as its cause.
     */
    static ConnectException notSent(String what, Throwable cause) {
        if (cause instanceof ConnectException && cause.getCause() != null) {
            return (ConnectException) cause; // already said
        }
        String message = cause.getMessage();
        ConnectException e = new ConnectException(what + (message == null ? "" : ": " + message));
        e.initCause(cause);
        return e;
    }

    /** Sets the deadline that bounds every wait from now on, for the next request. */
    void arm(long deadlineNanos, Duration callTimeout) {
        this.deadline = deadlineNanos;
        this.callTimeout = callTimeout;
        this.anyByte = false;
    }

    /** Whether a byte of the response was read since {@link #arm}. */
    boolean anyResponseByte() {
        return anyByte || pos < limit;
    }

    /**
     * Switches to TLS over what is connected so far (the origin, or a tunnel to it), verifying the origin's host
     * name. The handshake is bounded by the connect timeout and the call's deadline.
     */
    void startTls(SSLSocketFactory factory, String host, int port, Duration connectTimeout) throws IOException {
        selector.close(); // deregisters the channel, so that it can block
        selector = null;
        key = null;
        channel.configureBlocking(true);
        SSLSocket socket = (SSLSocket) factory.createSocket(channel.socket(), host, port, true);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        socket.setSSLParameters(parameters);
        long handshakeEnd = System.nanoTime() + connectTimeout.toNanos();
        boolean callBound = deadline - handshakeEnd < 0;
        Watchdog.Guard guard = Watchdog.expireAt(
                callBound ? deadline : handshakeEnd,
                this,
                callBound
                        ? callTimeoutText("during the TLS handshake with " + host + ":" + port)
                        : "TLS handshake with " + host + ":" + port + " timed out after " + millis(connectTimeout));
        try {
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, Math.max(1, connectTimeout.toMillis())));
            socket.startHandshake();
        } catch (IOException e) {
            guard.finish();
            throw expiredOr(e);
        }
        if (!guard.finish()) {
            throw expiredOr(new SocketException("closed at the handshake's deadline"));
        }
        ssl = socket;
        sslIn = socket.getInputStream();
        sslOut = socket.getOutputStream();
    }

    /** The watchdog's way in: remembers why, then closes the channel, which wakes any blocked read or write. */
    void expire(String what) {
        expired = what;
        try {
            // The channel only: closing the SSLSocket here would wait for the lock its blocked writer holds, to send a
            // close_notify. The owner thread closes the rest once it is woken.
            channel.close();
        } catch (IOException e) {
            // nothing to do
        }
    }

    /** A failure caused by the watchdog's close becomes the timeout it stands for. */
    IOException expiredOr(IOException e) {
        String what = expired;
        if (what == null) {
            return e;
        }
        SocketTimeoutException timeout = new SocketTimeoutException(what);
        timeout.initCause(e);
        return timeout;
    }

    /**
     * Whether the connection can carry another request: nothing is buffered or waiting in the socket, and the
     * server has not closed it. One non-blocking read, no wait: a byte nobody asked for (a stray response, a
     * TLS alert) or an end of stream means the connection is not to be trusted.
     */
    boolean probe() {
        if (pos < limit || expired != null || !channel.isOpen()) {
            return false;
        }
        try {
            probe.clear();
            if (ssl == null) {
                return channel.read(probe) == 0;
            }
            if (sslIn.available() > 0) {
                return false; // decrypted bytes nobody asked for
            }
            channel.configureBlocking(false);
            try {
                return channel.read(probe) == 0;
            } finally {
                channel.configureBlocking(true);
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Writes the whole request, each wait for room bounded by the write timeout and the deadline.
     */
    void write(byte[] wire, Duration writeTimeout) throws IOException {
        if (ssl == null) {
            ByteBuffer out = ByteBuffer.wrap(wire);
            while (out.hasRemaining()) {
                if (channel.write(out) == 0) {
                    await(SelectionKey.OP_WRITE, writeTimeout, "writing the request");
                }
            }
            return;
        }
        long writeEnd = System.nanoTime() + writeTimeout.toNanos();
        boolean callBound = deadline - writeEnd < 0;
        Watchdog.Guard guard = Watchdog.expireAt(
                callBound ? deadline : writeEnd,
                this,
                callBound
                        ? callTimeoutText("while writing the request")
                        : "writing the request timed out after " + millis(writeTimeout));
        try {
            sslOut.write(wire);
            sslOut.flush();
        } catch (IOException e) {
            guard.finish();
            throw expiredOr(e);
        }
        if (!guard.finish()) {
            throw expiredOr(new SocketException("closed at the write's deadline"));
        }
    }

    /**
     * Bounds the TLS reads of the response by the deadline: the socket's timeout bounds each read, the watchdog
     * the whole. Plain connections need no guard.
     *
     * @return the guard to finish once the response is read, or null
     */
    Watchdog.Guard guardRead() {
        if (ssl == null || deadline == Long.MAX_VALUE) {
            return null;
        }
        return Watchdog.expireAt(deadline, this, callTimeoutText("while waiting for the response"));
    }

    private String callTimeoutText(String when) {
        return "call timeout of " + millis(callTimeout) + " reached " + when;
    }

    private static String millis(Duration d) {
        if (d == null) {
            return "?";
        }
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
    }

    /** Waits in the selector for one operation, for at most the timeout and never past the deadline. */
    private void await(int op, Duration timeout, String what) throws IOException {
        long start = System.nanoTime();
        long remaining = deadline - start;
        if (remaining <= 0) {
            throw new SocketTimeoutException(callTimeoutText(what));
        }
        long timeoutNanos = timeout.toNanos();
        boolean callBound = remaining < timeoutNanos;
        long wait = callBound ? remaining : timeoutNanos;
        if (key.interestOps() != op) {
            key.interestOps(op);
        }
        int ready = selector.select(Math.max(1, (wait + 999_999) / 1_000_000));
        if (ready > 0) {
            selector.selectedKeys().clear();
        }
        if (Thread.currentThread().isInterrupted()) {
            close();
            throw new InterruptedIOException("interrupted " + what);
        }
        if (!channel.isOpen()) {
            throw new SocketException("connection closed " + what);
        }
        if (ready == 0 && System.nanoTime() - start >= wait) {
            throw new SocketTimeoutException(
                    callBound ? callTimeoutText(what) : what + " timed out after " + millis(timeout));
        }
    }

    // ---- reading ----

    /** Reads into the buffer: at least one byte, or false at the end of the stream. */
    private boolean fill(Duration readTimeout) throws IOException {
        int n = readSome(buffer, 0, BUFFER, readTimeout);
        if (n <= 0) {
            return false;
        }
        anyByte = true;
        pos = 0;
        limit = n;
        return true;
    }

    /** One read from the connection, waiting at most the read timeout and never past the deadline. */
    int readSome(byte[] b, int off, int len, Duration readTimeout) throws IOException {
        if (ssl == null) {
            if (deadline - System.nanoTime() <= 0) {
                // Checked on every read, not only before a wait: a server that keeps the socket full never makes one.
                throw new SocketTimeoutException(callTimeoutText("while reading the response"));
            }
            ByteBuffer view = b == buffer ? bufferView : ByteBuffer.wrap(b);
            view.limit(off + len).position(off);
            while (true) {
                int n = channel.read(view);
                if (n != 0) {
                    return n;
                }
                await(SelectionKey.OP_READ, readTimeout, "waiting for the response");
            }
        }
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
            throw new SocketTimeoutException(callTimeoutText("while waiting for the response"));
        }
        long timeoutMillis = Math.max(1, readTimeout.toMillis());
        boolean callBound = remaining < readTimeout.toNanos();
        int t = (int)
                Math.min(Integer.MAX_VALUE, callBound ? Math.max(1, (remaining + 999_999) / 1_000_000) : timeoutMillis);
        if (t != soTimeout) {
            ssl.setSoTimeout(t);
            soTimeout = t;
        }
        try {
            return sslIn.read(b, off, len);
        } catch (SocketTimeoutException e) {
            if (expired != null) {
                throw expiredOr(e);
            }
            SocketTimeoutException timeout = new SocketTimeoutException(
                    callBound
                            ? callTimeoutText("while waiting for the response")
                            : "no response bytes for " + millis(readTimeout) + " (read timeout)");
            timeout.initCause(e);
            throw timeout;
        } catch (IOException e) {
            throw expiredOr(e);
        }
    }

    /** Bytes read from the socket and not consumed yet. */
    int buffered() {
        return limit - pos;
    }

    /** Whether nothing is buffered and, for TLS, nothing is decrypted and waiting. */
    boolean drained() throws IOException {
        return pos == limit && (sslIn == null || sslIn.available() == 0);
    }

    /** Reads exactly {@code length} bytes. */
    byte[] readFully(int length, Duration readTimeout) throws IOException {
        byte[] bytes = new byte[length];
        int read = 0;
        while (read < length) {
            int n;
            if (pos < limit) {
                n = Math.min(length - read, limit - pos);
                System.arraycopy(buffer, pos, bytes, read, n);
                pos += n;
            } else if (length - read >= BUFFER) {
                n = readSome(bytes, read, length - read, readTimeout);
                if (n < 0) {
                    throw new EOFException("response body ended after " + read + " of " + length + " bytes");
                }
            } else {
                if (!fill(readTimeout)) {
                    throw new EOFException("response body ended after " + read + " of " + length + " bytes");
                }
                continue;
            }
            read += n;
        }
        return bytes;
    }

    /** Reads whatever comes until the server closes, at most {@code max} bytes. */
    byte[] readToEnd(int max, Duration readTimeout) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(512);
        while (out.size() < max) {
            if (pos == limit && !fill(readTimeout)) {
                break;
            }
            int n = Math.min(limit - pos, max - out.size());
            out.write(buffer, pos, n);
            pos += n;
        }
        return out.toByteArray();
    }

    /**
     * Reads a line ended by LF (a CR before it is dropped), counting its bytes against a bound. A CR anywhere
     * else, or a NUL, is a protocol error: such bytes are how responses are smuggled past one parser and not
     * another.
     *
     * @param count bytes read so far against the bound; updated
     * @param max the bound
     * @param first whether this is the first line of a response (for the message of an early close)
     */
    String readLine(int[] count, int max, boolean first, Duration readTimeout) throws IOException {
        StringBuilder spill = null;
        while (true) {
            if (pos == limit && !fill(readTimeout)) {
                throw new EOFException(
                        first && spill == null && count[0] == 0
                                ? "connection closed before any response byte"
                                : "connection closed in the middle of the response");
            }
            int start = pos;
            while (pos < limit && buffer[pos] != '\n') {
                pos++;
            }
            count[0] += pos - start + (pos < limit ? 1 : 0);
            if (count[0] > max) {
                throw new ProtocolException("response head or chunk line larger than " + max + " bytes");
            }
            if (pos < limit) {
                int end = pos++;
                if (end > start && buffer[end - 1] == '\r') {
                    end--;
                }
                for (int i = start; spill == null && i < end; i++) {
                    byte c = buffer[i];
                    if (c == '\r' || c == 0) {
                        throw new ProtocolException(
                                c == 0 ? "NUL byte in the response head" : "bare CR in the response head");
                    }
                }
                if (spill == null) {
                    return new String(buffer, start, end - start, StandardCharsets.ISO_8859_1);
                }
                // The line began in an earlier buffer: join, then drop a CR that ended the earlier part.
                String line = spill.append(new String(buffer, start, end - start, StandardCharsets.ISO_8859_1))
                        .toString();
                if (end == start && line.endsWith("\r")) {
                    line = line.substring(0, line.length() - 1);
                }
                if (line.indexOf('\r') >= 0 || line.indexOf('\0') >= 0) {
                    throw new ProtocolException("bare CR or NUL in the response head");
                }
                return line;
            }
            if (spill == null) {
                spill = new StringBuilder(128);
            }
            spill.append(new String(buffer, start, pos - start, StandardCharsets.ISO_8859_1));
        }
    }

    void close() {
        try {
            channel.close(); // first: wakes anything blocked on it, and spares the TLS close a wait on a dead peer
        } catch (IOException e) {
            // nothing to do
        }
        try {
            if (ssl != null) {
                ssl.close();
            }
        } catch (IOException | RuntimeException e) {
            // nothing to do
        }
        Selector s = selector;
        if (s != null) {
            try {
                s.close();
            } catch (IOException | RuntimeException e) {
                // nothing to do
            }
        }
    }
}
