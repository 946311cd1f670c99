package io.github.conversations4j.internal;

import io.github.conversations4j.errors.BrevoApiException;
import io.github.conversations4j.errors.BrevoConnectionException;
import io.github.conversations4j.errors.BrevoDecodeException;
import io.github.conversations4j.errors.BrevoException;
import io.github.conversations4j.errors.InvalidRequestException;
import io.github.conversations4j.errors.InvalidWebhookException;
import java.util.Collection;
import java.util.Map;

/**
 * How the SDK's machinery creates the public exceptions, whose constructors are not public (so that a field can
 * be added to them without breaking anyone). The {@code errors} package installs its implementation when
 * {@link BrevoException} is loaded. Public only because the two packages must meet; not part of the API.
 */
public interface ErrorFactory {

  /** A failure that fits no other exception. */
  BrevoException other(String message, Throwable cause, int attempts);

  /** An error status: the subclass for the status (400, 401, 402, 403, 404, 429, 5xx), else the base class. */
  BrevoApiException api(int status, String errorCode, String errorMessage, String request,
      Map<String, ? extends Collection<String>> headers, String rawBody, int attempts);

  /** No response. */
  BrevoConnectionException connection(String request, boolean mayHaveReachedServer, boolean timeout,
      Throwable cause, int attempts);

  /** A 2xx whose body is not the expected JSON. */
  BrevoDecodeException decode(int status, String request, String problem, String rawBody, Throwable cause,
      int attempts);

  /** Refused before sending. */
  InvalidRequestException invalidRequest(String operation, String field, String problem);

  /** A webhook body that is no Conversations event. */
  InvalidWebhookException invalidWebhook(String message, Throwable cause);

  /**
   * Installs the implementation: only the {@code errors} package's own, once.
   *
   * @param factory the {@code errors} package's factory
   */
  static void install(ErrorFactory factory) {
    Holder.install(factory);
  }

  /**
   * The implementation.
   *
   * @return the factory the {@code errors} package installed
   */
  static ErrorFactory get() {
    ErrorFactory factory = Holder.factory;
    return factory != null ? factory : Holder.load();
  }
}

/** Where the installed factory is kept. */
final class Holder {
  static volatile ErrorFactory factory;

  private Holder() {}

  static synchronized void install(ErrorFactory f) {
    // Only the errors package's own factory: another one installed first would decide what the SDK throws.
    if (factory == null && f.getClass().getName().equals("io.github.conversations4j.errors.Factory")
        && f.getClass().getClassLoader() == BrevoException.class.getClassLoader()) {
      factory = f;
    }
  }

  static ErrorFactory load() {
    try {
      Class.forName(BrevoException.class.getName(), true, BrevoException.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
    ErrorFactory f = factory;
    if (f == null) {
      throw new IllegalStateException("the errors package did not install its factory");
    }
    return f;
  }
}
