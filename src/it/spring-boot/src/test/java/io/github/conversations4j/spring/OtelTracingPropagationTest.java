package io.github.conversations4j.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.conversations4j.sandbox.ConversationsSandbox;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.otel.bridge.OtelBaggageManager;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.Collections;
import org.junit.jupiter.api.Test;

/** Micrometer Tracing's OpenTelemetry bridge. */
class OtelTracingPropagationTest extends TracingPropagationTest {

    @Test
    void openTelemetryBridge_writesTraceparent_andMarksTheFailedCallAsAnError() {
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder()
                        .addSpanProcessor(SimpleSpanProcessor.create(spans))
                        .build())
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                .build();
        io.opentelemetry.api.trace.Tracer otelTracer = otel.getTracer("test");
        OtelCurrentTraceContext current = new OtelCurrentTraceContext();
        OtelTracer tracer = new OtelTracer(
                otelTracer,
                current,
                event -> {},
                new OtelBaggageManager(current, Collections.emptyList(), Collections.emptyList()));
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ObservationRegistry observations =
                registry(tracer, new OtelPropagator(otel.getPropagators(), otelTracer), meters);
        try (ConversationsSandbox sandbox = ConversationsSandbox.start()) {
            exercise(observations, sandbox);
            SpanData app = spans.getFinishedSpanItems().stream()
                    .filter(s -> s.getName().equals("application.work"))
                    .findFirst()
                    .orElseThrow(() ->
                            new AssertionError(spans.getFinishedSpanItems().toString()));
            checkTraceparents(sandbox, app.getTraceId());
            SpanData failed = spans.getFinishedSpanItems().stream()
                    .filter(s -> s.getName().equals("GET /conversations/messages/{id}"))
                    .findFirst()
                    .orElseThrow(() ->
                            new AssertionError(spans.getFinishedSpanItems().toString()));
            assertEquals(io.opentelemetry.api.trace.SpanKind.CLIENT, failed.getKind());
            assertEquals(StatusCode.ERROR, failed.getStatus().getStatusCode(), failed.toString());
        } finally {
            otel.close(); // the in-memory exporter forgets its spans then
        }
        checkErrorTags(meters);
    }
}
