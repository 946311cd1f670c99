package io.github.conversations4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import io.github.conversations4j.api.ConversationsApi;
import io.github.conversations4j.errors.NotFoundException;
import io.github.conversations4j.model.Body8;
import io.github.conversations4j.model.Body9;
import io.github.conversations4j.model.ConversationsMessage;
import io.github.conversations4j.sandbox.ConversationsSandbox;
import io.github.conversations4j.webhooks.ConversationsWebhooks;
import io.github.conversations4j.webhooks.WebhookEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The runtime dependencies are feign-core, jackson-core and jackson-annotations: on a class path of those and the
 * SDK alone (no jackson-databind), the client sends and reads against the sandbox, maps an error status, and the
 * webhook reader reads an event, strictly and leniently.
 */
class WithoutDatabindTest {

    /** Runs inside the class loader without databind; returns what it saw, one line per step. */
    public static final class Run implements Supplier<List<String>> {
        @Override
        public List<String> get() {
            List<String> seen = new ArrayList<>();
            try (ConversationsSandbox sandbox =
                    ConversationsSandbox.builder().apiKey("k").start()) {
                ConversationsApi api = BrevoConversations.builder()
                        .apiKey("k")
                        .baseUrl(sandbox.baseUrl())
                        .retryPolicy(RetryPolicy.none())
                        .build();
                ConversationsMessage sent = api.conversationsMessagesPost(
                        new Body8().visitorId("v1").text("Hi <you>").agentId("a1"));
                seen.add("sent " + sent.getText() + " " + sent.getHtml());
                seen.add("edited "
                        + api.conversationsMessagesIdPut(sent.getId(), new Body9().text("Bye"))
                                .getText());
                seen.add("read " + api.conversationsMessagesIdGet(sent.getId()).getText());
                seen.add("recorded " + sandbox.requests().get(0).body());
                try {
                    api.conversationsMessagesIdGet("nope0000000000000");
                } catch (NotFoundException e) {
                    seen.add("404 " + e.errorCode());
                }
            }
            WebhookEvent strict = ConversationsWebhooks.parse("{\"eventName\":\"conversationFragment\","
                    + "\"conversationId\":\"c1\",\"messages\":[{\"id\":\"m1\",\"type\":\"visitor\",\"text\":\"t\"}]}");
            seen.add("strict " + strict.messages().size() + " " + strict.problems());
            WebhookEvent lenient = ConversationsWebhooks.parse("{\"eventName\":\"conversationFragment\","
                    + "\"messages\":[{\"id\":\"m1\",\"type\":\"visitor\",\"text\":\"t\",\"createdAt\":[1]}]}");
            seen.add("lenient " + lenient.messages().size() + " " + lenient.problems());
            return seen;
        }
    }

    @Test
    void theClientTheSandboxAndTheWebhookReaderWorkWithoutDatabind() throws Exception {
        try (IsolatingLoader loader = new IsolatingLoader(
                "databind",
                BrevoConversations.class,
                WithoutDatabindTest.class,
                feign.Client.class,
                JsonParser.class,
                JsonProperty.class)) {
            assertThrows(
                    ClassNotFoundException.class,
                    () -> Class.forName("com.fasterxml.jackson.databind.ObjectMapper", false, loader));
            loader.asked.clear(); // that probe was this test's own
            Supplier<List<String>> run = loader.instance(Run.class);
            List<String> seen = run.get();
            assertEquals(
                    List.of(
                            "sent Hi <you> Hi &lt;you&gt;",
                            "edited Bye",
                            "read Bye",
                            "recorded {\"visitorId\":\"v1\",\"text\":\"Hi <you>\",\"agentId\":\"a1\"}",
                            "404 document_not_found",
                            "strict 1 []",
                            "lenient 1 [messages[0].createdAt]"),
                    seen);
            assertTrue(loader.asked.contains("io.github.conversations4j.sandbox.SandboxHandler"), "the sandbox ran");
            assertEquals(
                    List.of(),
                    loader.asked.stream()
                            .filter(n -> n.startsWith("com.fasterxml.jackson.databind."))
                            .distinct()
                            .toList());
        }
    }

    @Test
    void noMainClassNamesDatabind() throws Exception {
        List<String> naming = IsolatingLoader.mainClassesNaming("com/fasterxml/jackson/databind");
        assertEquals(List.of(), naming);
    }
}
