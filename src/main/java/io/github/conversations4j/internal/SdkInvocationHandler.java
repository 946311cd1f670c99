package io.github.conversations4j.internal;

import feign.FeignException;
import feign.InvocationHandlerFactory;
import feign.InvocationHandlerFactory.MethodHandler;
import feign.RetryableException;
import feign.Target;
import feign.codec.EncodeException;
import io.github.conversations4j.BrevoException;
import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.util.Map;

/**
 * The SDK's wrapper around each generated operation: validates the arguments before anything is encoded or sent,
 * then runs Feign's method handler and turns whatever Feign reports into the SDK's own exceptions.
 */
public final class SdkInvocationHandler implements InvocationHandler {
  private final Target<?> target;
  private final Map<Method, MethodHandler> dispatch;
  private final Map<Method, Operation> operations;

  private SdkInvocationHandler(
      Target<?> target, Map<Method, MethodHandler> dispatch, Map<Method, Operation> operations) {
    this.target = target;
    this.dispatch = dispatch;
    this.operations = operations;
  }

  /**
   * Creates the factory Feign calls once per client.
   *
   * @param operations the operations of the API interface
   * @return the factory
   */
  public static InvocationHandlerFactory factory(Map<Method, Operation> operations) {
    return (target, dispatch) -> new SdkInvocationHandler(target, dispatch, operations);
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    switch (method.getName()) {
      case "equals":
        if (method.getParameterCount() == 1) {
          return args[0] != null && java.lang.reflect.Proxy.isProxyClass(args[0].getClass())
              && java.lang.reflect.Proxy.getInvocationHandler(args[0]) == this;
        }
        break;
      case "hashCode":
        if (method.getParameterCount() == 0) {
          return System.identityHashCode(this);
        }
        break;
      case "toString":
        if (method.getParameterCount() == 0) {
          return target.type().getSimpleName() + "(" + target.url() + ")";
        }
        break;
      default:
        break;
    }
    Operation operation = operations.get(method);
    MethodHandler handler = dispatch.get(method);
    if (operation == null || handler == null) {
      throw new UnsupportedOperationException(method.toString());
    }
    RequestValidator.validate(operation, args);
    return call(operation, handler, args);
  }

  private static Object call(Operation operation, MethodHandler handler, Object[] args) throws Throwable {
    int attempts = 1;
    try {
      return handler.invoke(args);
    } catch (ErrorResponse e) {
      throw ExceptionMapper.toApiException(operation, e, attempts);
    } catch (RetryableException e) {
      // Feign's wrapper for an IOException from the transport: no response was received.
      if (e.getCause() instanceof IOException) {
        throw ExceptionMapper.toConnectionException(operation, (IOException) e.getCause(), false);
      }
      throw unexpected(operation, e);
    } catch (EncodeException e) {
      throw new BrevoException("Cannot encode the " + operation.name() + " request body: "
          + e.getMessage(), e.getCause() != null ? e.getCause() : e);
    } catch (FeignException e) {
      Throwable cause = e.getCause();
      if (cause instanceof BrevoException) {
        throw cause;
      }
      if (cause instanceof IOException) {
        // The response had begun to arrive when reading it failed: the request reached the server.
        throw ExceptionMapper.toConnectionException(operation, (IOException) cause, true);
      }
      throw unexpected(operation, e);
    }
  }

  private static BrevoException unexpected(Operation operation, Exception e) {
    return new BrevoException("Unexpected failure of " + operation.requestLine() + ": "
        + e.getClass().getSimpleName(), e);
  }
}
