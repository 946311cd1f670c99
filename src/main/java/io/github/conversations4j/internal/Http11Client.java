package io.github.conversations4j.internal;

import feign.Client;
import feign.Request;
import feign.Response;
import io.github.conversations4j.Sleeper;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.ref.Cleaner;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocketFactory;

/**
 * The SDK's default transport: a small HTTP/1.1 client on kept-alive connections, with nothing between the SDK
 * and the socket that could act on its own.
 *
 * <ul>
 *   <li>It never retries a request the server may have read, and never follows redirects: one {@link #execute}
 *       is one request on the wire, so the SDK's attempt counts are exact and the {@code api-key} header never
 *       goes to another host.</li>
 *   <li>Every answer is the answer to its own request. A pooled connection is probed before reuse (one
 *       non-blocking read: nothing may be waiting, and the server must not have closed it), and a connection
 *       whose response left bytes behind, or whose framing was doubtful, is never pooled. Responses are read
 *       strictly ({@link Http1}).</li>
 *   <li>Every wait is bounded: connect by the connect timeout, each wait for room to write by the write
 *       timeout, each wait for the next response bytes by the read timeout, and all of them, with the TLS
 *       handshake and any proxy tunnel, by the call's deadline ({@link CallContext}, else the call timeout given
 *       here). An interrupt of the calling thread ends the call at once.</li>
 *   <li>Anything that fails before the whole request is written is a {@link ConnectException}, the SDK's
 *       transport-neutral "not sent" signal: the server cannot have acted on a request it did not get whole.</li>
 *   <li>Proxies: {@link ProxySelector#getDefault()} (the JVM's {@code https.proxyHost}, {@code http.proxyHost},
 *       {@code http.nonProxyHosts}, {@code socksProxyHost} settings) unless one is given. HTTPS through an HTTP
 *       proxy goes through a {@code CONNECT} tunnel with TLS inside, verified against the origin; plain HTTP
 *       through an HTTP proxy is sent in absolute form; SOCKS proxies speak SOCKS5 and resolve the host.</li>
 *   <li>At most {@code maxConnectionsPerHost} requests per host are in flight; a call waits for a free one within
 *       its deadline.</li>
 *   <li>It reads at most {@link Bodies#MAX_SUCCESS_BODY} of a 2xx body and {@link Bodies#MAX_ERROR_BODY} of any
 *       other (one byte more, to tell that the body went on); the rest is never read and the connection is
 *       closed.</li>
 * </ul>
 *
 * <p>Thread-safe. Idle connections are kept per host for {@link #MAX_IDLE}, at most {@link #MAX_IDLE_PER_ROUTE}.
 */
final class Http11Client implements Client, AutoCloseable {
    /** How long an idle connection is kept. Shorter than the usual 60 s of servers and load balancers. */
    static final Duration MAX_IDLE = Duration.ofSeconds(30);
    /** How many idle connections are kept per host, at most. */
    static final int MAX_IDLE_PER_ROUTE = 32;
    /** A pooled connection found closed sooner than this after its answer was closed by a server that closes after
     * answers, not by an idle timeout (the shortest common one is 5 s). */
    private static final long CLOSED_SOON_NANOS = 1_000_000_000L;
    /** How long an origin seen closing right after answers gets a new connection for every request. */
    private static final long DISTRUST_NANOS = 10_000_000_000L;
    /** Headers the client writes itself. */
    private static final Set<String> OWN_HEADERS = Set.of(
            "host", "content-length", "connection", "transfer-encoding", "expect", "upgrade", "proxy-authorization");

    private static final System.Logger LOG = System.getLogger("io.github.conversations4j");
    /** Closes the connections of clients nobody holds any more, so their sockets do not outlive them. */
    private static final Cleaner CLEANER = Cleaner.create();

    /** Everything the transport is configured with. */
    static final class Settings {
        // The builder's defaults, for the transport used on its own (tests); the builder always sets all of them.
        Duration connectTimeout = Clients.DEFAULT_CONNECT_TIMEOUT;
        Duration writeTimeout = Clients.DEFAULT_WRITE_TIMEOUT;
        Duration callTimeout = Clients.DEFAULT_CALL_TIMEOUT;
        SSLSocketFactory sslSocketFactory;
        Map<String, String> fixedHeaders = Map.of();
        Proxy proxy;
        Tunnels.Credentials proxyCredentials;
        int maxConnectionsPerHost = Clients.DEFAULT_MAX_CONNECTIONS_PER_HOST;
        Sleeper clock = Sleeper.system();

        /** @param connectTimeout the longest wait for a TCP connection, and again for a proxy tunnel and TLS */
        public Settings connectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            return this;
        }

        /** @param writeTimeout the longest wait for room to write the request */
        public Settings writeTimeout(Duration writeTimeout) {
            this.writeTimeout = writeTimeout;
            return this;
        }

        /** @param callTimeout the deadline of a call made outside the SDK's call layer */
        public Settings callTimeout(Duration callTimeout) {
            this.callTimeout = callTimeout;
            return this;
        }

        /** @param factory the TLS socket factory, or null for the JDK's */
        public Settings sslSocketFactory(SSLSocketFactory factory) {
            this.sslSocketFactory = factory;
            return this;
        }

        /** @param headers written on every request (the keys and the {@code User-Agent}), rendered once */
        public Settings fixedHeaders(Map<String, String> headers) {
            this.fixedHeaders = Map.copyOf(headers);
            return this;
        }

        /** @param proxy the proxy to use, {@link Proxy#NO_PROXY} for none, or null to ask the JVM's selector */
        public Settings proxy(Proxy proxy) {
            this.proxy = proxy;
            return this;
        }

        /**
         * @param username for the proxy, or null for none
         * @param password for the proxy
         */
        public Settings proxyCredentials(String username, String password) {
            this.proxyCredentials = username == null ? null : new Tunnels.Credentials(username, password);
            return this;
        }

        /** @param max requests in flight per host, at least 1 */
        public Settings maxConnectionsPerHost(int max) {
            this.maxConnectionsPerHost = max;
            return this;
        }

        /** @param clock the pool's clock (idle times, distrust): the builder's sleeper, a seam for tests */
        public Settings clock(Sleeper clock) {
            this.clock = clock;
            return this;
        }
    }

    private final Duration connectTimeout;
    private final Duration writeTimeout;
    private final Duration callTimeout;
    private final SSLSocketFactory sslSocketFactory;
    private final String fixedHeaders;
    private final Proxy proxy;
    private final Tunnels.Credentials proxyCredentials;
    private final int maxConnectionsPerHost;
    /** The pool's clock; deadlines stay on {@link System#nanoTime()}, as {@link CallContext}'s. */
    private final Sleeper clock;

    private final State state;
    private final Cleaner.Cleanable cleanable;

    /** What the cleaner closes: it must not reach the client itself. */
    private static final class State implements Runnable {
        final Map<String, Route> routes = new ConcurrentHashMap<>();
        final Set<Connection> open = ConcurrentHashMap.newKeySet();
        volatile boolean closed;

        @Override
        public void run() {
            closed = true;
            for (Route route : routes.values()) {
                Connection connection;
                while ((connection = route.idle.pollFirst()) != null) {
                    connection.close();
                }
            }
            for (Connection connection : open) {
                connection.close();
            }
        }
    }

    /**
     * Creates the transport with default settings but these.
     *
     * @param connectTimeout how long to wait for a TCP connection, and again for a TLS handshake
     * @param sslSocketFactory the TLS socket factory, or {@code null} for the JDK default
     * @param fixedHeaders headers written on every request
     */
    public Http11Client(Duration connectTimeout, SSLSocketFactory sslSocketFactory, Map<String, String> fixedHeaders) {
        this(new Settings()
                .connectTimeout(connectTimeout)
                .sslSocketFactory(sslSocketFactory)
                .fixedHeaders(fixedHeaders));
    }

    /**
     * Creates the transport.
     *
     * @param settings its settings, copied
     */
    public Http11Client(Settings settings) {
        this.connectTimeout = settings.connectTimeout;
        this.writeTimeout = settings.writeTimeout;
        this.callTimeout = settings.callTimeout;
        this.sslSocketFactory = settings.sslSocketFactory;
        this.proxy = settings.proxy;
        this.proxyCredentials = settings.proxyCredentials;
        this.maxConnectionsPerHost = settings.maxConnectionsPerHost;
        this.clock = settings.clock;
        StringBuilder sb = new StringBuilder();
        settings.fixedHeaders.forEach(
                (name, value) -> sb.append(name).append(": ").append(value).append("\r\n"));
        this.fixedHeaders = sb.toString();
        this.state = new State();
        this.cleanable = CLEANER.register(this, state);
    }

    /** Closes every connection, idle or in use (a call under way then fails), and refuses new calls. */
    @Override
    public void close() {
        cleanable.clean();
    }

    /** Where requests go: parsed once per origin ({@code scheme://host:port}), with its pool and its cap. */
    private static final class Route {
        final boolean tls;
        final String host;
        final int port;
        final String hostHeader;
        final URI uri;
        final String originText;
        final Deque<Connection> idle = new ConcurrentLinkedDeque<>();
        final Semaphore permits;
        /** Whether this route is the one kept for its origin: only then are its connections pooled. */
        volatile boolean cached;
        /**
         * Until when (on the pool's clock) connections to this origin are not pooled: its server
         * was seen closing connections right after answering, without {@code Connection: close}. Reusing such a
         * connection races the server's close, and a send lost in that race cannot be told from one delivered.
         */
        private volatile long distrustedUntil;

        void distrust(long now) {
            distrustedUntil = now + DISTRUST_NANOS;
        }

        boolean trusted(long now) {
            return now - distrustedUntil >= 0;
        }

        Route(String origin, int maxConnections, long now) throws ProtocolException {
            this.distrustedUntil = now;
            URI parsed;
            try {
                parsed = URI.create(origin);
            } catch (IllegalArgumentException e) {
                throw new ProtocolException("not a URL: " + e.getMessage());
            }
            this.tls = "https".equalsIgnoreCase(parsed.getScheme());
            if (parsed.getHost() == null || (!tls && !"http".equalsIgnoreCase(parsed.getScheme()))) {
                throw new ProtocolException("not an http(s) URL: " + parsed.getScheme() + "://" + parsed.getHost());
            }
            String h = parsed.getHost();
            this.host = h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
            this.port = parsed.getPort() >= 0 ? parsed.getPort() : tls ? 443 : 80;
            this.hostHeader =
                    (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + (port != (tls ? 443 : 80) ? ":" + port : "");
            this.originText = (tls ? "https://" : "http://") + hostHeader;
            this.uri = URI.create(
                    (tls ? "https://" : "http://") + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port);
            this.permits = new Semaphore(maxConnections);
        }

        String name() {
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        }
    }

    @Override
    public Response execute(Request request, Request.Options options) throws IOException {
        if (state.closed) {
            throw new IllegalStateException("this client is closed");
        }
        String url = request.url();
        int schemeEnd = url.indexOf("://");
        int pathStart = schemeEnd < 0 ? -1 : url.indexOf('/', schemeEnd + 3);
        String originText = pathStart < 0 ? url : url.substring(0, pathStart);
        String target = pathStart < 0 ? "/" : url.substring(pathStart);
        int fragment = target.indexOf('#');
        if (fragment >= 0) {
            target = target.substring(0, fragment);
        }
        Route route = state.routes.get(originText);
        if (route == null) {
            route = new Route(originText, maxConnectionsPerHost, clock.nanoTime());
            if (state.routes.size() < 64) {
                Route raced = state.routes.putIfAbsent(originText, route);
                if (raced != null) {
                    route = raced;
                } else {
                    route.cached = true;
                }
            }
            // Past 64 origins a route lives for one call: its connection is closed after it, never pooled.
        }
        CallContext context = CallContext.current();
        long deadline;
        Duration timeout;
        boolean successHeaders;
        if (context.active) {
            deadline = context.deadlineNanos;
            timeout = context.callTimeout;
            successHeaders = context.successHeaders;
        } else {
            deadline = System.nanoTime() + callTimeout.toNanos();
            timeout = callTimeout;
            successHeaders = true;
        }
        Duration readTimeout = Duration.ofMillis(Math.max(1, options.readTimeoutMillis()));
        checkTarget(target);
        String head = head(request, target, route.hostHeader);
        byte[] body = request.body();

        if (deadline - System.nanoTime() <= 0) {
            throw Connection.notSent(
                    "request not sent to " + route.name(),
                    new SocketTimeoutException(
                            "call timeout of " + timeout.toMillis() + " ms reached before the request"));
        }
        acquire(route, deadline, timeout);
        try {
            return exchange(request, route, head, body, target, deadline, timeout, readTimeout, successHeaders);
        } finally {
            route.permits.release();
        }
    }

    private static void acquire(Route route, long deadline, Duration timeout) throws IOException {
        if (route.permits.tryAcquire()) {
            return;
        }
        try {
            long wait = deadline - System.nanoTime();
            if (wait > 0 && route.permits.tryAcquire(wait, TimeUnit.NANOSECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Connection.notSent(
                    "interrupted while waiting for a free connection to " + route.name(),
                    new InterruptedIOException("interrupted"));
        }
        throw Connection.notSent(
                "no free connection to " + route.name(),
                new SocketTimeoutException("call timeout of " + timeout.toMillis()
                        + " ms reached while waiting for one of " + "the connections in use (maxConnectionsPerHost)"));
    }

    private Response exchange(
            Request request,
            Route route,
            String head,
            byte[] body,
            String target,
            long deadline,
            Duration timeout,
            Duration readTimeout,
            boolean successHeaders)
            throws IOException {
        // The request is ready before a pooled connection is probed, so that as little time as possible passes
        // between the probe and the write: a server closing the connection in between is the one race left.
        byte[] wire = wire(false, null, route, head, body, target);
        Connection connection = reuse(route);
        if (connection != null) {
            connection.arm(deadline, timeout);
            try {
                connection.write(
                        connection.absoluteForm ? wire(connection, route, head, body, target) : wire, writeTimeout);
            } catch (IOException e) {
                // The server closed this idle connection before the whole request was written, so it cannot have acted
                // on it: the request goes out once more, on a new connection. A timeout or an interrupt ends the call.
                connection.close();
                state.open.remove(connection);
                if (e instanceof SocketTimeoutException || e instanceof InterruptedIOException) {
                    throw Connection.notSent("request not sent to " + route.name(), e);
                }
                connection = null;
            }
            if (connection != null) {
                return receive(request, route, connection, readTimeout, successHeaders, true);
            }
        }
        connection = connect(route, deadline, timeout);
        try {
            connection.write(
                    connection.absoluteForm ? wire(connection, route, head, body, target) : wire, writeTimeout);
        } catch (IOException e) {
            connection.close();
            state.open.remove(connection);
            throw Connection.notSent("request not sent to " + route.name(), e);
        } catch (RuntimeException e) {
            connection.close();
            state.open.remove(connection);
            throw e;
        }
        return receive(request, route, connection, readTimeout, successHeaders, false);
    }

    /**
     * Reads the answer, then pools or closes the connection.
     *
     * @param pooled whether the connection came from the pool
     */
    private Response receive(
            Request request,
            Route route,
            Connection connection,
            Duration readTimeout,
            boolean successHeaders,
            boolean pooled)
            throws IOException {
        boolean reusable = false;
        Watchdog.Guard guard = connection.guardRead();
        try {
            Http1.Response response;
            try {
                response = Http1.read(
                        connection,
                        request.httpMethod() == Request.HttpMethod.HEAD,
                        Bodies.MAX_SUCCESS_BODY,
                        Bodies.MAX_ERROR_BODY,
                        readTimeout);
            } catch (IOException e) {
                if (pooled && e instanceof java.io.EOFException && !connection.anyResponseByte()) {
                    route.distrust(clock.nanoTime()); // the close crossed this request: lost, or not, no one can tell
                }
                throw connection.expiredOr(e);
            }
            reusable = response.reusable && connection.drained();
            if (!response.reusable && response.status == 204 && LOG.isLoggable(System.Logger.Level.DEBUG)) {
                LOG.log(
                        System.Logger.Level.DEBUG,
                        "Closing the connection to " + route.name() + ": its 204 answer to " + request.httpMethod()
                                + " announced a body");
            }
            return Response.builder()
                    .status(response.status)
                    .reason(response.reason)
                    .headers(
                            response.status >= 200 && response.status < 300 && !successHeaders
                                    ? Map.of()
                                    : response.headers)
                    .body(response.body)
                    .request(request)
                    .build();
        } finally {
            if (guard != null && !guard.finish()) {
                reusable = false; // the watchdog fired as the answer completed: the connection is being closed
            }
            if (reusable && !state.closed && route.cached && route.trusted(clock.nanoTime())) {
                release(route, connection);
            } else {
                connection.close();
                state.open.remove(connection);
            }
        }
    }

    private static void checkTarget(String target) throws ProtocolException {
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c <= ' ' || c >= 0x7F) {
                throw new ProtocolException("illegal character in the request target");
            }
        }
    }

    /**
     * The headers after the request line, rendered once per call. Header values are checked for control
     * characters; everything in the head is ASCII (paths are percent-encoded).
     */
    private String head(Request request, String target, String hostHeader) throws ProtocolException {
        StringBuilder sb = new StringBuilder(256);
        sb.append(request.httpMethod().name())
                .append(' ')
                .append(target)
                .append(" HTTP/1.1\r\nHost: ")
                .append(hostHeader)
                .append("\r\n")
                .append(fixedHeaders);
        for (Map.Entry<String, Collection<String>> header : request.headers().entrySet()) {
            String name = header.getKey();
            if (OWN_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                continue;
            }
            for (String value : header.getValue()) {
                checkHeader(name, value);
                sb.append(name).append(": ").append(value).append("\r\n");
            }
        }
        byte[] body = request.body();
        if (body != null && body.length > 0) {
            sb.append("Content-Length: ").append(body.length).append("\r\n");
        } else if (request.httpMethod() == Request.HttpMethod.POST
                || request.httpMethod() == Request.HttpMethod.PUT
                || request.httpMethod() == Request.HttpMethod.PATCH) {
            sb.append("Content-Length: 0\r\n");
        }
        return sb.toString();
    }

    /**
     * The whole request in one buffer, so that it goes out in one write: in absolute form through an HTTP proxy
     * to a plain-HTTP origin.
     */
    private static byte[] wire(Connection connection, Route route, String head, byte[] body, String target)
            throws ProtocolException {
        return wire(connection.absoluteForm, connection.proxyAuthorization, route, head, body, target);
    }

    private static byte[] wire(
            boolean absoluteForm, String proxyAuthorization, Route route, String head, byte[] body, String target)
            throws ProtocolException {
        String text = head;
        if (absoluteForm) {
            int space = head.indexOf(' ');
            int lineEnd = head.indexOf("\r\n");
            text = head.substring(0, space + 1)
                    + route.originText
                    + target
                    + head.substring(space + 1 + target.length(), lineEnd + 2)
                    + (proxyAuthorization != null ? "Proxy-Authorization: " + proxyAuthorization + "\r\n" : "")
                    + head.substring(lineEnd + 2);
        }
        int headLength = text.length();
        byte[] wire = new byte[headLength + 2 + (body == null ? 0 : body.length)];
        for (int i = 0; i < headLength; i++) {
            char c = text.charAt(i);
            if (c > 0x7F) {
                throw new ProtocolException("non-ASCII character in the request head");
            }
            wire[i] = (byte) c;
        }
        wire[headLength] = '\r';
        wire[headLength + 1] = '\n';
        if (body != null) {
            System.arraycopy(body, 0, wire, headLength + 2, body.length);
        }
        return wire;
    }

    private static void checkHeader(String name, String value) throws ProtocolException {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= ' ' || c >= 0x7F || c == ':') {
                throw new ProtocolException("illegal character in header name " + name);
            }
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < ' ' && c != '\t') || c == 0x7F) {
                // Never print the value: it may be a key.
                throw new ProtocolException("illegal control character in the value of header " + name);
            }
        }
    }

    private Connection reuse(Route route) {
        Deque<Connection> connections = route.idle;
        long now = clock.nanoTime();
        // First the connection this thread released last, if it is idle: a thread then keeps talking to the same
        // server-side connection, as a connection-per-thread client would. Handing threads whichever connection is
        // hottest made every call wake a different server thread: 16 threads on 2 cores against a loopback server saw
        // about one CPU migration every two calls (perf stat), and one in 500 with this preference. HikariCP's
        // ConcurrentBag prefers a thread's own connections for the same reason. At most MAX_IDLE_PER_ROUTE nodes are
        // looked at.
        long me = Thread.currentThread().getId();
        Connection connection = null;
        for (Connection c : connections) {
            if (c.lastUser == me) {
                if (connections.removeFirstOccurrence(c)) {
                    connection = c; // else another thread took it a moment ago
                }
                break;
            }
        }
        while (connection != null || (connection = connections.pollFirst()) != null) {
            long idleNanos = now - connection.idleSince;
            if (idleNanos > MAX_IDLE.toNanos()) {
                connection.close();
                state.open.remove(connection);
                connection = null;
                continue;
            }
            if (!connection.probe()) {
                if (idleNanos < CLOSED_SOON_NANOS) {
                    route.distrust(now); // closed, or sent bytes nobody asked for, right after an answer
                }
                connection.close();
                state.open.remove(connection);
                connection = null;
                continue;
            }
            return connection;
        }
        return null;
    }

    private void release(Route route, Connection connection) {
        connection.idleSince = clock.nanoTime();
        connection.lastUser = Thread.currentThread().getId();
        Deque<Connection> connections = route.idle;
        connections.addFirst(connection);
        // Drop what is too old, and what is beyond the cap, from the cold end.
        long now = connection.idleSince;
        int kept = 0;
        int cap = Math.min(MAX_IDLE_PER_ROUTE, maxConnectionsPerHost);
        for (Iterator<Connection> it = connections.iterator(); it.hasNext(); ) {
            Connection c = it.next();
            if (++kept > cap || now - c.idleSince > MAX_IDLE.toNanos()) {
                if (connections.remove(c)) {
                    c.close();
                    state.open.remove(c);
                }
            }
        }
        if (state.closed && connections.remove(connection)) {
            connection.close(); // closed while this call was under way
            state.open.remove(connection);
        }
    }

    /** Opens a connection to the route, through the proxies the settings or the JVM's selector name, in order. */
    private Connection connect(Route route, long deadline, Duration timeout) throws IOException {
        List<Proxy> proxies;
        ProxySelector selector = null;
        if (proxy != null) {
            proxies = List.of(proxy);
        } else {
            selector = ProxySelector.getDefault();
            proxies = selector == null ? List.of(Proxy.NO_PROXY) : selector.select(route.uri);
            if (proxies == null || proxies.isEmpty()) {
                proxies = List.of(Proxy.NO_PROXY);
            }
        }
        IOException last = null;
        for (Proxy p : proxies) {
            try {
                Connection connection = connect(route, p, deadline, timeout);
                state.open.add(connection);
                if (state.closed) {
                    connection.close();
                    state.open.remove(connection);
                    throw new IllegalStateException("this client is closed");
                }
                return connection;
            } catch (IOException e) {
                if (last != null) {
                    e.addSuppressed(last);
                }
                last = e;
                if (selector != null && p.type() != Proxy.Type.DIRECT && p.address() != null) {
                    try {
                        selector.connectFailed(route.uri, p.address(), e);
                    } catch (RuntimeException ignored) {
                        // a selector's bookkeeping must not hide the failure
                    }
                }
                if (Thread.currentThread().isInterrupted() || deadline - System.nanoTime() <= 0) {
                    break;
                }
            }
        }
        throw last;
    }

    private Connection connect(Route route, Proxy p, long deadline, Duration timeout) throws IOException {
        if (p.type() == Proxy.Type.DIRECT) {
            Connection connection = tcp(route.host, route.port, route.name(), deadline, timeout);
            try {
                if (route.tls) {
                    connection.startTls(tlsFactory(), route.host, route.port, connectTimeout);
                }
            } catch (IOException | RuntimeException e) {
                connection.close();
                throw Connection.notSent("TLS handshake with " + route.name() + " failed", e);
            }
            return connection;
        }
        SocketAddress address = p.address();
        if (!(address instanceof InetSocketAddress)) {
            throw new ConnectException("unsupported proxy address " + address);
        }
        InetSocketAddress proxyAddress = (InetSocketAddress) address;
        String proxyName = proxyAddress.getHostString() + ":" + proxyAddress.getPort();
        Connection connection = tcp(
                proxyAddress.getHostString(),
                proxyAddress.getPort(),
                "the " + (p.type() == Proxy.Type.SOCKS ? "SOCKS " : "") + "proxy " + proxyName,
                deadline,
                timeout);
        try {
            if (p.type() == Proxy.Type.SOCKS) {
                Tunnels.socks5(connection, proxyName, route.host, route.port, socksCredentials(), connectTimeout);
            } else if (route.tls) {
                Tunnels.connect(connection, proxyName, route.host, route.port, proxyCredentials, connectTimeout);
            } else {
                connection.absoluteForm = true;
                connection.proxyAuthorization = proxyCredentials == null ? null : proxyCredentials.basic();
            }
            if (route.tls) {
                try {
                    connection.startTls(tlsFactory(), route.host, route.port, connectTimeout);
                } catch (IOException e) {
                    throw Connection.notSent(
                            "TLS handshake with " + route.name() + " through the proxy " + proxyName + " failed", e);
                }
            }
            return connection;
        } catch (IOException e) {
            connection.close();
            throw Connection.notSent("connecting through the proxy " + proxyName + " failed", e);
        } catch (RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /** SOCKS credentials: the configured ones, else the JVM's {@code java.net.socks.username} and password. */
    private Tunnels.Credentials socksCredentials() {
        if (proxyCredentials != null) {
            return proxyCredentials;
        }
        String user = System.getProperty("java.net.socks.username");
        return user == null ? null : new Tunnels.Credentials(user, System.getProperty("java.net.socks.password", ""));
    }

    private SSLSocketFactory tlsFactory() {
        return sslSocketFactory != null ? sslSocketFactory : (SSLSocketFactory) SSLSocketFactory.getDefault();
    }

    /** A TCP connection to the first address of {@code host} that answers. */
    private Connection tcp(String host, int port, String name, long deadline, Duration timeout) throws IOException {
        InetAddress[] addresses = InetAddress.getAllByName(host); // UnknownHostException: nothing was sent
        IOException last = null;
        for (InetAddress address : addresses) {
            try {
                return Connection.open(address, port, name, connectTimeout, deadline, timeout);
            } catch (IOException e) {
                if (last != null) {
                    e.addSuppressed(last);
                }
                last = e;
                if (Thread.currentThread().isInterrupted() || deadline - System.nanoTime() <= 0) {
                    break;
                }
            }
        }
        throw last;
    }

    @Override
    public String toString() {
        return "Http11Client(connectTimeout=" + connectTimeout.toMillis() + "ms"
                + (proxy != null ? ", proxy=" + proxy.type() : "") + ")";
    }
}
