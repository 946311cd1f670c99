package io.github.conversations4j.internal;

import feign.Client;
import feign.Feign;
import feign.Request;
import feign.Retryer;
import io.github.conversations4j.ConversationsClient;
import io.github.conversations4j.RetryPolicy;
import io.github.conversations4j.Sleeper;
import io.github.conversations4j.api.ConversationsApi;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.net.ssl.SSLSocketFactory;

/**
 * Assembles a client from what {@link io.github.conversations4j.BrevoConversations.Builder} checked: the one way
 * from the builder into the SDK's machinery. Public only because the two packages must meet; not part of the API.
 */
public final class Clients {
  private static final Map<Method, Operation> OPERATIONS = Operation.of(ConversationsApi.class);

  private Clients() {}

  /** The SDK's version, as sent in its {@code User-Agent}. */
  public static String version() {
    return SdkVersion.VERSION;
  }

  /**
   * Builds a client. Every argument was checked by the builder.
   *
   * @param baseUrl the API root, without a trailing slash
   * @param apiKey the API key
   * @param partnerKey the partner key, or null
   * @param plugged a transport the caller plugged in, or null for the SDK's own
   * @param connectTimeout see the builder
   * @param readTimeout see the builder
   * @param writeTimeout see the builder
   * @param callTimeout see the builder
   * @param sslSocketFactory see the builder, or null
   * @param proxy see the builder, or null for the JVM's selector
   * @param proxyUser see the builder, or null
   * @param proxyPassword see the builder, or null
   * @param maxConnectionsPerHost see the builder
   * @param policy the retry policy, its count final
   * @param sleeper see the builder
   * @param clock see the builder
   * @return the client
   */
  public static ConversationsClient create(String baseUrl, String apiKey, String partnerKey, Client plugged,
      Duration connectTimeout, Duration readTimeout, Duration writeTimeout, Duration callTimeout,
      SSLSocketFactory sslSocketFactory, java.net.Proxy proxy, String proxyUser, String proxyPassword,
      int maxConnectionsPerHost, RetryPolicy policy, Sleeper sleeper, Clock clock) {
    Map<String, String> fixedHeaders = new LinkedHashMap<>();
    fixedHeaders.put("api-key", apiKey);
    if (partnerKey != null) {
      fixedHeaders.put("partner-key", partnerKey);
    }
    fixedHeaders.put("User-Agent", SdkVersion.USER_AGENT);
    Http11Client own = plugged != null ? null : new Http11Client(new Http11Client.Settings()
        .connectTimeout(connectTimeout)
        .writeTimeout(writeTimeout)
        .callTimeout(callTimeout)
        .sslSocketFactory(sslSocketFactory)
        .fixedHeaders(fixedHeaders)
        .proxy(proxy)
        .proxyCredentials(proxyUser, proxyPassword)
        .maxConnectionsPerHost(maxConnectionsPerHost));
    Client transport = new LoggingClient(own != null ? own : new FixedHeadersClient(plugged, fixedHeaders),
        fixedHeaders);
    JacksonCodec codec = new JacksonCodec();
    SdkInvocationHandler[] handler = new SdkInvocationHandler[1];
    Feign.builder()
        .client(transport)
        .contract(new SdkContract())
        .encoder(codec)
        .decoder(codec)
        .errorDecoder(new ErrorResponse.Decoder())
        .options(new Request.Options(connectTimeout, readTimeout, false))
        .retryer(Retryer.NEVER_RETRY)
        .invocationHandlerFactory((target, dispatch) -> handler[0] = new SdkInvocationHandler(target, dispatch,
            OPERATIONS, policy, sleeper, clock, callTimeout, own))
        .target(new SdkTarget<>(ConversationsApi.class, baseUrl));
    // Feign's proxy implements ConversationsApi only; the client's own proxy adds close() on the same handler.
    return (ConversationsClient) Proxy.newProxyInstance(ConversationsClient.class.getClassLoader(),
        new Class<?>[] {ConversationsClient.class}, handler[0]);
  }

  /**
   * Reads a generated model with the SDK's own codec, for the {@code webhooks} package.
   *
   * @param json the JSON document
   * @param type a generated model class
   * @param <T> the model
   * @return the model, or null for a JSON {@code null}
   * @throws java.io.IOException when the document is not JSON of the model's shape; the message names the field
   */
  public static <T> T readModel(byte[] json, Class<T> type) throws java.io.IOException {
    if (!ModelCodec.handles(type)) {
      throw new IllegalArgumentException("not a model of the spec: " + type.getName());
    }
    return type.cast(ModelCodec.read(json, type));
  }
}
