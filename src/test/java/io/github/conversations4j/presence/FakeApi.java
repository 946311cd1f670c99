package io.github.conversations4j.presence;

import io.github.conversations4j.api.ConversationsApi;
import io.github.conversations4j.errors.BrevoApiException;
import io.github.conversations4j.model.Body12;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A {@code ConversationsApi} of one's own (not built by the SDK) that records each agent online ping and answers
 * it from a script: by default a success, else the next scripted outcome for that agent.
 */
final class FakeApi {
    /** One ping as received: when (on the ticker), the body, the thread. */
    record Ping(Duration at, Body12 body, Thread thread) {
        String agent() {
            return body.getAgentId() != null ? body.getAgentId() : body.getAgentEmail();
        }
    }

    /** What a ping does instead of succeeding. */
    @FunctionalInterface
    interface Outcome {
        void run() throws Exception;
    }

    private final LongSupplier ticker;
    private final List<Ping> pings = new ArrayList<>();
    private final Map<String, Deque<Outcome>> script = new java.util.HashMap<>();
    final ConversationsApi api;

    FakeApi(LongSupplier ticker) {
        this.ticker = ticker;
        this.api = (ConversationsApi) Proxy.newProxyInstance(
                ConversationsApi.class.getClassLoader(),
                new Class<?>[] {ConversationsApi.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "conversationsAgentOnlinePingPost":
                            ping((Body12) args[0]);
                            return null;
                        case "toString":
                            return "FakeApi";
                        case "hashCode":
                            return System.identityHashCode(proxy);
                        case "equals":
                            return proxy == args[0];
                        default:
                            throw new UnsupportedOperationException(method.getName());
                    }
                });
    }

    /** The next pings of {@code agent} (id or email) do these, in order; later ones succeed. */
    synchronized FakeApi then(String agent, Outcome... outcomes) {
        Deque<Outcome> queue = script.computeIfAbsent(agent, a -> new ArrayDeque<>());
        queue.addAll(List.of(outcomes));
        return this;
    }

    private void ping(Body12 body) throws Exception {
        Outcome outcome;
        synchronized (this) {
            Ping ping = new Ping(Duration.ofNanos(ticker.getAsLong()), body, Thread.currentThread());
            pings.add(ping);
            Deque<Outcome> queue = script.get(ping.agent());
            outcome = queue == null ? null : queue.poll();
        }
        if (outcome != null) {
            outcome.run();
        }
    }

    synchronized List<Ping> pings() {
        return List.copyOf(pings);
    }

    /** When each ping of {@code agent} arrived. */
    synchronized List<Duration> times(String agent) {
        return pings.stream().filter(p -> p.agent().equals(agent)).map(Ping::at).toList();
    }

    // ---------------------------------------------------------------- the SDK's own exceptions

    static BrevoApiException status(int status, Map<String, ? extends Collection<String>> headers) {
        return BrevoApiException.builder(status)
                .errorCode("code_" + status)
                .errorMessage("refused")
                .request("POST /conversations/agentOnlinePing")
                .headers(headers)
                .rawBody("{}")
                .build();
    }

    static Outcome fail(int status) {
        return () -> {
            throw status(status, Map.of());
        };
    }

    static Outcome fail(int status, Map<String, ? extends Collection<String>> headers) {
        return () -> {
            throw status(status, headers);
        };
    }
}
