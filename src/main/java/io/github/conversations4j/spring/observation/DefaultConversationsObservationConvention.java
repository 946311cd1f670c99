package io.github.conversations4j.spring.observation;

import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import java.util.Locale;

/**
 * Names an SDK call {@code http.client.requests}, with exactly the low-cardinality keys Spring's
 * {@code RestClient}, {@code RestTemplate} and {@code WebClient} use ({@code method}, {@code uri}, {@code status},
 * {@code outcome}, {@code exception}, {@code client.name}) and the same values for the same facts, so that the
 * SDK's calls sit in the same timer as the application's other HTTP clients, and registries that require one set
 * of tag keys per name (Prometheus) accept both. {@code uri} is the path template relative to the base URL
 * ({@code /conversations/messages/{id}}), never an id. {@code exception} is named as Spring names the same
 * failure ({@code NotFound} for a 404, see {@link ObservationCallListener}). High cardinality (spans only): {@code conversations.operation}
 * and {@code conversations.attempts}.
 *
 * <p>Extend it, or write another {@code ObservationConvention<ConversationsObservationContext>}, and give it to
 * {@link ObservationCallListener#ObservationCallListener(io.micrometer.observation.ObservationRegistry,
 * ObservationConvention)} to change the name or the keys.
 */
public class DefaultConversationsObservationConvention
        implements ObservationConvention<ConversationsObservationContext> {
    /** The observation's name, Spring's for HTTP client calls. */
    public static final String NAME = "http.client.requests";

    /** Creates the convention. */
    public DefaultConversationsObservationConvention() {}

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public String getContextualName(ConversationsObservationContext context) {
        return context.call().method() + " " + context.call().pathTemplate();
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(ConversationsObservationContext context) {
        var result = context.result();
        int status = result == null ? 0 : result.status();
        return KeyValues.of(
                "method", context.call().method(),
                "uri", context.call().pathTemplate(),
                "status", status == 0 ? "IO_ERROR" : Integer.toString(status),
                "outcome", outcome(status),
                "exception", exception(context),
                "client.name",
                        context.call().host().isEmpty()
                                ? "none"
                                : context.call().host().toLowerCase(Locale.ROOT));
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(ConversationsObservationContext context) {
        var result = context.result();
        return KeyValues.of(
                "conversations.operation",
                context.call().operation(),
                "conversations.attempts",
                result == null ? "0" : Integer.toString(result.attempts()));
    }

    @Override
    public boolean supportsContext(Observation.Context context) {
        return context instanceof ConversationsObservationContext;
    }

    /** As Spring's convention: the simple name of the observation's error, else of the SDK's failure, else none. */
    private static String exception(ConversationsObservationContext context) {
        if (context.getError() != null) {
            return simpleName(context.getError().getClass());
        }
        var result = context.result();
        return result == null || result.failure() == null ? "none" : simpleName(result.failure());
    }

    private static String outcome(int status) {
        return switch (status / 100) {
            case 1 -> "INFORMATIONAL";
            case 2 -> "SUCCESS";
            case 3 -> "REDIRECTION";
            case 4 -> "CLIENT_ERROR";
            case 5 -> "SERVER_ERROR";
            default -> "UNKNOWN";
        };
    }

    private static String simpleName(Class<?> type) {
        String simple = type.getSimpleName();
        return simple.isEmpty() ? type.getName() : simple;
    }
}
