package io.github.conversations4j.errors;

import io.github.conversations4j.internal.ErrorFactory;
import java.util.Collection;
import java.util.Map;

/** The SDK's own way to the exceptions' package-private constructors. */
final class Factory implements ErrorFactory {
  static final Factory INSTANCE = new Factory();

  private Factory() {}

  @Override
  public BrevoException other(String message, Throwable cause, int attempts) {
    return new BrevoException(message, cause, attempts);
  }

  @Override
  public BrevoApiException api(int status, String code, String message, String request,
      Map<String, ? extends Collection<String>> headers, String raw, int attempts) {
    switch (status) {
      case 400:
        return new BadRequestException(code, message, request, headers, raw, attempts);
      case 401:
        return new UnauthorizedException(code, message, request, headers, raw, attempts);
      case 402:
        return new PaymentRequiredException(code, message, request, headers, raw, attempts);
      case 403:
        return new ForbiddenException(code, message, request, headers, raw, attempts);
      case 404:
        return new NotFoundException(code, message, request, headers, raw, attempts);
      case 429:
        return new TooManyRequestsException(code, message, request, headers, raw, attempts);
      default:
        if (status >= 500 && status <= 599) {
          return new ServerErrorException(status, code, message, request, headers, raw, attempts);
        }
        return new BrevoApiException(status, code, message, request, headers, raw, attempts);
    }
  }

  @Override
  public BrevoConnectionException connection(String request, boolean mayHaveReachedServer, boolean timeout,
      Throwable cause, int attempts) {
    return new BrevoConnectionException(request, mayHaveReachedServer, timeout, cause, attempts);
  }

  @Override
  public BrevoDecodeException decode(int status, String request, String problem, String rawBody, Throwable cause,
      int attempts) {
    return new BrevoDecodeException(status, request, problem, rawBody, cause, attempts);
  }

  @Override
  public InvalidRequestException invalidRequest(String operation, String field, String problem) {
    return new InvalidRequestException(operation, field, problem);
  }

  @Override
  public InvalidWebhookException invalidWebhook(String message, Throwable cause) {
    return new InvalidWebhookException(message, cause);
  }
}
