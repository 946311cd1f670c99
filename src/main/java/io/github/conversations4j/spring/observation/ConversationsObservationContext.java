package io.github.conversations4j.spring.observation;

import io.github.conversations4j.CallListener;
import io.micrometer.observation.transport.RequestReplySenderContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The Observation context of one SDK call: what the call is, and once it ended, how. A
 * {@link RequestReplySenderContext} (kind CLIENT), so that Micrometer Tracing's propagating handler writes the
 * trace context ({@code traceparent}, B3...) into its {@link #getCarrier() carrier}, which the
 * {@link ObservationCallListener} adds to the headers of each attempt, as Spring's HTTP clients and Feign's
 * Micrometer support do. Its remote service name is the API's host. For an
 * {@link io.micrometer.observation.ObservationConvention} or handler of your own. Carries no key and no message
 * text, like the {@link CallListener} events it is made from.
 */
public final class ConversationsObservationContext
        extends RequestReplySenderContext<Map<String, String>, CallListener.Result> {
    private final CallListener.Call call;
    private volatile CallListener.Result result;

    /**
     * A context for a call that starts.
     *
     * @param call the call
     */
    public ConversationsObservationContext(CallListener.Call call) {
        super((carrier, key, value) -> {
            if (carrier != null && key != null && value != null) {
                carrier.put(key, value);
            }
        });
        this.call = Objects.requireNonNull(call, "call");
        setCarrier(new LinkedHashMap<>());
        setRemoteServiceName(call.host());
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
        setResponse(result);
    }
}
