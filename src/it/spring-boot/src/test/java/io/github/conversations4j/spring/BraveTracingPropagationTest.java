package io.github.conversations4j.spring;

import static org.junit.jupiter.api.Assertions.assertTrue;

import brave.Tracing;
import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.ThreadLocalCurrentTraceContext;
import brave.propagation.TraceContext;
import io.github.conversations4j.sandbox.ConversationsSandbox;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.brave.bridge.BraveBaggageManager;
import io.micrometer.tracing.brave.bridge.BraveCurrentTraceContext;
import io.micrometer.tracing.brave.bridge.BravePropagator;
import io.micrometer.tracing.brave.bridge.BraveTracer;
import io.micrometer.tracing.brave.bridge.W3CPropagation;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Micrometer Tracing's Brave bridge. */
class BraveTracingPropagationTest extends TracingPropagationTest {

    @Test
    void braveBridge_writesTraceparent_andMarksTheFailedCallAsAnError() {
        List<MutableSpan> finished = new CopyOnWriteArrayList<>();
        ThreadLocalCurrentTraceContext braveCurrent =
                ThreadLocalCurrentTraceContext.newBuilder().build();
        Tracing tracing = Tracing.newBuilder()
                .currentTraceContext(braveCurrent)
                .traceId128Bit(true)
                .propagationFactory(new W3CPropagation())
                .addSpanHandler(new SpanHandler() {
                    @Override
                    public boolean end(TraceContext context, MutableSpan span, Cause cause) {
                        finished.add(span);
                        return true;
                    }
                })
                .build();
        BraveTracer tracer = new BraveTracer(
                tracing.tracer(), new BraveCurrentTraceContext(braveCurrent), new BraveBaggageManager());
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ObservationRegistry observations = registry(tracer, new BravePropagator(tracing), meters);
        try (ConversationsSandbox sandbox = ConversationsSandbox.start()) {
            exercise(observations, sandbox);
            MutableSpan app = finished.stream()
                    .filter(s -> "application.work".equalsIgnoreCase(s.name()))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(finished.toString()));
            checkTraceparents(sandbox, app.traceId());
        } finally {
            tracing.close();
        }
        MutableSpan failed = finished.stream()
                .filter(s -> "GET /conversations/messages/{id}".equalsIgnoreCase(s.name()))
                .findFirst()
                .orElseThrow(() -> new AssertionError(finished.toString()));
        assertTrue(failed.error() != null || failed.tag("error") != null, "the span is an error: " + failed);
        checkErrorTags(meters);
    }
}
