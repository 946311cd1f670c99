package io.github.conversations4j.webhooks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.github.conversations4j.errors.InvalidWebhookException;
import io.github.conversations4j.internal.Clients;
import io.github.conversations4j.internal.ErrorFactory;
import io.github.conversations4j.model.ConversationFragmentEvent;
import io.github.conversations4j.model.ConversationStartedEvent;
import io.github.conversations4j.model.ConversationTranscriptEvent;
import io.github.conversations4j.model.ConversationsAgent;
import io.github.conversations4j.model.ConversationsMessage;
import io.github.conversations4j.model.ConversationsVisitor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Reads Brevo's Conversations webhooks, and checks the secret token an integration puts in its webhook URL.
 *
 * <pre>{@code
 * // in your HTTP handler, for POST /brevo/webhook?token=...
 * if (!ConversationsWebhooks.tokenMatches(secret, queryParameter("token"))) { answer(403); return; }
 * WebhookEvent event = ConversationsWebhooks.parse(requestBodyBytes);   // InvalidWebhookException: answer 400
 * for (ConversationsMessage m : event.messagesNotFrom("MyHelpdesk")) { ... }   // skip what you sent yourself
 * answer(200);
 * }</pre>
 *
 * <p>Brevo documents no signature for these webhooks: nothing but a secret the sender must know tells Brevo's
 * requests from anyone's. Configure the webhook URL in Brevo's Conversations settings with a long random token
 * (for instance 32 random bytes, Base64url) and check it with {@link #tokenMatches}; serve the URL over HTTPS only,
 * so that the token is not seen on the way. Brevo may deliver an event twice and in any order: handle each message
 * once, by its id.
 */
public final class ConversationsWebhooks {
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    /** How much of a bad body an exception message quotes: enough to recognise it, too little to leak a message. */
    static final int QUOTED_CHARS = 16;

    private ConversationsWebhooks() {}

    /**
     * Reads a webhook body.
     *
     * @param body the request body, as received
     * @return the event: {@link ConversationStarted}, {@link ConversationFragment}, {@link ConversationTranscript},
     *     or {@link UnknownWebhookEvent} for another {@code eventName}
     * @throws InvalidWebhookException when the body is null or blank, not JSON, not a JSON object, or has no string
     *     {@code eventName}. A known event with a field of an unexpected shape is read all the same: the field is
     *     left out and named in {@link WebhookEvent#problems()}
     */
    public static WebhookEvent parse(String body) {
        return parse(body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads a webhook body, whatever its {@code Content-Type} said (JSON in UTF-8, UTF-16 or UTF-32).
     *
     * @param body the request body, as received
     * @return the event: {@link ConversationStarted}, {@link ConversationFragment}, {@link ConversationTranscript},
     *     or {@link UnknownWebhookEvent} for another {@code eventName}
     * @throws InvalidWebhookException when the body is null or blank, not JSON, not a JSON object, or has no string
     *     {@code eventName}. A known event with a field of an unexpected shape is read all the same: the field is
     *     left out and named in {@link WebhookEvent#problems()}
     */
    public static WebhookEvent parse(byte[] body) {
        if (body == null) {
            throw invalid("Invalid webhook: the body is null");
        }
        String eventName = eventName(body);
        return switch (eventName) {
            case "conversationStarted" ->
                read(eventName, body, ConversationStartedEvent.class, ConversationStarted::new);
            case "conversationFragment" ->
                read(eventName, body, ConversationFragmentEvent.class, ConversationFragment::new);
            case "conversationTranscript" ->
                read(eventName, body, ConversationTranscriptEvent.class, ConversationTranscript::new);
            default -> unknown(eventName, body);
        };
    }

    /**
     * A known event: read strictly, else (the strict reading refused it) read again with each field of an unexpected
     * shape left out and named.
     */
    private static <M> WebhookEvent read(
            String eventName, byte[] body, Class<M> type, BiFunction<M, List<String>, WebhookEvent> event) {
        try {
            return event.apply(Clients.readModel(body, type), List.of());
        } catch (IOException strict) {
            try {
                return LenientReader.read(body, type, event);
            } catch (IOException | RuntimeException e) {
                // The strict reading's complaint names the first odd field (never its value).
                throw invalid("Invalid " + eventName + " webhook: " + problem(strict));
            }
        }
    }

    private static InvalidWebhookException invalid(String message) {
        return ErrorFactory.get().invalidWebhook(message, null);
    }

    /**
     * Whether the token a request presents is the integration's secret, compared in constant time (the time taken
     * says nothing about how much of the token was right, nor about its length).
     *
     * @param expected the integration's secret token
     * @param actual the token the request presents (for instance a query parameter of the webhook URL); may be null
     * @return true when both are equal
     * @throws IllegalArgumentException when {@code expected} is null or blank: that is a configuration mistake, and
     *     it must not let every request in
     */
    public static boolean tokenMatches(String expected, String actual) {
        if (expected == null || expected.isBlank()) {
            throw new IllegalArgumentException("the expected webhook token must not be null or blank");
        }
        if (actual == null) {
            return false;
        }
        // Digests first: MessageDigest.isEqual is constant-time for equal lengths, and both digests are 32 bytes.
        return MessageDigest.isEqual(sha256(expected), sha256(actual));
    }

    /** The digest of the string's UTF-16 code units as they are (an encoder would replace a lone surrogate). */
    private static byte[] sha256(String s) {
        byte[] units = new byte[s.length() * 2];
        for (int i = 0; i < s.length(); i++) {
            units[2 * i] = (byte) (s.charAt(i) >>> 8);
            units[2 * i + 1] = (byte) s.charAt(i);
        }
        return Events.sha256(units);
    }

    /** The top-level eventName, checking on the way that the body is one well-formed JSON object. */
    private static String eventName(byte[] body) {
        String eventName = null;
        try (JsonParser p = JSON.createParser(body)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw invalid("Invalid webhook: the body is empty");
            }
            if (t != JsonToken.START_OBJECT) {
                throw invalid("Invalid webhook: the body is not a JSON object (it starts with " + quote(body) + ")");
            }
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                t = p.nextToken();
                if (name.equals("eventName") && t == JsonToken.VALUE_STRING) {
                    eventName = p.getText();
                } else {
                    p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                throw invalid("Invalid webhook: more than one JSON value in the body");
            }
        } catch (JsonProcessingException e) {
            // Not Jackson's message: it quotes the offending token, which may be a visitor's text.
            long at = e.getLocation() == null ? -1 : e.getLocation().getByteOffset();
            throw invalid("Invalid webhook: the body is not well-formed JSON ("
                    + (at >= 0 ? "at byte " + at + "; " : "") + "it starts with " + quote(body) + ")");
        } catch (IOException e) {
            throw ErrorFactory.get().invalidWebhook("Invalid webhook: the body cannot be read", e);
        }
        if (eventName == null || eventName.isBlank()) {
            throw invalid("Invalid webhook: no eventName (a JSON object without a string \"eventName\" is no"
                    + " Conversations event)");
        }
        return eventName;
    }

    /** An unknown event: what can be read of the shared fields, never an error. */
    private static UnknownWebhookEvent unknown(String eventName, byte[] body) {
        String conversationId = null;
        List<ConversationsMessage> messages = new ArrayList<>();
        List<ConversationsAgent> agents = new ArrayList<>();
        ConversationsVisitor visitor = null;
        try (JsonParser p = JSON.createParser(body)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                switch (name) {
                    case "conversationId" -> {
                        if (t == JsonToken.VALUE_STRING) {
                            conversationId = p.getText();
                        } else {
                            p.skipChildren(); // an object's inner fields are not the event's own
                        }
                    }
                    case "message" -> addIfReadable(messages, p, ConversationsMessage.class);
                    case "messages" -> readArray(messages, p, ConversationsMessage.class);
                    case "agent" -> addIfReadable(agents, p, ConversationsAgent.class);
                    case "agents" -> readArray(agents, p, ConversationsAgent.class);
                    case "visitor" -> visitor = readOrNull(p, ConversationsVisitor.class);
                    default -> p.skipChildren();
                }
            }
        } catch (IOException e) { // eventName(body) read it whole already
            throw ErrorFactory.get().invalidWebhook("Invalid webhook: the body cannot be read", e);
        }
        return new UnknownWebhookEvent(eventName, conversationId, messages, agents, visitor, text(body));
    }

    /**
     * The body as text, in the encoding JSON allows it to have (RFC 8259 8.1 and RFC 4627 3): a byte-order mark, else
     * the pattern of zero bytes in the first four, else UTF-8. The same detection Jackson's parser makes.
     */
    static String text(byte[] body) {
        int n = body.length;
        int b0 = n > 0 ? body[0] & 0xff : -1;
        int b1 = n > 1 ? body[1] & 0xff : -1;
        int b2 = n > 2 ? body[2] & 0xff : -1;
        int b3 = n > 3 ? body[3] & 0xff : -1;
        if (b0 == 0xef && b1 == 0xbb && b2 == 0xbf) {
            return new String(body, 3, n - 3, StandardCharsets.UTF_8);
        }
        if (b0 == 0 && b1 == 0 && b2 == 0xfe && b3 == 0xff) {
            return new String(body, 4, n - 4, java.nio.charset.Charset.forName("UTF-32BE"));
        }
        if (b0 == 0xff && b1 == 0xfe && b2 == 0 && b3 == 0) {
            return new String(body, 4, n - 4, java.nio.charset.Charset.forName("UTF-32LE"));
        }
        if (b0 == 0xfe && b1 == 0xff) {
            return new String(body, 2, n - 2, StandardCharsets.UTF_16BE);
        }
        if (b0 == 0xff && b1 == 0xfe) {
            return new String(body, 2, n - 2, StandardCharsets.UTF_16LE);
        }
        if (n >= 4 && b0 == 0 && b1 == 0 && b2 == 0 && b3 != 0) {
            return new String(body, java.nio.charset.Charset.forName("UTF-32BE"));
        }
        if (n >= 4 && b0 != 0 && b1 == 0 && b2 == 0 && b3 == 0) {
            return new String(body, java.nio.charset.Charset.forName("UTF-32LE"));
        }
        if (n >= 2 && b0 == 0 && b1 != 0) {
            return new String(body, StandardCharsets.UTF_16BE);
        }
        if (n >= 2 && b0 != 0 && b1 == 0) {
            return new String(body, StandardCharsets.UTF_16LE);
        }
        return new String(body, StandardCharsets.UTF_8);
    }

    private static <T> void readArray(List<T> into, JsonParser p, Class<T> type) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            p.skipChildren();
            return;
        }
        while (p.nextToken() != JsonToken.END_ARRAY) {
            addIfReadable(into, p, type);
        }
    }

    private static <T> void addIfReadable(List<T> into, JsonParser p, Class<T> type) throws IOException {
        T value = readOrNull(p, type);
        if (value != null) {
            into.add(value);
        }
    }

    /** The value under the parser as a model, or null when it is not one (it is skipped either way). */
    private static <T> T readOrNull(JsonParser p, Class<T> type) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            return null;
        }
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(copy)) {
            g.copyCurrentStructure(p);
        }
        try {
            return Clients.readModel(copy.toByteArray(), type);
        } catch (IOException e) {
            return null;
        }
    }

    /** The parser's complaint without the location Jackson appends (which quotes the body). */
    private static String problem(IOException e) {
        String message = e instanceof JsonProcessingException
                ? ((JsonProcessingException) e).getOriginalMessage()
                : e.getMessage();
        return message == null
                ? e.getClass().getSimpleName()
                : message.lines().findFirst().orElse(message);
    }

    /**
     * The shape of a body's first characters: letters shown as {@code a}, digits as {@code 0}, other printable ASCII
     * as it is, anything else escaped. Enough to tell an HTML page or an array from an object, and nothing of what
     * a visitor wrote (issue 20: no visitor data in any exception message).
     */
    static String quote(byte[] body) {
        String text = text(body.length > QUOTED_CHARS * 8 ? java.util.Arrays.copyOf(body, QUOTED_CHARS * 8) : body);
        StringBuilder out = new StringBuilder("\"");
        int shown = 0;
        for (int i = 0; i < text.length() && shown < QUOTED_CHARS; i++, shown++) {
            char c = text.charAt(i);
            if (Character.isLetter(c)) {
                out.append('a');
            } else if (Character.isDigit(c)) {
                out.append('0');
            } else if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
                out.append(c);
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        out.append('"');
        if (text.length() > shown || body.length > QUOTED_CHARS * 8) {
            out.append("...");
        }
        return out.toString();
    }
}
