package io.github.conversations4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.conversations4j.BrevoConversations;
import io.github.conversations4j.ConversationsClient;
import io.github.conversations4j.api.ConversationsApi;
import io.github.conversations4j.presence.AgentPresence;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What a client closes with itself: hooks run once, before the client, and leave when closed by themselves. */
class CloseHooksTest {

    private static ConversationsClient client() {
        return BrevoConversations.builder()
                .apiKey("k")
                .baseUrl("http://127.0.0.1:9/v3")
                .build();
    }

    private static int hooks(ConversationsClient client) {
        return Clients.handlerOf(client).closeHookCount();
    }

    @Test
    void presencesClosedByThemselvesLeaveTheClient() {
        try (ConversationsClient client = client()) {
            for (int i = 0; i < 1000; i++) {
                AgentPresence.builder(client).build().close();
            }
            assertEquals(0, hooks(client), "no presence kept alive by the client once closed");

            List<AgentPresence> open = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                open.add(AgentPresence.builder(client).build());
            }
            assertEquals(3, hooks(client));
            open.forEach(AgentPresence::close);
            assertEquals(0, hooks(client));
        }
    }

    @Test
    void closeRunsEachHookOnceBeforeTheClientClosesAndAHookThatThrowsStopsNothing() {
        ConversationsClient client = client();
        AtomicInteger closes = new AtomicInteger();
        List<Boolean> clientOpenDuringHook = new ArrayList<>();
        assertTrue(Clients.onClose(client, () -> {
            throw new IllegalStateException("a failing hook");
        }));
        assertTrue(Clients.onClose(client, () -> {
            closes.incrementAndGet();
            clientOpenDuringHook.add(!client.toString().contains("closed"));
        }));

        client.close();
        client.close();

        assertEquals(1, closes.get());
        assertEquals(List.of(true), clientOpenDuringHook, "hooks run while the client still works");
        assertTrue(client.toString().contains("closed"));
        assertEquals(0, hooks(client));
        assertThrows(IllegalStateException.class, () -> Clients.onClose(client, () -> {}));
        assertEquals(0, hooks(client));
    }

    @Test
    void aForeignApiHasNoHooks() {
        ConversationsApi foreign = (ConversationsApi) Proxy.newProxyInstance(
                ConversationsApi.class.getClassLoader(),
                new Class<?>[] {ConversationsApi.class},
                (proxy, method, args) -> null);
        ConversationsClient foreignClient = (ConversationsClient) Proxy.newProxyInstance(
                ConversationsClient.class.getClassLoader(),
                new Class<?>[] {ConversationsClient.class},
                (proxy, method, args) -> null);

        assertFalse(Clients.onClose(foreign, () -> {}));
        assertFalse(Clients.onClose(foreignClient, () -> {}), "a ConversationsClient not built by the SDK");
        Clients.removeOnClose(foreign, () -> {}); // nothing happens
    }
}
