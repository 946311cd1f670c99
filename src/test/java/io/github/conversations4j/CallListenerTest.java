package io.github.conversations4j;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.github.conversations4j.errors.BrevoConnectionException;
import io.github.conversations4j.errors.InvalidRequestException;
import io.github.conversations4j.errors.NotFoundException;
import io.github.conversations4j.model.Body10;
import io.github.conversations4j.model.ConversationsMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class CallListenerTest extends WireMockTestBase {

    /** Writes every event as one line, with no duration (they vary), and keeps the records. */
    static final class Recorder implements CallListener {
        final List<String> lines = Collections.synchronizedList(new ArrayList<>());
        final List<Object> events = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void callStarted(Call call) {
            events.add(call);
            lines.add(
                    "start " + call.operation() + " " + call.method() + " " + call.pathTemplate() + " " + call.host());
        }

        @Override
        public void attemptEnded(Attempt attempt) {
            events.add(attempt);
            lines.add("attempt " + attempt.number() + " " + attempt.status() + " "
                    + (attempt.failure() == null ? "ok" : attempt.failure().getSimpleName()));
        }

        @Override
        public void retryScheduled(Retry retry) {
            events.add(retry);
            lines.add("retry " + retry.nextAttempt() + " after " + retry.delay());
        }

        @Override
        public void callEnded(Result result) {
            events.add(result);
            lines.add("end " + result.attempts() + " " + result.status() + " "
                    + (result.failure() == null ? "ok" : result.failure().getSimpleName()));
        }
    }

    @Test
    void aSuccessfulCall_isToldStartOneAttemptAndEnd_withTheTemplateNotTheId() {
        wm.stubFor(get(urlEqualTo("/v3/conversations/messages/" + MESSAGE_ID))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody(fixture("agent-message.json"))));
        Recorder recorder = new Recorder();
        try (ConversationsClient client = builder().addCallListener(recorder).build()) {
            client.conversationsMessagesIdGet(MESSAGE_ID);
        }
        assertEquals(
                List.of(
                        "start conversationsMessagesIdGet GET /conversations/messages/{id} localhost",
                        "attempt 1 200 ok",
                        "end 1 200 ok"),
                recorder.lines);
        CallListener.Call call = (CallListener.Call) recorder.events.get(0);
        for (Object event : recorder.events) {
            assertFalse(event.toString().contains(MESSAGE_ID), event.toString());
            assertFalse(event.toString().contains(API_KEY), event.toString());
        }
        CallListener.Result result = (CallListener.Result) recorder.events.get(2);
        assertTrue(result.call() == call && result.succeeded());
        assertTrue(result.duration().compareTo(((CallListener.Attempt) recorder.events.get(1)).duration()) >= 0);
    }

    @Test
    void retries_areToldWithTheirWait_andTheEndCountsEveryAttempt() {
        wm.stubFor(get(urlEqualTo("/v3/conversations/messages/" + MESSAGE_ID))
                .inScenario("r")
                .whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("second")
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "3")));
        wm.stubFor(get(urlEqualTo("/v3/conversations/messages/" + MESSAGE_ID))
                .inScenario("r")
                .whenScenarioStateIs("second")
                .willSetStateTo("third")
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        wm.stubFor(get(urlEqualTo("/v3/conversations/messages/" + MESSAGE_ID))
                .inScenario("r")
                .whenScenarioStateIs("third")
                .willReturn(aResponse()
                        .withStatus(404)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"code\":\"document_not_found\",\"message\":\"Message not found\"}")));
        Recorder recorder = new Recorder();
        FakeSleeper sleeper = new FakeSleeper();
        try (ConversationsClient client = builder()
                .retryPolicy(RetryPolicy.defaults()
                        .withMaxRetries(3)
                        .withBackoff(Duration.ofMillis(100), Duration.ofMillis(100)))
                .sleeper(sleeper)
                .addCallListener(recorder)
                .build()) {
            assertThrows(NotFoundException.class, () -> client.conversationsMessagesIdGet(MESSAGE_ID));
        }
        Duration second = sleeper.sleeps().get(1);
        assertEquals(
                List.of(
                        "start conversationsMessagesIdGet GET /conversations/messages/{id} localhost",
                        "attempt 1 429 TooManyRequestsException",
                        "retry 2 after PT3S",
                        "attempt 2 0 BrevoConnectionException",
                        "retry 3 after " + second,
                        "attempt 3 404 NotFoundException",
                        "end 3 404 NotFoundException"),
                recorder.lines);
        assertEquals(List.of(Duration.ofSeconds(3), second), sleeper.sleeps());
    }

    @Test
    void aSendThatMayHaveArrived_endsWithTheConnectionFailure_andNoRetry() {
        wm.stubFor(post(urlEqualTo("/v3/conversations/pushedMessages"))
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        Recorder recorder = new Recorder();
        try (ConversationsClient client = builder()
                .retryPolicy(RetryPolicy.defaults())
                .sleeper(new FakeSleeper())
                .addCallListener(recorder)
                .build()) {
            assertThrows(
                    BrevoConnectionException.class,
                    () -> client.conversationsPushedMessagesPost(
                            new Body10().visitorId(VISITOR_ID).text("Your order has shipped")));
        }
        assertEquals(
                List.of(
                        "start conversationsPushedMessagesPost POST /conversations/pushedMessages localhost",
                        "attempt 1 0 BrevoConnectionException",
                        "end 1 0 BrevoConnectionException"),
                recorder.lines);
        for (Object event : recorder.events) {
            assertFalse(event.toString().contains("shipped"), event.toString());
        }
    }

    @Test
    void aCallRefusedBeforeSending_isNotTold() {
        Recorder recorder = new Recorder();
        try (ConversationsClient client = builder().addCallListener(recorder).build()) {
            assertThrows(InvalidRequestException.class, () -> client.conversationsPushedMessagesPost(new Body10()));
            client.close();
            assertThrows(IllegalStateException.class, () -> client.conversationsMessagesIdGet(MESSAGE_ID));
        }
        assertEquals(List.of(), recorder.lines);
    }

    @Test
    void aListenerThatThrows_breaksNoCall_andTheNextListenerIsStillTold() {
        wm.stubFor(post(urlEqualTo("/v3/conversations/pushedMessages"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody(fixture("pushed-message.json"))));
        CallListener broken = new CallListener() {
            @Override
            public void callStarted(Call call) {
                throw new IllegalStateException("boom");
            }

            @Override
            public void attemptEnded(Attempt attempt) {
                throw new IllegalStateException("boom");
            }

            @Override
            public void callEnded(Result result) {
                throw new IllegalStateException("boom");
            }
        };
        Recorder recorder = new Recorder();
        ConversationsMessage sent;
        try (ConversationsClient client =
                builder().addCallListener(broken).addCallListener(recorder).build()) {
            sent = client.conversationsPushedMessagesPost(
                    new Body10().visitorId(VISITOR_ID).text("hi"));
        }
        assertEquals(PUSHED_ID, sent.getId());
        assertEquals(
                List.of(
                        "start conversationsPushedMessagesPost POST /conversations/pushedMessages localhost",
                        "attempt 1 200 ok",
                        "end 1 200 ok"),
                recorder.lines);
    }

    @Test
    void aListenerWithNothingOverridden_changesNothing_andIdsIncrease() {
        wm.stubFor(get(urlEqualTo("/v3/conversations/messages/" + MESSAGE_ID))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody(fixture("agent-message.json"))));
        Recorder recorder = new Recorder();
        try (ConversationsClient client = builder()
                .addCallListener(new CallListener() {})
                .addCallListener(recorder)
                .build()) {
            client.conversationsMessagesIdGet(MESSAGE_ID);
            client.conversationsMessagesIdGet(MESSAGE_ID);
        }
        long first = ((CallListener.Call) recorder.events.get(0)).id();
        long second = ((CallListener.Call) recorder.events.get(3)).id();
        assertTrue(second > first, first + " then " + second);
        assertNull(((CallListener.Result) recorder.events.get(5)).failure());
    }

    @Test
    void theBuilderRefusesANullListener() {
        NullPointerException e = assertThrows(
                NullPointerException.class, () -> BrevoConversations.builder().addCallListener(null));
        assertEquals("listener must not be null", e.getMessage());
    }
}
