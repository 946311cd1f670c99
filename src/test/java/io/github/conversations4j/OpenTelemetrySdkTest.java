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
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.conversations4j.errors.BrevoConnectionException;
import io.github.conversations4j.errors.NotFoundException;
import io.github.conversations4j.model.Body10;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * With only {@code opentelemetry-sdk} set as the global OpenTelemetry (no agent): each attempt on the default
 * transport is a CLIENT span after the HTTP semantic conventions, its duration is a histogram point, and the
 * server receives the trace context of the attempt's span, child of the application's.
 */
class OpenTelemetrySdkTest extends WireMockTestBase {
    private static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();
    private static final InMemoryMetricReader METRICS = InMemoryMetricReader.create();
    private static OpenTelemetrySdk sdk;

    @BeforeAll
    static void setGlobal() {
        GlobalOpenTelemetry.resetForTest();
        sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder()
                        .addSpanProcessor(SimpleSpanProcessor.create(SPANS))
                        .build())
                .setMeterProvider(
                        SdkMeterProvider.builder().registerMetricReader(METRICS).build())
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                .build();
        GlobalOpenTelemetry.set(sdk);
    }

    @AfterAll
    static void resetGlobal() {
        GlobalOpenTelemetry.resetForTest();
        sdk.close();
    }

    @BeforeEach
    void clear() {
        SPANS.reset();
        METRICS.collectAllMetrics(); // drops what earlier tests recorded (delta-free: cumulative, so read counts)
    }

    private static List<SpanData> clientSpans() {
        return SPANS.getFinishedSpanItems().stream()
                .filter(s -> s.getKind() == SpanKind.CLIENT)
                .collect(Collectors.toList());
    }

    private static long durationPoints() {
        long count = 0;
        for (MetricData metric : METRICS.collectAllMetrics()) {
            if (metric.getName().equals("http.client.request.duration")) {
                assertEquals("s", metric.getUnit());
                for (HistogramPointData point : metric.getHistogramData().getPoints()) {
                    count += point.getCount();
                }
            }
        }
        return count;
    }

    @Test
    void eachAttempt_isAClientSpanWithTheSemanticConventions_andTheServerGetsItsTraceContext() {
        wm.stubFor(get(urlEqualTo("/v3/conversations/messages/" + MESSAGE_ID))
                .inScenario("r")
                .whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("second")
                .willReturn(aResponse().withStatus(503)));
        wm.stubFor(get(urlEqualTo("/v3/conversations/messages/" + MESSAGE_ID))
                .inScenario("r")
                .whenScenarioStateIs("second")
                .willReturn(aResponse()
                        .withStatus(404)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"code\":\"document_not_found\",\"message\":\"Message not found\"}")));
        long before = durationPoints();
        Span app = sdk.getTracer("app").spanBuilder("app").startSpan();
        try (Scope ignored = app.makeCurrent();
                ConversationsClient client = builder()
                        .retryPolicy(RetryPolicy.defaults()
                                .withMaxRetries(1)
                                .withBackoff(Duration.ofMillis(1), Duration.ofMillis(1)))
                        .sleeper(new FakeSleeper())
                        .build()) {
            assertThrows(NotFoundException.class, () -> client.conversationsMessagesIdGet(MESSAGE_ID));
        } finally {
            app.end();
        }
        List<SpanData> spans = clientSpans();
        assertEquals(2, spans.size(), spans.toString());
        String template = "/v3/conversations/messages/{id}";
        for (int i = 0; i < 2; i++) {
            SpanData span = spans.get(i);
            assertEquals("GET " + template, span.getName());
            assertEquals(app.getSpanContext().getTraceId(), span.getTraceId());
            assertEquals(app.getSpanContext().getSpanId(), span.getParentSpanId());
            assertEquals("GET", span.getAttributes().get(AttributeKey.stringKey("http.request.method")));
            assertEquals("localhost", span.getAttributes().get(AttributeKey.stringKey("server.address")));
            assertEquals((long) wm.getPort(), span.getAttributes().get(AttributeKey.longKey("server.port")));
            assertEquals(template, span.getAttributes().get(AttributeKey.stringKey("url.template")));
            assertEquals(StatusCode.ERROR, span.getStatus().getStatusCode());
            assertEquals(
                    "io.github.conversations4j",
                    span.getInstrumentationScopeInfo().getName());
        }
        assertEquals(503L, spans.get(0).getAttributes().get(AttributeKey.longKey("http.response.status_code")));
        assertEquals("503", spans.get(0).getAttributes().get(AttributeKey.stringKey("error.type")));
        assertNull(spans.get(0).getAttributes().get(AttributeKey.longKey("http.request.resend_count")));
        assertEquals(404L, spans.get(1).getAttributes().get(AttributeKey.longKey("http.response.status_code")));
        assertEquals("404", spans.get(1).getAttributes().get(AttributeKey.stringKey("error.type")));
        assertEquals(1L, spans.get(1).getAttributes().get(AttributeKey.longKey("http.request.resend_count")));
        assertEquals(2, durationPoints() - before);

        List<LoggedRequest> requests = received();
        assertEquals(2, requests.size());
        for (int i = 0; i < 2; i++) {
            // Each attempt carries its own span's context: traceparent 00-<trace>-<span>-<flags>.
            String traceparent = requests.get(i).getHeader("traceparent");
            String expected = "00-" + app.getSpanContext().getTraceId() + "-"
                    + spans.get(i).getSpanId() + "-";
            assertTrue(traceparent != null && traceparent.startsWith(expected), traceparent + " vs " + expected);
        }
    }

    @Test
    void aSuccessAndAConnectionFailure_haveTheirStatusOrErrorType_andNoSecretInAnyAttribute() {
        wm.stubFor(post(urlEqualTo("/v3/conversations/pushedMessages"))
                .willReturn(aResponse()
                        .withStatus(201)
                        .withHeader("Content-Type", "application/json")
                        .withBody(fixture("pushed-message.json"))));
        wm.stubFor(get(urlEqualTo("/v3/conversations/messages/" + MESSAGE_ID))
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        try (ConversationsClient client = builder().partnerKey(PARTNER_KEY).build()) {
            client.conversationsPushedMessagesPost(
                    new Body10().visitorId(VISITOR_ID).text("Your order has shipped"));
            assertThrows(BrevoConnectionException.class, () -> client.conversationsMessagesIdGet(MESSAGE_ID));
        }
        List<SpanData> spans = clientSpans();
        assertEquals(2, spans.size(), spans.toString());
        SpanData sent = spans.get(0);
        assertEquals("POST /v3/conversations/pushedMessages", sent.getName());
        assertEquals(201L, sent.getAttributes().get(AttributeKey.longKey("http.response.status_code")));
        assertNull(sent.getAttributes().get(AttributeKey.stringKey("error.type")));
        assertEquals(StatusCode.UNSET, sent.getStatus().getStatusCode());
        assertFalse(sent.getParentSpanContext().isValid(), "no application span: a root span");
        SpanData failed = spans.get(1);
        assertNull(failed.getAttributes().get(AttributeKey.longKey("http.response.status_code")));
        String errorType = failed.getAttributes().get(AttributeKey.stringKey("error.type"));
        assertTrue(
                errorType.startsWith("java."),
                errorType); // the I/O exception's class, such as java.net.SocketException
        for (SpanData span : spans) {
            String all = span.getAttributes().toString() + span.getName() + span.getStatus() + span.getEvents();
            for (String secret : List.of(API_KEY, PARTNER_KEY, VISITOR_ID, "shipped")) {
                assertFalse(all.contains(secret), all);
            }
        }
    }

    @Test
    void withPropagationOff_theSpansStay_butNoTraceContextLeaves() {
        wm.stubFor(get(urlEqualTo("/v3/conversations/messages/" + MESSAGE_ID))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody(fixture("agent-message.json"))));
        List<String> seen = new ArrayList<>();
        try (ConversationsClient client = builder().tracePropagation(false).build()) {
            client.conversationsMessagesIdGet(MESSAGE_ID);
        }
        assertEquals(1, clientSpans().size());
        for (LoggedRequest request : received()) {
            seen.add(request.getHeader("traceparent"));
        }
        assertEquals(java.util.Collections.singletonList(null), seen);
    }

    @Test
    void withOpenTelemetryOff_nothingIsRecorded() {
        wm.stubFor(get(urlEqualTo("/v3/conversations/messages/" + MESSAGE_ID))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody(fixture("agent-message.json"))));
        long before = durationPoints();
        try (ConversationsClient client = builder().openTelemetry(false).build()) {
            client.conversationsMessagesIdGet(MESSAGE_ID);
        }
        assertEquals(0, clientSpans().size());
        assertEquals(0, durationPoints() - before);
        assertNull(received().get(0).getHeader("traceparent"));
    }
}
