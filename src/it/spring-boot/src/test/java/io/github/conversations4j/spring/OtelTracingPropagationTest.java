package io.github.conversations4j.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import brave.Tracing;
import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.ThreadLocalCurrentTraceContext;
import brave.propagation.TraceContext;
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
import io.micrometer.tracing.brave.bridge.BraveBaggageManager;
import io.micrometer.tracing.brave.bridge.BraveCurrentTraceContext;
import io.micrometer.tracing.brave.bridge.BravePropagator;
import io.micrometer.tracing.brave.bridge.BraveTracer;
import io.micrometer.tracing.brave.bridge.W3CPropagation;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelBaggageManager;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.micrometer.tracing.propagation.Propagator;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;

/** Micrometer Tracing's OpenTelemetry bridge. */
class OtelTracingPropagationTest extends TracingPropagationTest {

  @Test
  void openTelemetryBridge_writesTraceparent_andMarksTheFailedCallAsAnError() {
    InMemorySpanExporter spans = InMemorySpanExporter.create();
    OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
        .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
        .build();
    io.opentelemetry.api.trace.Tracer otelTracer = otel.getTracer("test");
    OtelCurrentTraceContext current = new OtelCurrentTraceContext();
    OtelTracer tracer = new OtelTracer(otelTracer, current, event -> { },
        new OtelBaggageManager(current, Collections.emptyList(), Collections.emptyList()));
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    ObservationRegistry observations = registry(tracer, new OtelPropagator(otel.getPropagators(), otelTracer), meters);
    try (ConversationsSandbox sandbox = ConversationsSandbox.start()) {
      exercise(observations, sandbox);
      SpanData app = spans.getFinishedSpanItems().stream().filter(s -> s.getName().equals("application.work"))
          .findFirst().orElseThrow(() -> new AssertionError(spans.getFinishedSpanItems().toString()));
      checkTraceparents(sandbox, app.getTraceId());
      SpanData failed = spans.getFinishedSpanItems().stream()
          .filter(s -> s.getName().equals("GET /conversations/messages/{id}")).findFirst()
          .orElseThrow(() -> new AssertionError(spans.getFinishedSpanItems().toString()));
      assertEquals(io.opentelemetry.api.trace.SpanKind.CLIENT, failed.getKind());
      assertEquals(StatusCode.ERROR, failed.getStatus().getStatusCode(), failed.toString());
    } finally {
      otel.close(); // the in-memory exporter forgets its spans then
    }
    checkErrorTags(meters);
  }

}
