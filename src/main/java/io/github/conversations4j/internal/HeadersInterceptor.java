package io.github.conversations4j.internal;

import feign.RequestInterceptor;
import feign.RequestTemplate;

/** Adds the authentication headers and the {@code User-Agent} to every request. */
public final class HeadersInterceptor implements RequestInterceptor {
  private final String apiKey;
  private final String partnerKey;
  private final String userAgent;

  /**
   * Creates the interceptor.
   *
   * @param apiKey the value of {@code api-key}, already validated
   * @param partnerKey the value of {@code partner-key}, or {@code null} to send none
   * @param userAgent the value of {@code User-Agent}
   */
  public HeadersInterceptor(String apiKey, String partnerKey, String userAgent) {
    this.apiKey = apiKey;
    this.partnerKey = partnerKey;
    this.userAgent = userAgent;
  }

  @Override
  public void apply(RequestTemplate template) {
    template.headerLiteral("api-key", apiKey);
    if (partnerKey != null) {
      template.headerLiteral("partner-key", partnerKey);
    }
    template.headerLiteral("User-Agent", userAgent);
  }

  @Override
  public String toString() {
    return "HeadersInterceptor(api-key=<redacted>" + (partnerKey != null ? ", partner-key=<redacted>" : "") + ")";
  }
}
