package io.github.conversations4j.internal;

import feign.Client;
import feign.Request;
import feign.Response;
import io.github.conversations4j.model.ApiResponse;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.ref.Cleaner;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * The SDK's default transport: a small HTTP/1.1 client on kept-alive sockets, with nothing between the SDK and
 * the socket that could act on its own.
 *
 * <ul>
 *   <li>It never retries: one {@link #execute} is one request on the wire, so the SDK's attempt counts are
 *       exact and a send is never repeated behind its back (the JDK's {@code HttpURLConnection} and
 *       {@code HttpClient} both repeat some requests silently).</li>
 *   <li>It never follows redirects, so the {@code api-key} header never goes to another host.</li>
 *   <li>It reads at most {@link Bodies#MAX_SUCCESS_BODY} of a 2xx body and {@link Bodies#MAX_ERROR_BODY} of any
 *       other (one byte more, to tell that the body went on); the rest is never read and the connection is
 *       closed.</li>
 *   <li>The read timeout is the socket's: the longest wait for the next bytes of the response.</li>
 *   <li>Failures before the request is written (refused, unknown host, connect timeout, TLS handshake) surface
 *       as {@link ConnectException} or the JDK's connect-timeout exception, so the SDK can tell that nothing was
 *       sent.</li>
 *   <li>TLS uses the JDK's default trust store (or the given factory), SNI and host name verification.</li>
 * </ul>
 *
 * <p>Thread-safe. Idle connections are kept per host for {@link #MAX_IDLE}, at most {@link #MAX_IDLE_PER_ROUTE}
 * per host, and one idle for more than a second is checked for a close by the server (a read that waits at most
 * 1 ms) before it is reused. No
 * proxy support: behind a proxy, plug a Feign client that has it ({@code BrevoConversations.Builder#client}).
 */
public final class Http11Client implements Client {
  /** How long an idle connection is kept. Shorter than the usual 60 s of servers and load balancers. */
  static final Duration MAX_IDLE = Duration.ofSeconds(30);
  /** How many idle connections are kept per host. */
  static final int MAX_IDLE_PER_ROUTE = 32;
  private static final int MAX_HEADER_BYTES = 64 * 1024;
  private static final int MAX_CHUNK_LINE_BYTES = 8 * 1024;
  /**
   * A connection idle for longer than this is checked for a close by the server before reuse. Servers close idle
   * connections after seconds (5 s at the least common default); the check waits up to 1 ms, so calls in quick
   * succession skip it.
   */
  private static final long CHECK_AFTER_IDLE_NANOS = 1_000_000_000L;
  /** Headers the client writes itself. */
  private static final Set<String> OWN_HEADERS =
      Set.of("host", "content-length", "connection", "transfer-encoding", "expect", "upgrade");

  private final int connectTimeoutMillis;
  private final SSLSocketFactory sslSocketFactory;
  private final String fixedHeaders;
  private final Map<String, Deque<Connection>> idle = new ConcurrentHashMap<>();

  /** Closes the idle connections of clients nobody holds any more, so their sockets do not outlive them. */
  private static final Cleaner CLEANER = Cleaner.create();

  /**
   * Creates the transport.
   *
   * @param connectTimeout how long to wait for a TCP connection, and again for a TLS handshake
   * @param sslSocketFactory the TLS socket factory, or {@code null} for the JDK default
   * @param fixedHeaders headers written on every request (the keys and the {@code User-Agent}), rendered once
   *     here rather than templated by Feign on every call
   */
  public Http11Client(Duration connectTimeout, SSLSocketFactory sslSocketFactory, Map<String, String> fixedHeaders) {
    this.connectTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis());
    this.sslSocketFactory = sslSocketFactory;
    StringBuilder sb = new StringBuilder();
    fixedHeaders.forEach((name, value) -> sb.append(name).append(": ").append(value).append("\r\n"));
    this.fixedHeaders = sb.toString();
    Map<String, Deque<Connection>> pool = idle;
    CLEANER.register(this, () -> closeAll(pool));
  }

  /** Closes every idle connection (in use ones are closed or returned by their callers). */
  private static void closeAll(Map<String, Deque<Connection>> pool) {
    for (Deque<Connection> connections : pool.values()) {
      Connection connection;
      while ((connection = connections.pollFirst()) != null) {
        connection.close();
      }
    }
  }

  /** Where requests go: parsed once per origin ({@code scheme://host:port}) and cached. */
  private static final class Origin {
    final boolean tls;
    final String host;
    final int port;
    final String key;
    final String hostHeader;

    Origin(String origin) throws ProtocolException {
      URI uri;
      try {
        uri = URI.create(origin);
      } catch (IllegalArgumentException e) {
        throw new ProtocolException("not a URL: " + e.getMessage());
      }
      this.tls = "https".equalsIgnoreCase(uri.getScheme());
      if (uri.getHost() == null || (!tls && !"http".equalsIgnoreCase(uri.getScheme()))) {
        throw new ProtocolException("not an http(s) URL: " + uri.getScheme() + "://" + uri.getHost());
      }
      this.host = uri.getHost();
      this.port = uri.getPort() >= 0 ? uri.getPort() : tls ? 443 : 80;
      this.key = (tls ? "https://" : "http://") + host.toLowerCase(Locale.ROOT) + ":" + port;
      this.hostHeader = (host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host)
          + (port != (tls ? 443 : 80) ? ":" + port : "");
    }
  }

  private final Map<String, Origin> origins = new ConcurrentHashMap<>();

  @Override
  public Response execute(Request request, Request.Options options) throws IOException {
    String url = request.url();
    int schemeEnd = url.indexOf("://");
    int pathStart = schemeEnd < 0 ? -1 : url.indexOf('/', schemeEnd + 3);
    String originText = pathStart < 0 ? url : url.substring(0, pathStart);
    String target = pathStart < 0 ? "/" : url.substring(pathStart);
    int fragment = target.indexOf('#');
    if (fragment >= 0) {
      target = target.substring(0, fragment);
    }
    Origin origin = origins.get(originText);
    if (origin == null) {
      origin = new Origin(originText);
      if (origins.size() < 64) {
        origins.put(originText, origin);
      }
    }
    boolean tls = origin.tls;
    String host = origin.host;
    int port = origin.port;
    String route = origin.key;
    byte[] wire = wire(request, target, origin.hostHeader, fixedHeaders);

    int readTimeout = Math.max(1, options.readTimeoutMillis());
    Connection connection = reuse(route);
    if (connection != null) {
      try {
        connection.socket.setSoTimeout(readTimeout);
        connection.out.write(wire);
        connection.out.flush();
      } catch (IOException e) {
        // The server closed this idle connection before the request could be written, so it cannot have read
        // it: the request goes out once, on a new connection.
        connection.close();
        connection = null;
      }
    }
    if (connection == null) {
      connection = connect(host, port, tls);
      try {
        connection.socket.setSoTimeout(readTimeout);
        connection.out.write(wire);
        connection.out.flush();
      } catch (IOException | RuntimeException e) {
        connection.close();
        throw e;
      }
    }
    boolean reusable = false;
    try {
      Exchange exchange = readResponse(connection.in, request.httpMethod() == Request.HttpMethod.HEAD);
      reusable = exchange.reusable;
      return Response.builder()
          .status(exchange.status)
          .reason(exchange.reason)
          .headers(exchange.status >= 200 && exchange.status < 300 && !headersRead(request)
              ? Map.of() : exchange.headers)
          .body(exchange.body)
          .request(request)
          .build();
    } finally {
      if (reusable) {
        release(route, connection);
      } else {
        connection.close();
      }
    }
  }

  /**
   * Whether anything will read the headers of a success response to this request: the {@code *WithHttpInfo}
   * variants (they return them in an {@code ApiResponse}) and the {@code TRACE} log. Every other success hands
   * Feign no headers, which spares it a case-insensitive copy of each on every call. Error responses always keep
   * theirs.
   */
  private static boolean headersRead(Request request) {
    if (TRACE.isLoggable(System.Logger.Level.TRACE)) {
      return true;
    }
    feign.RequestTemplate template = request.requestTemplate();
    feign.MethodMetadata metadata = template == null ? null : template.methodMetadata();
    if (metadata == null) {
      return true; // used outside the SDK's own interfaces: keep everything
    }
    java.lang.reflect.Type type = metadata.returnType();
    if (type == void.class) {
      return false;
    }
    // A plain model is decoded from the body alone; ApiResponse<T> and anything else keep the headers.
    return !(type instanceof Class
        && ((Class<?>) type).getPackageName().equals(ApiResponse.class.getPackageName())
        && type != ApiResponse.class);
  }

  private static final System.Logger TRACE = System.getLogger("io.github.conversations4j");

  /**
   * The request line, the headers and the body in one buffer, so that a request goes out in one write. Header
   * values are checked for control characters; everything in the head is ASCII (paths are percent-encoded).
   */
  private static byte[] wire(Request request, String target, String hostHeader, String fixedHeaders)
      throws IOException {
    StringBuilder sb = new StringBuilder(256);
    for (int i = 0; i < target.length(); i++) {
      char c = target.charAt(i);
      if (c <= ' ' || c >= 0x7F) {
        throw new ProtocolException("illegal character in the request target");
      }
    }
    sb.append(request.httpMethod().name()).append(' ').append(target)
        .append(" HTTP/1.1\r\nHost: ").append(hostHeader).append("\r\n").append(fixedHeaders);
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
    } else if (request.httpMethod() == Request.HttpMethod.POST || request.httpMethod() == Request.HttpMethod.PUT
        || request.httpMethod() == Request.HttpMethod.PATCH) {
      sb.append("Content-Length: 0\r\n");
    }
    sb.append("\r\n");
    int headLength = sb.length();
    byte[] wire = new byte[headLength + (body == null ? 0 : body.length)];
    for (int i = 0; i < headLength; i++) {
      char c = sb.charAt(i);
      if (c > 0x7F) {
        throw new ProtocolException("non-ASCII character in the request head");
      }
      wire[i] = (byte) c;
    }
    if (body != null) {
      System.arraycopy(body, 0, wire, headLength, body.length);
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

  private Connection reuse(String route) {
    Deque<Connection> connections = idle.get(route);
    if (connections == null) {
      return null;
    }
    long now = System.nanoTime();
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
      if (idleNanos > MAX_IDLE.toNanos()
          || (idleNanos > CHECK_AFTER_IDLE_NANOS && !connection.stillOpen())) {
        connection.close();
        connection = null;
        continue;
      }
      return connection;
    }
    return null;
  }

  private void release(String route, Connection connection) {
    connection.idleSince = System.nanoTime();
    connection.lastUser = Thread.currentThread().getId();
    Deque<Connection> connections = idle.computeIfAbsent(route, r -> new ConcurrentLinkedDeque<>());
    connections.addFirst(connection);
    // Drop what is too old, and what is beyond the cap, from the cold end.
    long now = connection.idleSince;
    int kept = 0;
    for (Iterator<Connection> it = connections.iterator(); it.hasNext(); ) {
      Connection c = it.next();
      if (++kept > MAX_IDLE_PER_ROUTE || now - c.idleSince > MAX_IDLE.toNanos()) {
        if (connections.remove(c)) {
          c.close();
        }
      }
    }
  }

  private Connection connect(String host, int port, boolean tls) throws IOException {
    InetAddress[] addresses = InetAddress.getAllByName(host);
    IOException last = null;
    for (InetAddress address : addresses) {
      try {
        return connect(address, host, port, tls);
      } catch (IOException e) {
        if (last != null) {
          e.addSuppressed(last);
        }
        last = e;
      }
    }
    throw last;
  }

  /**
   * Opens one connection. Every failure here happens before a byte of the request is written, and is reported
   * so: a {@link ConnectException}, or a {@link ConnectTimeoutException} for a timeout.
   */
  private Connection connect(InetAddress address, String host, int port, boolean tls) throws IOException {
    // A plain socket, not a channel's adaptor: the adaptor switches the descriptor between blocking and
    // non-blocking around every timed read, two system calls more per read.
    Socket socket = new Socket();
    try {
      socket.setTcpNoDelay(true);
      socket.setKeepAlive(true);
      socket.connect(new InetSocketAddress(address, port), connectTimeoutMillis);
      if (!tls) {
        return new Connection(socket);
      }
      SSLSocketFactory factory = sslSocketFactory != null
          ? sslSocketFactory : (SSLSocketFactory) SSLSocketFactory.getDefault();
      SSLSocket ssl = (SSLSocket) factory.createSocket(socket, host, port, true);
      SSLParameters parameters = ssl.getSSLParameters();
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
      ssl.setSSLParameters(parameters);
      ssl.setSoTimeout(connectTimeoutMillis);
      try {
        ssl.startHandshake();
      } catch (IOException e) {
        ssl.close();
        throw notSent("TLS handshake with " + host + ":" + port + " failed", e);
      }
      return new Connection(ssl);
    } catch (IOException | RuntimeException e) {
      socket.close();
      if (e instanceof ConnectException || e instanceof ConnectTimeoutException) {
        throw e;
      }
      if (e instanceof IOException) {
        throw notSent("connecting to " + host + ":" + port + " failed", (IOException) e);
      }
      throw notSent("connecting to " + host + ":" + port + " failed", new IOException(e));
    }
  }

  private static IOException notSent(String what, IOException cause) {
    IOException e = cause instanceof SocketTimeoutException
        ? new ConnectTimeoutException(what + ": " + cause.getMessage())
        : new ConnectException(what + ": " + cause.getMessage());
    e.initCause(cause);
    return e;
  }

  /** A connect or TLS handshake timeout: nothing of the request was written. */
  public static final class ConnectTimeoutException extends SocketTimeoutException {
    private static final long serialVersionUID = 1L;

    ConnectTimeoutException(String message) {
      super(message);
    }
  }

  /** A parsed response. */
  private static final class Exchange {
    int status;
    String reason;
    /** As received; Feign makes its own case-insensitive copy. */
    final Map<String, Collection<String>> headers = new LinkedHashMap<>();
    final List<String> connection = new ArrayList<>(1);
    final List<String> transferEncoding = new ArrayList<>(1);
    final List<String> contentLength = new ArrayList<>(1);
    byte[] body;
    boolean reusable;
  }

  private static Exchange readResponse(SocketInput in, boolean head) throws IOException {
    Exchange exchange = new Exchange();
    int[] headerBytes = {0};
    do {
      exchange.headers.clear();
      exchange.connection.clear();
      exchange.transferEncoding.clear();
      exchange.contentLength.clear();
      String statusLine = readLine(in, headerBytes);
      if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) {
        throw new ProtocolException("not an HTTP/1.x status line: "
            + statusLine.substring(0, Math.min(40, statusLine.length())));
      }
      exchange.status = parseStatus(statusLine);
      exchange.reason = statusLine.length() > 13 ? statusLine.substring(13) : "";
      boolean http10 = statusLine.startsWith("HTTP/1.0");
      String line;
      String last = null;
      while (!(line = readLine(in, headerBytes)).isEmpty()) {
        if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && last != null) {
          List<String> values = (List<String>) exchange.headers.get(last);
          values.set(values.size() - 1, values.get(values.size() - 1) + " " + line.trim());
          continue;
        }
        int colon = line.indexOf(':');
        if (colon <= 0) {
          throw new ProtocolException("malformed response header line");
        }
        last = line.substring(0, colon).trim();
        String value = line.substring(colon + 1).trim();
        exchange.headers.computeIfAbsent(last, k -> new ArrayList<>(1)).add(value);
        if (last.equalsIgnoreCase("Content-Length")) {
          exchange.contentLength.add(value);
        } else if (last.equalsIgnoreCase("Transfer-Encoding")) {
          exchange.transferEncoding.add(value);
        } else if (last.equalsIgnoreCase("Connection")) {
          exchange.connection.add(value);
        }
      }
      exchange.reusable = !http10 && !hasToken(exchange.connection, "close");
      if (http10 && hasToken(exchange.connection, "keep-alive")) {
        exchange.reusable = true;
      }
    } while (exchange.status >= 100 && exchange.status < 200 && exchange.status != 101);

    int max = (exchange.status >= 200 && exchange.status < 300 ? Bodies.MAX_SUCCESS_BODY : Bodies.MAX_ERROR_BODY) + 1;
    if (head || exchange.status == 204 || exchange.status == 304) {
      exchange.body = null;
      return exchange;
    }
    if (hasToken(exchange.transferEncoding, "chunked")) {
      readChunked(in, exchange, max);
      if (!exchange.contentLength.isEmpty()) {
        exchange.reusable = false; // both framings: read as chunked, but never trust the connection again
      }
    } else if (!exchange.contentLength.isEmpty()) {
      long length = parseLength(exchange.contentLength);
      if (length > max) {
        exchange.body = readFully(in, max);
        exchange.reusable = false;
      } else {
        exchange.body = readFully(in, (int) length);
      }
    } else {
      // No length: the body runs until the server closes the connection.
      exchange.reusable = false;
      ByteArrayOutputStream out = new ByteArrayOutputStream(512);
      byte[] buffer = new byte[8192];
      int n;
      while (out.size() < max && (n = in.read(buffer, 0, Math.min(buffer.length, max - out.size()))) >= 0) {
        out.write(buffer, 0, n);
      }
      exchange.body = out.toByteArray();
    }
    return exchange;
  }

  private static void readChunked(SocketInput in, Exchange exchange, int max) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    int[] trailerBytes = {0};
    while (true) {
      // Each chunk-size line has its own bound: a body in many small chunks is not a large head.
      String sizeLine = in.readLine(new int[] {0}, MAX_CHUNK_LINE_BYTES);
      int semicolon = sizeLine.indexOf(';');
      String hex = (semicolon >= 0 ? sizeLine.substring(0, semicolon) : sizeLine).trim();
      long size;
      try {
        size = Long.parseLong(hex, 16);
      } catch (NumberFormatException e) {
        throw new ProtocolException("malformed chunk size");
      }
      if (size < 0) {
        throw new ProtocolException("malformed chunk size");
      }
      if (size == 0) {
        while (!readLine(in, trailerBytes).isEmpty()) {
          // trailers: ignored, bounded together like a head
        }
        break;
      }
      long room = max - out.size();
      if (size > room) {
        out.write(readFully(in, (int) room));
        exchange.reusable = false;
        break;
      }
      out.write(readFully(in, (int) size));
      if (!in.readLine(new int[] {0}, MAX_CHUNK_LINE_BYTES).isEmpty()) {
        throw new ProtocolException("malformed chunk: no CRLF after the data");
      }
    }
    exchange.body = out.toByteArray();
  }

  private static byte[] readFully(InputStream in, int length) throws IOException {
    byte[] bytes = new byte[length];
    int read = 0;
    while (read < length) {
      int n = in.read(bytes, read, length - read);
      if (n < 0) {
        throw new EOFException("response body ended after " + read + " of " + length + " bytes");
      }
      read += n;
    }
    return bytes;
  }

  /** Reads a CRLF- (or LF-) terminated ISO-8859-1 line, counting bytes against the header bound. */
  private static String readLine(SocketInput in, int[] count) throws IOException {
    return in.readLine(count, MAX_HEADER_BYTES);
  }

  private static int parseStatus(String statusLine) throws ProtocolException {
    try {
      int status = Integer.parseInt(statusLine.substring(9, 12));
      if (status < 100 || status > 999) {
        throw new ProtocolException("bad status code");
      }
      return status;
    } catch (NumberFormatException e) {
      throw new ProtocolException("bad status code in status line");
    }
  }

  private static long parseLength(Collection<String> values) throws ProtocolException {
    long length = -1;
    for (String value : values) {
      try {
        long parsed = Long.parseLong(value.trim());
        if (parsed < 0 || (length >= 0 && parsed != length)) {
          throw new ProtocolException("conflicting or negative Content-Length");
        }
        length = parsed;
      } catch (NumberFormatException e) {
        throw new ProtocolException("malformed Content-Length");
      }
    }
    return length;
  }

  private static boolean hasToken(Collection<String> values, String token) {
    if (values == null) {
      return false;
    }
    for (String value : values) {
      for (String part : value.split(",")) {
        if (part.trim().equalsIgnoreCase(token)) {
          return true;
        }
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return "Http11Client(connectTimeout=" + connectTimeoutMillis + "ms)";
  }

  /**
   * A buffered input stream without the per-call locking of {@link java.io.BufferedInputStream}, that reads
   * header lines straight out of its buffer. A connection is used by one thread at a time.
   */
  static final class SocketInput extends InputStream {
    private final InputStream in;
    private final byte[] buffer;
    private int pos;
    private int limit;

    SocketInput(InputStream in, int size) {
      this.in = in;
      this.buffer = new byte[size];
    }

    private boolean fill() throws IOException {
      int n = in.read(buffer, 0, buffer.length);
      if (n <= 0) {
        return false;
      }
      pos = 0;
      limit = n;
      return true;
    }

    @Override
    public int read() throws IOException {
      if (pos == limit && !fill()) {
        return -1;
      }
      return buffer[pos++] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      if (pos == limit) {
        if (len >= buffer.length) {
          return in.read(b, off, len); // large reads skip the buffer
        }
        if (!fill()) {
          return -1;
        }
      }
      int n = Math.min(len, limit - pos);
      System.arraycopy(buffer, pos, b, off, n);
      pos += n;
      return n;
    }

    @Override
    public int available() throws IOException {
      return (limit - pos) + in.available();
    }

    /** Bytes read from the socket and not consumed yet. */
    int buffered() {
      return limit - pos;
    }

    String readLine(int[] count, int max) throws IOException {
      StringBuilder spill = null;
      while (true) {
        if (pos == limit && !fill()) {
          throw new EOFException(spill == null && count[0] == 0
              ? "connection closed before any response byte" : "connection closed in the middle of the response");
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
          String tail = new String(buffer, start, end - start, StandardCharsets.ISO_8859_1);
          String line = spill == null ? tail : spill.append(tail).toString();
          return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
        }
        if (spill == null) {
          spill = new StringBuilder(128);
        }
        spill.append(new String(buffer, start, pos - start, StandardCharsets.ISO_8859_1));
      }
    }
  }

  /** One socket with its buffered streams. */
  private static final class Connection {
    final Socket socket;
    final SocketInput in;
    final OutputStream out;
    // Both written before the connection is put in the idle deque, which publishes them to other threads.
    long idleSince;
    /**
     * The id of the thread that released it last; -1 before. An id, not the thread: an idle connection must not
     * keep an ended thread, and its thread-locals, from being collected. Should the JVM ever reuse the id of an
     * ended thread, the new thread is merely offered this connection first.
     */
    long lastUser = -1;

    Connection(Socket socket) throws IOException {
      this.socket = socket;
      this.in = new SocketInput(socket.getInputStream(), 8192);
      this.out = socket.getOutputStream();
    }

    /**
     * Whether the server has not closed the connection while it was idle: a read that waits at most 1 ms and
     * finds nothing. Anything found (an end of stream, a TLS close_notify, stray bytes) means the connection is
     * not to be trusted; it is then closed, so consuming it does no harm.
     */
    boolean stillOpen() {
      if (in.buffered() > 0) {
        return false;
      }
      try {
        socket.setSoTimeout(1);
        in.read(); // an end of stream, or a byte nobody asked for: either way, not to be trusted
        return false;
      } catch (SocketTimeoutException e) {
        return true;
      } catch (IOException | RuntimeException e) {
        return false;
      }
    }

    void close() {
      try {
        socket.close();
      } catch (IOException e) {
        // nothing to do
      }
    }
  }
}
