package io.github.conversations4j.spring.observation;

import io.github.conversations4j.CallListener;
import io.micrometer.observation.Observation;
import java.util.Objects;

/**
 * The Observation context of one SDK call: what the call is, and once it ended, how. For an
 * {@link io.micrometer.observation.ObservationConvention} or handler of your own. Carries no key and no message
 * text, like the {@link CallListener} events it is made from.
 */
public final class ConversationsObservationContext extends Observation.Context {
  private final CallListener.Call call;
  private volatile CallListener.Result result;

  /**
   * A context for a call that starts.
   *
   * @param call the call
   */
  public ConversationsObservationContext(CallListener.Call call) {
    this.call = Objects.requireNonNull(call, "call");
  }

  /**
   * What is called.
   *
   * @return the operation, method, path template and host
   */
  public CallListener.Call call() {
    return call;
  }

  /**
   * How the call ended.
   *
   * @return the result, or null while the call is under way
   */
  public CallListener.Result result() {
    return result;
  }

  void result(CallListener.Result result) {
    this.result = result;
  }
}
