package io.github.conversations4j.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.github.conversations4j.BrevoConversations;
import io.github.conversations4j.ConversationsClient;
import io.github.conversations4j.errors.NotFoundException;
import io.github.conversations4j.model.Body10;
import io.github.conversations4j.sandbox.ConversationsSandbox;
import io.github.conversations4j.sandbox.RecordedRequest;
import io.github.conversations4j.spring.observation.ObservationCallListener;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import io.micrometer.tracing.propagation.Propagator;
import java.util.List;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;

/**
 * With Micrometer Tracing (the OpenTelemetry and Brave bridges, each Boot's versions, in two classes: the pom runs
 * each with the other bridge off the class path, as Boot refuses two): an SDK call inside an
 * application span sends {@code traceparent} with the application's trace id, as a {@code RestClient} does; and
 * a failed call is an error of its observation, with the {@code error} and {@code exception} values a
 * {@code RestClient} gets for the same 404.
 */
abstract class TracingPropagationTest {

    static ObservationRegistry registry(Tracer tracer, Propagator propagator, SimpleMeterRegistry meters) {
        ObservationRegistry observations = ObservationRegistry.create();
        observations
                .observationConfig()
                .observationHandler(new DefaultMeterObservationHandler(meters))
                .observationHandler(new ObservationHandler.FirstMatchingCompositeObservationHandler(
                        new PropagatingSenderTracingObservationHandler<>(tracer, propagator),
                        new DefaultTracingObservationHandler(tracer)));
        return observations;
    }

    /** Sends inside an application observation, then a get of a missing message with the SDK and a RestClient. */
    static void exercise(ObservationRegistry observations, ConversationsSandbox sandbox) {
        try (ConversationsClient sdk = BrevoConversations.builder()
                .apiKey(sandbox.apiKey())
                .baseUrl(sandbox.baseUrl())
                .addCallListener(new ObservationCallListener(observations))
                .build()) {
            Observation.createNotStarted("application.work", observations).observe(() -> {
                sdk.conversationsPushedMessagesPost(
                        new Body10().visitorId("visitor-1").text("Your order has shipped"));
                try {
                    sdk.conversationsMessagesIdGet("no-such-message");
                } catch (NotFoundException expected) {
                    // an error of its observation
                }
                RestClient rest = RestClient.builder()
                        .baseUrl(sandbox.baseUrl())
                        .observationRegistry(observations)
                        .build();
                try {
                    rest.get()
                            .uri("/conversations/messages/{id}", "no-such-message-either")
                            .header("api-key", sandbox.apiKey())
                            .retrieve()
                            .body(String.class);
                } catch (HttpClientErrorException.NotFound expected) {
                    // the same failure, for comparison
                }
            });
        }
    }

    static void checkTraceparents(ConversationsSandbox sandbox, String traceId) {
        List<RecordedRequest> requests = sandbox.requests();
        assertEquals(3, requests.size(), requests.toString());
        for (RecordedRequest request : requests) {
            String traceparent = request.header("traceparent");
            assertNotNull(traceparent, "no traceparent on " + request.method() + " " + request.path());
            assertEquals(traceId, traceparent.split("-")[1], request.method() + " " + request.path());
        }
    }

    static void checkErrorTags(SimpleMeterRegistry meters) {
        // Same keys and values for the SDK's 404 and the RestClient's: they may well share one timer.
        List<Timer> failed = meters.find("http.client.requests").tag("status", "404").timers().stream()
                .toList();
        assertEquals(2, failed.stream().mapToLong(Timer::count).sum(), failed.toString());
        for (Timer timer : failed) {
            assertEquals(
                    "NotFound", timer.getId().getTag("error"), timer.getId().toString());
            assertEquals(
                    "NotFound", timer.getId().getTag("exception"), timer.getId().toString());
        }
        Timer sent = meters.get("http.client.requests")
                .tag("uri", "/conversations/pushedMessages")
                .timer();
        assertEquals("none", sent.getId().getTag("error"));
    }
}
