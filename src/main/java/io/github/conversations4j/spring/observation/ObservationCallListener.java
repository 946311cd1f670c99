package io.github.conversations4j.spring.observation;

import io.github.conversations4j.AttemptHook;
import io.github.conversations4j.CallListener;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.ObservationRegistry;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Records each call of an SDK client as one Micrometer {@link Observation}: a timer
 * {@code http.client.requests} (and its {@code .active} long task timer) with a {@code MeterRegistry}, a span with
 * a tracer. See {@link DefaultConversationsObservationConvention} for the name and keys. The observation is in
 * scope on the calling thread for the whole call, retries included, so that the SDK's log lines carry the
 * trace's ids.
 *
 * <p>Its context is a {@link ConversationsObservationContext}, a {@code RequestReplySenderContext}: with Micrometer
 * Tracing (Brave or OpenTelemetry bridge) the trace context it writes to the context's carrier goes into the
 * headers of every attempt (this listener is an {@link AttemptHook} too, and the builder's
 * {@code addCallListener} adds it as both). A failed call is an error of its observation
 * ({@link Observation#error}), named as Spring's {@code RestClient} names the same failure ({@code NotFound},
 * {@code ServiceUnavailable}, {@code ResourceAccessException}): the {@code exception} key and the meter handler's
 * {@code error} tag have the values a {@code RestClient} call gets, and a tracer marks the span as failed.
 *
 * <p>The Spring Boot auto-configuration adds one to its client when the application has an
 * {@code ObservationRegistry}. For a client of your own:
 *
 * <pre>{@code
 * BrevoConversations.builder()
 *     .apiKey(apiKey)
 *     .addCallListener(new ObservationCallListener(observationRegistry))
 *     .build();
 * }</pre>
 *
 * <p>Thread-safe: one listener serves every call of a client.
 */
public final class ObservationCallListener implements CallListener, AttemptHook {
    private static final ObservationConvention<ConversationsObservationContext> DEFAULT =
            new DefaultConversationsObservationConvention();

    private final ObservationRegistry registry;
    private final ObservationConvention<ConversationsObservationContext> convention;
    /** The scope of each call under way, by call id; removed when the call ends. */
    private final Map<Long, Observation.Scope> scopes = new ConcurrentHashMap<>();

    /**
     * A listener with the default convention.
     *
     * @param registry where observations go
     */
    public ObservationCallListener(ObservationRegistry registry) {
        this(registry, null);
    }

    /**
     * A listener with a convention of your own; an {@code ObservationConvention} the registry is configured with
     * (a global convention) still wins over both.
     *
     * @param registry where observations go
     * @param convention the name, contextual name and keys; null for {@link DefaultConversationsObservationConvention}
     */
    public ObservationCallListener(
            ObservationRegistry registry, ObservationConvention<ConversationsObservationContext> convention) {
        this.registry = Objects.requireNonNull(registry, "registry must not be null");
        this.convention = convention;
    }

    @Override
    public void callStarted(Call call) {
        ConversationsObservationContext context = new ConversationsObservationContext(call);
        Observation observation = Observation.createNotStarted(convention, DEFAULT, () -> context, registry)
                .start();
        scopes.put(call.id(), observation.openScope());
    }

    /** Copies what the tracer wrote to the observation's carrier into the attempt's headers. */
    @Override
    public void beforeAttempt(AttemptHook.Attempt attempt) {
        Observation.Scope scope = scopes.get(attempt.call().id());
        if (scope == null) {
            return;
        }
        if (scope.getCurrentObservation().getContext() instanceof ConversationsObservationContext context
                && context.getCarrier() != null) {
            context.getCarrier().forEach(attempt::header);
        }
    }

    @Override
    public void callEnded(Result result) {
        Observation.Scope scope = scopes.remove(result.call().id());
        if (scope == null) {
            return;
        }
        Observation observation = scope.getCurrentObservation();
        if (observation.getContext() instanceof ConversationsObservationContext context) {
            context.result(result);
        }
        if (result.failure() != null) {
            observation.error(CallFailure.of(result));
        }
        scope.close();
        observation.stop();
    }

    @Override
    public String toString() {
        return "ObservationCallListener(" + (convention == null ? DEFAULT : convention).getName() + ")";
    }
}
