package io.github.conversations4j.sandbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.github.conversations4j.model.ConversationsMessage.TypeEnum;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Serves one HTTP exchange: faults, key, rate limit, routing, body checks, then the operation. */
final class SandboxHandler implements HttpHandler {
    private static final int MAX_BODY = 1024 * 1024;
    private static final String MESSAGES = "/conversations/messages";
    private static final String PUSHED = "/conversations/pushedMessages";
    private static final String PING = "/conversations/agentOnlinePing";
    private static final String VISITOR_GROUP = "/conversations/visitorGroup";
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

    private final ConversationsSandbox sandbox;

    SandboxHandler(ConversationsSandbox sandbox) {
        this.sandbox = sandbox;
    }

    /** A response to send: status, optional JSON body, extra headers. */
    private record Reply(int status, byte[] body, Map<String, String> headers) {
        static Reply json(int status, Map<String, Object> node) {
            return new Reply(status, Json.write(node), new LinkedHashMap<>());
        }

        static Reply empty(int status) {
            return new Reply(status, null, new LinkedHashMap<>());
        }

        static Reply error(int status, String code, String message) {
            Map<String, Object> node = new LinkedHashMap<>();
            node.put("code", code);
            node.put("message", message);
            return json(status, node);
        }
    }

    /** A request that breaks the contract; becomes an ErrorModel response. */
    private static final class Refusal extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient Reply reply;

        Refusal(int status, String code, String message) {
            super(message, null, false, false);
            this.reply = Reply.error(status, code, message);
        }
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            String path = exchange.getRequestURI().getRawPath();
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readNBytes(MAX_BODY + 1);
                in.transferTo(OutputStream.nullOutputStream()); // the rest of a body too large, so the answer is read
            }
            ConversationsSandbox.Fault fault = sandbox.faults.poll();
            if (fault != null && fault.kind() == ConversationsSandbox.Fault.Kind.DROP) {
                record(exchange, method, path, body, 0);
                return; // closed in finally without a response: the client sees the connection end
            }
            if (fault != null && fault.kind() == ConversationsSandbox.Fault.Kind.DELAY) {
                long before = sandbox.generation.get();
                Thread.sleep(fault.delay().toMillis());
                if (sandbox.generation.get() != before) {
                    return; // the sandbox was reset meanwhile (the next test): this request must not land in it
                }
            }
            Reply reply;
            if (fault != null && fault.kind() == ConversationsSandbox.Fault.Kind.STATUS) {
                reply = Reply.error(
                        fault.status(),
                        codeFor(fault.status()),
                        "Injected fault: HTTP " + fault.status() + " (sandbox.failNext)");
            } else if (body.length > MAX_BODY) {
                reply = Reply.error(400, "invalid_parameter", "Request body is larger than " + MAX_BODY + " bytes");
            } else {
                reply = process(exchange, method, path, body);
            }
            record(exchange, method, path, body, reply.status());
            send(exchange, reply);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            String failure = "Sandbox failure: " + e.getClass().getSimpleName();
            send(exchange, Reply.error(500, "internal_error", failure));
        } finally {
            exchange.close();
        }
    }

    private Reply process(HttpExchange exchange, String method, String path, byte[] body) {
        RateLimiter limiter = sandbox.rateLimiter;
        boolean keyMatches = sandbox.keyMatches(exchange.getRequestHeaders().getFirst("api-key"));
        RateLimiter.Decision decision = limiter == null
                ? null
                : keyMatches ? limiter.acquire(sandbox.clock.instant()) : limiter.peek(sandbox.clock.instant());
        Reply reply;
        if (!keyMatches) {
            reply = Reply.error(401, "unauthorized", "Key not found");
        } else if (decision != null && !decision.allowed()) {
            reply = Reply.error(
                    429,
                    "too_many_requests",
                    "Too many requests: " + decision.limit() + " allowed per window, retry in "
                            + decision.resetSeconds() + " s");
        } else {
            try {
                reply = route(method, path, body);
            } catch (Refusal refusal) {
                reply = refusal.reply;
            }
        }
        if (decision != null) {
            reply.headers().put("x-sib-ratelimit-limit", Integer.toString(decision.limit()));
            reply.headers().put("x-sib-ratelimit-remaining", Integer.toString(decision.remaining()));
            reply.headers().put("x-sib-ratelimit-reset", Long.toString(decision.resetSeconds()));
        }
        return reply;
    }

    private Reply route(String method, String rawPath, byte[] body) throws Refusal {
        String prefix = ConversationsSandbox.BASE_PATH;
        if (!rawPath.startsWith(prefix + "/")) {
            throw unknownPath(method, rawPath);
        }
        String path = rawPath.substring(prefix.length());
        switch (path) {
            case PING, MESSAGES, PUSHED, VISITOR_GROUP -> {
                allow(method, path.equals(VISITOR_GROUP) ? "PUT" : "POST");
                Map<String, Object> json = object(body);
                return switch (path) {
                    case PING -> ping(json);
                    case VISITOR_GROUP -> assignGroup(json);
                    default -> sendMessage(json, path.equals(PUSHED));
                };
            }
            default -> {}
        }
        boolean pushed = path.startsWith(PUSHED + "/");
        if (!pushed && !path.startsWith(MESSAGES + "/")) {
            throw unknownPath(method, rawPath);
        }
        String idSegment = path.substring((pushed ? PUSHED : MESSAGES).length() + 1);
        if (idSegment.isEmpty() || idSegment.indexOf('/') >= 0) {
            throw unknownPath(method, rawPath);
        }
        allow(method, "GET", "PUT", "DELETE");
        String id;
        try {
            id = URLDecoder.decode(idSegment.replace("+", "%2B"), StandardCharsets.UTF_8); // '+' is no space in a path
        } catch (IllegalArgumentException e) {
            throw new Refusal(400, "invalid_parameter", "id is not a valid path segment");
        }
        return switch (method) {
            case "GET" -> Reply.json(200, toJson(find(id, pushed).message()));
            case "PUT" -> edit(id, pushed, object(body));
            default -> delete(id, pushed);
        };
    }

    // ---------------------------------------------------------------- operations

    private Reply ping(Map<String, Object> body) throws Refusal {
        sandbox.setOnline(agent(body));
        return Reply.empty(201);
    }

    /** Body8 for an agent's message, Body10 for an automated ({@code pushed}) one. */
    private Reply sendMessage(Map<String, Object> body, boolean pushed) throws Refusal {
        String visitorId = requiredText(body, "visitorId");
        String text = requiredText(body, "text");
        String given = pushed ? optionalText(body, "agentId") : agent(body);
        if (pushed) {
            optionalText(body, "groupId"); // type-checked; any group's agent is a random one here
        }
        String agentId = given != null ? given : Ids.random(); // only an automated message may name no agent
        String receivedFrom = pushed ? null : optionalText(body, "receivedFrom");
        String agentName = sandbox.agentNames.get(agentId);
        long now = sandbox.clock.millis();
        SandboxMessage message = sandbox.store(id ->
                new SandboxMessage(id, TypeEnum.AGENT, text, visitorId, agentId, agentName, now, pushed, receivedFrom));
        return Reply.json(200, toJson(message));
    }

    private Reply assignGroup(Map<String, Object> body) throws Refusal {
        String visitorId = requiredText(body, "visitorId");
        if (!body.containsKey("groupId")) {
            throw new Refusal(
                    400,
                    "missing_parameter",
                    "groupId is required (a group id, or null to remove the visitor from their group)");
        }
        String groupId = optionalText(body, "groupId");
        if (groupId == null && body.get("groupId") != null) {
            throw new Refusal(400, "invalid_parameter", "groupId must not be blank");
        }
        if (!sandbox.assignGroup(visitorId, groupId)) {
            throw new Refusal(404, "document_not_found", "Visitor not found");
        }
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("groupId", groupId);
        node.put("visitorId", visitorId);
        return Reply.json(200, node);
    }

    private Reply edit(String id, boolean pushed, Map<String, Object> body) throws Refusal {
        String text = requiredText(body, "text");
        agentMessage(id, pushed, "edited");
        SandboxMessage edited = sandbox.edit(id, text);
        if (edited == null) {
            throw notFound();
        }
        return Reply.json(200, toJson(edited));
    }

    private Reply delete(String id, boolean pushed) throws Refusal {
        // A failed remove means it was edited or deleted meanwhile: look again.
        if (!sandbox.messages.remove(id, agentMessage(id, pushed, "deleted"))
                && !sandbox.messages.remove(id, find(id, pushed))) {
            throw notFound();
        }
        return Reply.empty(204);
    }

    /** Brevo lets agents' messages only be edited or deleted. */
    private ConversationsSandbox.Stored agentMessage(String id, boolean pushed, String verb) throws Refusal {
        ConversationsSandbox.Stored stored = find(id, pushed);
        if (stored.message().type() != TypeEnum.AGENT) {
            throw new Refusal(400, "invalid_parameter", "Only agents' messages can be " + verb);
        }
        return stored;
    }

    private ConversationsSandbox.Stored find(String id, boolean pushed) throws Refusal {
        ConversationsSandbox.Stored stored = sandbox.messages.get(id);
        if (stored == null || stored.message().pushed() != pushed) {
            throw notFound();
        }
        return stored;
    }

    private static Refusal notFound() {
        return new Refusal(404, "document_not_found", "Message not found");
    }

    // ---------------------------------------------------------------- body checks

    private static Map<String, Object> object(byte[] body) throws Refusal {
        if (body.length == 0 || new String(body, StandardCharsets.UTF_8).isBlank()) {
            throw new Refusal(400, "missing_parameter", "Request body is required");
        }
        try {
            return Json.readObject(body);
        } catch (IOException e) {
            throw new Refusal(400, "invalid_parameter", "Request body is not valid JSON");
        } catch (IllegalArgumentException e) {
            throw new Refusal(400, "invalid_parameter", "Request body must be a JSON object");
        }
    }

    private static String requiredText(Map<String, Object> body, String field) throws Refusal {
        String value = optionalText(body, field);
        if (value == null) {
            if (body.get(field) != null) {
                throw new Refusal(400, "invalid_parameter", field + " must not be blank");
            }
            throw new Refusal(400, "missing_parameter", field + " is required");
        }
        return value;
    }

    /** A string field: null when absent, JSON null or blank; refused when of another JSON type. */
    private static String optionalText(Map<String, Object> body, String field) throws Refusal {
        Object node = body.get(field);
        if (node == null) {
            return null;
        }
        if (!(node instanceof String text)) {
            throw new Refusal(400, "invalid_parameter", field + " must be a string, was " + Json.typeName(node));
        }
        return text.isBlank() ? null : text;
    }

    /**
     * Brevo's rule for Body8 and Body12: {@code agentId}, or all three of {@code agentEmail}, {@code agentName}
     * and {@code receivedFrom}. Returns the agent id, remembering the name of an agent named by email.
     */
    private String agent(Map<String, Object> body) throws Refusal {
        String agentId = optionalText(body, "agentId");
        String email = optionalText(body, "agentEmail");
        String name = optionalText(body, "agentName");
        String receivedFrom = optionalText(body, "receivedFrom");
        if (email != null && !EMAIL.matcher(email).matches()) {
            throw new Refusal(400, "invalid_parameter", "agentEmail must be an email address");
        }
        if (agentId == null && (email == null || name == null || receivedFrom == null)) {
            String missing = Stream.of(
                            email == null ? "agentEmail" : null,
                            name == null ? "agentName" : null,
                            receivedFrom == null ? "receivedFrom" : null)
                    .filter(Objects::nonNull)
                    .collect(Collectors.joining(", "));
            throw new Refusal(
                    400,
                    "missing_parameter",
                    "agentId is required, or all three of agentEmail, agentName and receivedFrom (missing: " + missing
                            + ")");
        }
        String id = agentId != null ? agentId : Ids.forEmail(email);
        if (name != null) {
            sandbox.agentNames.put(id, name);
        }
        return id;
    }

    // ---------------------------------------------------------------- HTTP helpers

    private static void allow(String method, String... allowed) throws Refusal {
        if (List.of(allowed).contains(method)) {
            return;
        }
        Refusal refusal = new Refusal(405, "method_not_allowed", method + " Method is not allowed on this path");
        refusal.reply.headers().put("Allow", String.join(", ", allowed));
        throw refusal;
    }

    private static Refusal unknownPath(String method, String rawPath) {
        return new Refusal(404, "not_found", "No such endpoint: " + method + " " + rawPath);
    }

    static Map<String, Object> toJson(SandboxMessage message) {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("id", message.id());
        node.put("type", message.type().getValue());
        node.put("text", message.text());
        node.put("html", html(message.text()));
        node.put("visitorId", message.visitorId());
        if (message.agentId() != null) {
            node.put("agentId", message.agentId());
        }
        if (message.agentName() != null) {
            node.put("agentName", message.agentName());
        }
        node.put("createdAt", message.createdAt());
        node.put("isPushed", message.pushed());
        node.put("isTrigger", false);
        node.put("isMissed", false);
        node.put("isMissedByVisitor", false);
        if (message.receivedFrom() != null) {
            node.put("receivedFrom", message.receivedFrom());
        }
        return node;
    }

    /** The message's {@code html}: its text with HTML's special characters escaped and line breaks as {@code <br>}. */
    static String html(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                case '\n' -> out.append("<br>");
                case '\r' -> {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                        i++; // \r\n is one line break
                    }
                    out.append("<br>");
                }
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static String codeFor(int status) {
        return switch (status) {
            case 401 -> "unauthorized";
            case 402 -> "not_enough_credits";
            case 403 -> "permission_denied";
            case 404 -> "document_not_found";
            case 405 -> "method_not_allowed";
            case 406 -> "not_acceptable";
            case 422 -> "unprocessable_entity";
            case 429 -> "too_many_requests";
            default -> status >= 500 ? "internal_error" : "bad_request";
        };
    }

    private void record(HttpExchange exchange, String method, String path, byte[] body, int status) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> {
            boolean secret = name.equalsIgnoreCase("api-key") || name.equalsIgnoreCase("partner-key");
            headers.put(name, secret ? List.of(RecordedRequest.REDACTED) : values);
        });
        String text = new String(body, 0, Math.min(body.length, MAX_BODY), StandardCharsets.UTF_8);
        sandbox.record(new RecordedRequest(method, path, headers, text, status));
    }

    private static void send(HttpExchange exchange, Reply reply) throws IOException {
        reply.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        if (reply.body() == null) {
            exchange.sendResponseHeaders(reply.status(), -1);
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(reply.status(), reply.body().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(reply.body());
        }
    }
}
