package io.github.conversations4j.internal;

import feign.Client;
import feign.Request;
import feign.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The SDK's default transport: Feign's {@link Client} on the JDK's own {@link HttpClient} (no dependency).
 *
 * <p>Chosen over Feign's {@code HttpURLConnection} client because that one drops the body of a 401 answer to a
 * request with a body (so Brevo's {@code unauthorized} code would be lost), may silently repeat requests, and
 * cannot bound what it reads. Here:
 * <ul>
 *   <li>redirects are never followed, so the {@code api-key} header never goes to another host;</li>
 *   <li>a response body is read only up to a bound ({@link Bodies#MAX_SUCCESS_BODY} for 2xx,
 *       {@link Bodies#MAX_ERROR_BODY} otherwise, one byte more to tell that it went on); the rest is never
 *       read and the connection is dropped;</li>
 *   <li>the read timeout bounds the wait for the response headers once the request is sent, and again the wait
 *       for the body;</li>
 *   <li>a connect failure surfaces as {@link java.net.ConnectException} or
 *       {@link java.net.http.HttpConnectTimeoutException}, so callers can tell that nothing was sent.</li>
 * </ul>
 */
public final class JdkHttpClient implements Client {
  /** Headers the JDK sets itself and refuses from callers. */
  private static final Set<String> RESTRICTED =
      Set.of("connection", "content-length", "expect", "host", "upgrade");

  private final HttpClient http;
  private final Duration connectTimeout;

  /**
   * Creates the transport.
   *
   * @param connectTimeout how long to wait for a connection
   */
  public JdkHttpClient(Duration connectTimeout) {
    this.connectTimeout = connectTimeout;
    this.http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(connectTimeout)
        .build();
  }

  @Override
  public Response execute(Request request, Request.Options options) throws IOException {
    Duration readTimeout = Duration.ofMillis(options.readTimeoutMillis());
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(request.url())).timeout(readTimeout);
    byte[] body = request.body();
    builder.method(request.httpMethod().name(), body == null || body.length == 0
        ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofByteArray(body));
    for (Map.Entry<String, Collection<String>> header : request.headers().entrySet()) {
      if (!RESTRICTED.contains(header.getKey().toLowerCase(Locale.ROOT))) {
        for (String value : header.getValue()) {
          builder.header(header.getKey(), value);
        }
      }
    }
    CompletableFuture<HttpResponse<byte[]>> future = http.sendAsync(builder.build(), info ->
        new BoundedSubscriber(info.statusCode() >= 200 && info.statusCode() < 300
            ? Bodies.MAX_SUCCESS_BODY + 1
            : Bodies.MAX_ERROR_BODY + 1));
    HttpResponse<byte[]> response;
    try {
      // The request timeout covers connect and headers; this bound also catches a body that stalls.
      response = future.get(connectTimeout.plus(readTimeout).plus(readTimeout).toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for " + request.httpMethod() + " response");
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new HttpTimeoutException("Read timed out (response body not received within " + readTimeout + ")");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException) {
        throw (IOException) cause;
      }
      throw new IOException(cause == null ? "request failed" : cause.toString(), cause);
    }
    Map<String, Collection<String>> headers = new LinkedHashMap<>();
    response.headers().map().forEach((name, values) -> {
      if (!name.startsWith(":")) {
        headers.put(name, values);
      }
    });
    return Response.builder()
        .status(response.statusCode())
        .headers(headers)
        .body(response.body())
        .request(request)
        .build();
  }

  @Override
  public String toString() {
    return "JdkHttpClient(connectTimeout=" + connectTimeout + ")";
  }

  /** Collects a body up to a number of bytes, then cancels the rest. */
  private static final class BoundedSubscriber implements HttpResponse.BodySubscriber<byte[]> {
    private final int max;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    private Flow.Subscription subscription;

    BoundedSubscriber(int max) {
      this.max = max;
    }

    @Override
    public CompletableFuture<byte[]> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      this.subscription = subscription;
      subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
      if (out == null) {
        return; // already complete: the rest of the body is dropped
      }
      for (ByteBuffer buffer : buffers) {
        int take = Math.min(buffer.remaining(), max - out.size());
        if (buffer.hasArray()) {
          out.write(buffer.array(), buffer.arrayOffset() + buffer.position(), take);
        } else {
          byte[] chunk = new byte[take];
          buffer.get(chunk);
          out.write(chunk, 0, take);
        }
        if (out.size() >= max) {
          byte[] bytes = out.toByteArray();
          out = null;
          subscription.cancel();
          result.complete(bytes);
          return;
        }
      }
    }

    @Override
    public void onError(Throwable throwable) {
      out = null;
      result.completeExceptionally(throwable);
    }

    @Override
    public void onComplete() {
      if (out != null) {
        byte[] bytes = out.toByteArray();
        out = null;
        result.complete(bytes);
      }
    }
  }
}
