package io.github.conversations4j.webhooks.jdbc;

import io.github.conversations4j.webhooks.ConversationsWebhooks;
import io.github.conversations4j.webhooks.WebhookEvent;
import java.nio.charset.StandardCharsets;
import java.util.StringJoiner;

/** Webhook bodies as Brevo sends them, small. */
final class Events {
    private Events() {}

    static String fragment(String conversationId, String... messageIds) {
        return "{\"eventName\":\"conversationFragment\",\"conversationId\":\"" + conversationId + "\",\"messages\":"
                + messages(messageIds) + ",\"agents\":[],\"visitor\":{\"id\":\"visitor-" + conversationId + "\"}}";
    }

    static String transcript(String conversationId, String... messageIds) {
        return "{\"eventName\":\"conversationTranscript\",\"conversationId\":\"" + conversationId + "\",\"messages\":"
                + messages(messageIds) + ",\"missedMessagesCount\":0,\"agents\":[],\"visitor\":{\"id\":\"visitor-"
                + conversationId + "\",\"isBanned\":false}}";
    }

    private static String messages(String... ids) {
        StringJoiner list = new StringJoiner(",", "[", "]");
        long t = 1_760_000_000_000L;
        for (String id : ids) {
            list.add("{\"id\":\"" + id + "\",\"type\":\"visitor\",\"text\":\"secret text of " + id + "\",\"createdAt\":"
                    + (t++) + ",\"visitorId\":\"v\"}");
        }
        return list.toString();
    }

    static byte[] bytes(String body) {
        return body.getBytes(StandardCharsets.UTF_8);
    }

    static WebhookEvent parse(String body) {
        return ConversationsWebhooks.parse(bytes(body));
    }
}
