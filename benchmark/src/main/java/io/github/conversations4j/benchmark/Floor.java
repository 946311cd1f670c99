package io.github.conversations4j.benchmark;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.github.conversations4j.model.Body10;
import io.github.conversations4j.model.Body8;
import io.github.conversations4j.model.Body9;
import io.github.conversations4j.model.ConversationsMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The floor: the least any client can do for these calls. One kept-alive socket per thread; the request written
 * as bytes (a prebuilt head, the Content-Length digits, the body written field by field with jackson-core's
 * generator into a reused buffer); the status, headers and Content-Length body parsed by hand from a reused buffer;
 * the body read field by field with jackson-core's parser into the SDK's own {@link ConversationsMessage}. No
 * databind, no pooling logic, no interceptors, no validation, no retries.
 */
final class Floor implements Target {
    private static final JsonFactory JSON = new JsonFactory();

    private final String host;
    private final int port;
    private final String basePath;
    private final String apiKey;
    private final ThreadLocal<Conn> conns = ThreadLocal.withInitial(this::open);
    private final List<Conn> all = new ArrayList<>();

    Floor(String baseUrl, String apiKey) {
        URI u = URI.create(baseUrl);
        this.host = u.getHost();
        this.port = u.getPort();
        this.basePath = u.getRawPath();
        this.apiKey = apiKey;
    }

    @Override
    public String name() {
        return "floor";
    }

    @Override
    public String send() {
        Conn c = conns.get();
        ConversationsMessage m = c.call(
                c.postPushed,
                null,
                c.bodyHead,
                new Body10().visitorId(Main.VISITOR).text(Main.TEXT),
                0);
        return m.getId();
    }

    @Override
    public String life() {
        Conn c = conns.get();
        ConversationsMessage sent = c.call(
                c.postAgent,
                null,
                c.bodyHead,
                new Body8().visitorId(Main.VISITOR).text(Main.TEXT).agentId(Main.AGENT),
                0);
        String id = sent.getId();
        ConversationsMessage got = c.call(c.getMessage, id, c.noBodyHead, null, 0);
        c.call(c.putMessage, id, c.bodyHead, new Body9().text(Main.EDITED), 0);
        c.call(c.deleteMessage, id, c.noBodyHead, null, 204);
        return got.getId();
    }

    private Conn open() {
        try {
            Socket s = new Socket();
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(host, port));
            Conn c = new Conn(s);
            synchronized (all) {
                all.add(c);
            }
            return c;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() {
        synchronized (all) {
            for (Conn c : all) {
                try {
                    c.socket.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
            all.clear();
        }
    }

    /** One connection with its buffers. Used by one thread only. */
    private final class Conn {
        final Socket socket;
        final InputStream in;
        final OutputStream out;
        final byte[] postPushed = ascii("POST " + basePath + "/conversations/pushedMessages");
        final byte[] postAgent = ascii("POST " + basePath + "/conversations/messages");
        final byte[] getMessage = ascii("GET " + basePath + "/conversations/messages/");
        final byte[] putMessage = ascii("PUT " + basePath + "/conversations/messages/");
        final byte[] deleteMessage = ascii("DELETE " + basePath + "/conversations/messages/");
        /** The rest of the head up to the Content-Length value. */
        final byte[] bodyHead = ascii(" HTTP/1.1\r\nHost: " + host + ":" + port + "\r\napi-key: " + apiKey
                + "\r\nAccept: application/json\r\nContent-Type: application/json\r\nContent-Length: ");
        /** The rest of the head of a request without a body, up to and with the blank line. */
        final byte[] noBodyHead = ascii(" HTTP/1.1\r\nHost: " + host + ":" + port + "\r\napi-key: " + apiKey
                + "\r\nAccept: application/json\r\n\r\n");

        final Buf req = new Buf();
        final byte[] digits = new byte[10];
        final byte[] resp = new byte[16384];

        Conn(Socket socket) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        /**
         * One request and its response: {@code methodAndPath}, then {@code id} (ASCII, as the server's ids are),
         * then {@code head}; with a body, its length and the body follow.
         */
        ConversationsMessage call(byte[] methodAndPath, String id, byte[] head, Object body, int expectStatus) {
            try {
                req.reset();
                req.write(methodAndPath);
                if (id != null) {
                    for (int i = 0; i < id.length(); i++) {
                        req.write(id.charAt(i));
                    }
                }
                req.write(head);
                if (body != null) {
                    int mark = req.size();
                    try (JsonGenerator g = JSON.createGenerator(req)) {
                        writeBody(g, body);
                    }
                    int len = req.size() - mark;
                    // Move the body right by the length of "<digits>\r\n\r\n" and write those in front of it.
                    int n = 0;
                    for (int v = len; ; v /= 10) {
                        digits[n++] = (byte) ('0' + v % 10);
                        if (v < 10) {
                            break;
                        }
                    }
                    req.insert(mark, n + 4);
                    byte[] b = req.array();
                    for (int i = 0; i < n; i++) {
                        b[mark + i] = digits[n - 1 - i];
                    }
                    b[mark + n] = '\r';
                    b[mark + n + 1] = '\n';
                    b[mark + n + 2] = '\r';
                    b[mark + n + 3] = '\n';
                }
                out.write(req.array(), 0, req.size());
                out.flush();
                return read(expectStatus);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private ConversationsMessage read(int expectStatus) throws IOException {
            int filled = 0;
            int headEnd = -1;
            while (headEnd < 0) {
                int n = in.read(resp, filled, resp.length - filled);
                if (n < 0) {
                    throw new IOException("connection closed");
                }
                int from = Math.max(0, filled - 3);
                filled += n;
                for (int i = from; i + 3 < filled; i++) {
                    if (resp[i] == '\r' && resp[i + 1] == '\n' && resp[i + 2] == '\r' && resp[i + 3] == '\n') {
                        headEnd = i + 4;
                        break;
                    }
                }
            }
            int status = (resp[9] - '0') * 100 + (resp[10] - '0') * 10 + (resp[11] - '0');
            int contentLength = 0;
            // Header lines: find "content-length:" case-insensitively.
            for (int i = 0; i < headEnd; i++) {
                if (resp[i] == '\n'
                        && i + 15 < headEnd
                        && (resp[i + 1] | 0x20) == 'c'
                        && (resp[i + 9] | 0x20) == 'l'
                        && resp[i + 15] == ':'
                        && regionIgnoreCase(i + 1, "content-length")) {
                    int j = i + 16;
                    while (resp[j] == ' ') {
                        j++;
                    }
                    while (resp[j] >= '0' && resp[j] <= '9') {
                        contentLength = contentLength * 10 + (resp[j++] - '0');
                    }
                    break;
                }
            }
            int total = headEnd + contentLength;
            if (total > resp.length) {
                throw new IOException("response larger than the floor's buffer");
            }
            while (filled < total) {
                int n = in.read(resp, filled, total - filled);
                if (n < 0) {
                    throw new IOException("body cut short");
                }
                filled += n;
            }
            if (expectStatus != 0 ? status != expectStatus : status != 200) {
                throw new IOException("HTTP " + status);
            }
            return contentLength == 0 ? null : readMessage(resp, headEnd, contentLength);
        }

        private boolean regionIgnoreCase(int at, String lower) {
            for (int k = 0; k < lower.length(); k++) {
                if ((resp[at + k] | 0x20) != lower.charAt(k)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** A growable byte buffer that is reused between calls. */
    private static final class Buf extends OutputStream {
        private byte[] b = new byte[4096];
        private int n;

        void reset() {
            n = 0;
        }

        int size() {
            return n;
        }

        byte[] array() {
            return b;
        }

        private void ensure(int extra) {
            if (n + extra > b.length) {
                b = java.util.Arrays.copyOf(b, Math.max(b.length * 2, n + extra));
            }
        }

        void insert(int at, int gap) {
            ensure(gap);
            System.arraycopy(b, at, b, at + gap, n - at);
            n += gap;
        }

        @Override
        public void write(int x) {
            ensure(1);
            b[n++] = (byte) x;
        }

        @Override
        public void write(byte[] src, int off, int len) {
            ensure(len);
            System.arraycopy(src, off, b, n, len);
            n += len;
        }
    }

    /** The request bodies the floor sends, field by field; null fields left out, as the SDK does. */
    static void writeBody(JsonGenerator g, Object body) throws IOException {
        g.writeStartObject();
        if (body instanceof Body10) {
            Body10 b = (Body10) body;
            g.writeStringField("visitorId", b.getVisitorId());
            g.writeStringField("text", b.getText());
            if (b.getAgentId() != null) {
                g.writeStringField("agentId", b.getAgentId());
            }
        } else if (body instanceof Body8) {
            Body8 b = (Body8) body;
            g.writeStringField("visitorId", b.getVisitorId());
            g.writeStringField("text", b.getText());
            g.writeStringField("agentId", b.getAgentId());
        } else if (body instanceof Body9) {
            g.writeStringField("text", ((Body9) body).getText());
        } else {
            throw new IllegalArgumentException("no floor writer for " + body.getClass());
        }
        g.writeEndObject();
    }

    /** A message, field by field; fields the floor does not know (the file) are skipped. */
    static ConversationsMessage readMessage(byte[] buf, int off, int len) throws IOException {
        ConversationsMessage m = new ConversationsMessage();
        try (JsonParser p = JSON.createParser(buf, off, len)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                if (t == JsonToken.VALUE_NULL) {
                    continue;
                }
                switch (name) {
                    case "id":
                        m.setId(p.getText());
                        break;
                    case "type":
                        m.setType(ConversationsMessage.TypeEnum.fromValue(p.getText()));
                        break;
                    case "text":
                        m.setText(p.getText());
                        break;
                    case "visitorId":
                        m.setVisitorId(p.getText());
                        break;
                    case "agentId":
                        m.setAgentId(p.getText());
                        break;
                    case "agentName":
                        m.setAgentName(p.getText());
                        break;
                    case "createdAt":
                        m.setCreatedAt(p.getLongValue());
                        break;
                    case "isPushed":
                        m.setIsPushed(p.getBooleanValue());
                        break;
                    case "receivedFrom":
                        m.setReceivedFrom(p.getText());
                        break;
                    default:
                        p.skipChildren();
                        break;
                }
            }
        }
        return m;
    }
}
