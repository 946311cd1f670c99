package io.github.conversations4j.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.conversations4j.BrevoConversations;
import io.github.conversations4j.ConversationsClient;
import io.github.conversations4j.model.Body10;
import io.github.conversations4j.model.ConversationsMessage;
import io.github.conversations4j.sandbox.ConversationsSandbox;
import io.github.conversations4j.spring.observation.ObservationCallListener;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.web.client.RestClient;

/**
 * The proof of the naming choice: a {@code RestClient} call and an SDK call, one real meter registry, one timer
 * name, one set of tag keys.
 */
class ObservationNamingTest {

    @Test
    void aRestClientCallAndAnSdkCall_areBothHttpClientRequests_withTheSameTagKeys() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ObservationRegistry observations = ObservationRegistry.create();
        observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
        try (ConversationsSandbox sandbox = ConversationsSandbox.start();
                ConversationsClient sdk = BrevoConversations.builder()
                        .apiKey(sandbox.apiKey())
                        .baseUrl(sandbox.baseUrl())
                        .addCallListener(new ObservationCallListener(observations))
                        .build()) {
            ConversationsMessage sent = sdk.conversationsPushedMessagesPost(
                    new Body10().visitorId("visitor-1").text("Your order has shipped"));

            RestClient rest = RestClient.builder()
                    .baseUrl(sandbox.baseUrl())
                    .observationRegistry(observations)
                    .build();
            String body = rest.get()
                    .uri("/conversations/pushedMessages/{id}", sent.getId())
                    .header("api-key", sandbox.apiKey())
                    .retrieve()
                    .body(String.class);
            assertThat(body).contains(sent.getId());
        }

        List<Timer> timers = List.copyOf(meters.find("http.client.requests").timers());
        assertEquals(2, timers.size(), () -> "one timer per client: " + describe(timers));
        Timer sdkTimer = timers.stream()
                .filter(t -> "/conversations/pushedMessages".equals(t.getId().getTag("uri")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no SDK timer in " + describe(timers)));
        Timer restTimer = timers.stream().filter(t -> t != sdkTimer).findFirst().orElseThrow();

        assertEquals(tagKeys(restTimer), tagKeys(sdkTimer), () -> describe(timers));
        // Spring's six keys, and the error key Micrometer's DefaultMeterObservationHandler adds to every timer.
        assertEquals(
                Set.of("method", "uri", "status", "outcome", "exception", "client.name", "error"), tagKeys(sdkTimer));
        assertEquals("POST", sdkTimer.getId().getTag("method"));
        assertEquals("200", sdkTimer.getId().getTag("status"));
        assertEquals("SUCCESS", sdkTimer.getId().getTag("outcome"));
        assertEquals("none", sdkTimer.getId().getTag("exception"));
        assertEquals(restTimer.getId().getTag("client.name"), sdkTimer.getId().getTag("client.name"));
        assertEquals(restTimer.getId().getTag("outcome"), sdkTimer.getId().getTag("outcome"));
        assertEquals(1, sdkTimer.count());
        assertEquals(1, restTimer.count());
        // The long task timers of calls under way share the name's keys too.
        for (Meter active : meters.find("http.client.requests.active").meters()) {
            assertEquals(Set.of("method", "uri", "status", "outcome", "exception", "client.name"), tagKeys(active));
        }
    }

    @Test
    void aFailedSdkCall_isTaggedAsSpringTagsAFailedRestClientCall() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ObservationRegistry observations = ObservationRegistry.create();
        observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
        try (ConversationsSandbox sandbox = ConversationsSandbox.start();
                ConversationsClient sdk = BrevoConversations.builder()
                        .apiKey(sandbox.apiKey())
                        .baseUrl(sandbox.baseUrl())
                        .addCallListener(new ObservationCallListener(observations))
                        .build()) {
            try {
                sdk.conversationsMessagesIdGet("no-such-message");
            } catch (io.github.conversations4j.errors.NotFoundException expected) {
                // recorded below
            }
        }
        Timer timer = meters.get("http.client.requests")
                .tag("uri", "/conversations/messages/{id}")
                .timer();
        assertEquals("404", timer.getId().getTag("status"));
        assertEquals("CLIENT_ERROR", timer.getId().getTag("outcome"));
        // As a RestClient names its 404 (HttpClientErrorException.NotFound), and the observation is an error.
        assertEquals("NotFound", timer.getId().getTag("exception"));
        assertEquals("NotFound", timer.getId().getTag("error"));
        assertEquals("127.0.0.1", timer.getId().getTag("client.name"));
    }

    @Test
    void aCallWithRetries_isOneObservation_inScopeForTheWholeCall() {
        io.micrometer.observation.tck.TestObservationRegistry observations =
                io.micrometer.observation.tck.TestObservationRegistry.create();
        List<String> current = new java.util.concurrent.CopyOnWriteArrayList<>();
        // A second listener, told after the observation's: the observation is current on the calling thread.
        io.github.conversations4j.CallListener probe = new io.github.conversations4j.CallListener() {
            @Override
            public void attemptEnded(Attempt attempt) {
                current.add(String.valueOf(
                        observations.getCurrentObservation() == null
                                ? null
                                : observations
                                        .getCurrentObservation()
                                        .getContext()
                                        .getName()));
            }
        };
        try (ConversationsSandbox sandbox = ConversationsSandbox.start();
                ConversationsClient sdk = BrevoConversations.builder()
                        .apiKey(sandbox.apiKey())
                        .baseUrl(sandbox.baseUrl())
                        .retryPolicy(io.github.conversations4j.RetryPolicy.defaults()
                                .withBackoff(java.time.Duration.ZERO, java.time.Duration.ZERO))
                        .addCallListener(new ObservationCallListener(observations))
                        .addCallListener(probe)
                        .build()) {
            ConversationsMessage sent = sdk.conversationsPushedMessagesPost(
                    new Body10().visitorId("v").text("t"));
            sandbox.failNext(1, 503);
            sdk.conversationsPushedMessagesIdGet(sent.getId());
        }
        io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat(observations)
                .hasNumberOfObservationsWithNameEqualTo("http.client.requests", 2)
                .hasHandledContextsThatSatisfy(contexts -> {
                    Observation.Context get = contexts.stream()
                            .filter(c -> "/conversations/pushedMessages/{id}"
                                    .equals(c.getLowCardinalityKeyValue("uri").getValue()))
                            .findFirst()
                            .orElseThrow();
                    assertEquals(
                            "2",
                            get.getHighCardinalityKeyValue("conversations.attempts")
                                    .getValue());
                    assertEquals("200", get.getLowCardinalityKeyValue("status").getValue());
                    assertEquals("GET /conversations/pushedMessages/{id}", get.getContextualName());
                });
        assertEquals(List.of("http.client.requests", "http.client.requests", "http.client.requests"), current);
        assertEquals(null, observations.getCurrentObservation(), "no scope is left open");
    }

    static Set<String> tagKeys(Meter meter) {
        return meter.getId().getTags().stream().map(Tag::getKey).collect(Collectors.toCollection(TreeSet::new));
    }

    static String describe(List<Timer> timers) {
        return timers.stream().map(t -> t.getId().toString()).collect(Collectors.joining("; "));
    }
}
