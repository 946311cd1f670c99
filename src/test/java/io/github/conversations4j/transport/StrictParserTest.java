package io.github.conversations4j.transport;

import static io.github.conversations4j.transport.Hostile.api;
import static io.github.conversations4j.transport.Hostile.ascii;
import static io.github.conversations4j.transport.Hostile.concat;
import static io.github.conversations4j.transport.Hostile.messageJson;
import static io.github.conversations4j.transport.Hostile.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.conversations4j.api.ConversationsApi;
import io.github.conversations4j.errors.BrevoConnectionException;
import io.github.conversations4j.errors.BrevoException;
import io.github.conversations4j.model.ConversationsMessage;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Promise 4: each malformed response is refused (a BrevoException, never a message), and the next call on the
 * same client gets its own answer. After the malformed bytes the server writes a well-formed stray response
 * ("evil2") and keeps the connection open, so a client that reuses the connection reads it.
 */
class StrictParserTest {
    static final String BODY = messageJson("evil");
    static final int N = BODY.length();

    static Stream<Arguments> malformed() {
        List<Arguments> cases = new ArrayList<>();
        add(cases, "HTTP/2 version", "HTTP/2 200 OK\r\nContent-Length: " + N + "\r\n\r\n" + BODY);
        add(cases, "HTTP/1.10 version", "HTTP/1.10 200 OK\r\nContent-Length: " + N + "\r\n\r\n" + BODY);
        add(cases, "lower-case http", "http/1.1 200 OK\r\nContent-Length: " + N + "\r\n\r\n" + BODY);
        add(cases, "two-digit status", "HTTP/1.1 20 OK\r\nContent-Length: " + N + "\r\n\r\n" + BODY);
        add(cases, "four-digit status", "HTTP/1.1 2000 OK\r\nContent-Length: " + N + "\r\n\r\n" + BODY);
        add(cases, "signed status", "HTTP/1.1 +20 OK\r\nContent-Length: " + N + "\r\n\r\n" + BODY);
        add(cases, "status 099", "HTTP/1.1 099 OK\r\nContent-Length: " + N + "\r\n\r\n" + BODY);
        add(cases, "leading space status line", " HTTP/1.1 200 OK\r\nContent-Length: " + N + "\r\n\r\n" + BODY);
        add(cases, "NUL in status line", "HTTP/1.1 200 O\0K\r\nContent-Length: " + N + "\r\n\r\n" + BODY);
        add(cases, "CTL in reason phrase", "HTTP/1.1 200 O\u0001K\r\nContent-Length: " + N + "\r\n\r\n" + BODY);
        add(cases, "ESC in reason phrase", "HTTP/1.1 200 O\u001b[2JK\r\nContent-Length: " + N + "\r\n\r\n" + BODY);
        add(cases, "signed Content-Length", "HTTP/1.1 200 OK\r\nContent-Length: +" + N + "\r\n\r\n" + BODY);
        add(cases, "negative Content-Length", "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n" + BODY);
        add(
                cases,
                "hex Content-Length",
                "HTTP/1.1 200 OK\r\nContent-Length: 0x" + Integer.toHexString(N) + "\r\n\r\n" + BODY);
        add(cases, "empty Content-Length", "HTTP/1.1 200 OK\r\nContent-Length: \r\n\r\n" + BODY);
        add(
                cases,
                "conflicting Content-Length headers",
                "HTTP/1.1 200 OK\r\nContent-Length: " + N + "\r\nContent-Length: " + (N + 3) + "\r\n\r\n" + BODY
                        + "xyz");
        add(
                cases,
                "conflicting Content-Length list",
                "HTTP/1.1 200 OK\r\nContent-Length: " + N + ", " + (N + 3) + "\r\n\r\n" + BODY + "xyz");
        add(
                cases,
                "Content-Length with spaces inside",
                "HTTP/1.1 200 OK\r\nContent-Length: 1 " + N + "\r\n\r\n" + BODY);
        add(cases, "obs-fold", "HTTP/1.1 200 OK\r\nX-A: a\r\n b\r\nContent-Length: " + N + "\r\n\r\n" + BODY);
        add(cases, "obs-fold of Content-Length", "HTTP/1.1 200 OK\r\nContent-Length:\r\n " + N + "\r\n\r\n" + BODY);
        add(cases, "NUL in header value", "HTTP/1.1 200 OK\r\nX-A: a\0b\r\nContent-Length: " + N + "\r\n\r\n" + BODY);
        add(
                cases,
                "bare CR in header value",
                "HTTP/1.1 200 OK\r\nX-A: a\rb\r\nContent-Length: " + N + "\r\n\r\n" + BODY);
        add(cases, "CR CR LF", "HTTP/1.1 200 OK\r\nX-A: a\r\r\nContent-Length: " + N + "\r\n\r\n" + BODY);
        add(cases, "bare CR as line end", "HTTP/1.1 200 OK\rContent-Length: " + N + "\r\n\r\n" + BODY);
        add(
                cases,
                "CTL in header value",
                "HTTP/1.1 200 OK\r\nX-A: a\u0001b\r\nContent-Length: " + N + "\r\n\r\n" + BODY);
        add(cases, "space before colon", "HTTP/1.1 200 OK\r\nContent-Length : " + N + "\r\n\r\n" + BODY);
        add(cases, "no colon", "HTTP/1.1 200 OK\r\nContent-Length " + N + "\r\n\r\n" + BODY);
        add(cases, "Transfer-Encoding gzip", "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n" + BODY);
        add(cases, "Transfer-Encoding identity", "HTTP/1.1 200 OK\r\nTransfer-Encoding: identity\r\n\r\n" + BODY);
        add(
                cases,
                "Transfer-Encoding gzip, chunked",
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n" + Integer.toHexString(N) + "\r\n" + BODY
                        + "\r\n0\r\n\r\n");
        add(
                cases,
                "Transfer-Encoding chunked, chunked",
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n" + "Transfer-Encoding: chunked\r\n\r\n"
                        + Integer.toHexString(N) + "\r\n" + BODY + "\r\n0\r\n\r\n");
        add(cases, "Transfer-Encoding xchunked", "HTTP/1.1 200 OK\r\nTransfer-Encoding: xchunked\r\n\r\n" + BODY);
        add(
                cases,
                "chunked on HTTP/1.0",
                "HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(N) + "\r\n" + BODY
                        + "\r\n0\r\n\r\n");
        add(
                cases,
                "101",
                "HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\nConnection: Upgrade\r\n\r\n"
                        + "HTTP/1.1 200 OK\r\nContent-Length: " + N + "\r\n\r\n" + BODY);
        add(
                cases,
                "chunk size 0x",
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0x" + Integer.toHexString(N) + "\r\n" + BODY
                        + "\r\n0\r\n\r\n");
        add(
                cases,
                "chunk size signed",
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n+" + Integer.toHexString(N) + "\r\n" + BODY
                        + "\r\n0\r\n\r\n");
        add(
                cases,
                "chunk size negative",
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n-1\r\n" + BODY + "\r\n0\r\n\r\n");
        add(
                cases,
                "chunk size leading space",
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n " + Integer.toHexString(N) + "\r\n" + BODY
                        + "\r\n0\r\n\r\n");
        add(
                cases,
                "chunk data too long",
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(N - 3) + "\r\n" + BODY
                        + "\r\n0\r\n\r\n");
        add(
                cases,
                "chunk size overflow",
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + "10000000000000000" + Integer.toHexString(N)
                        + "\r\n" + BODY + "\r\n0\r\n\r\n");
        add(
                cases,
                "chunk ext with bare CR",
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(N) + ";a=\rb\r\n" + BODY
                        + "\r\n0\r\n\r\n");
        add(
                cases,
                "trailer obs-fold",
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(N) + "\r\n" + BODY
                        + "\r\n0\r\nX-T: a\r\n b\r\n\r\n");
        add(
                cases,
                "trailer without colon",
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(N) + "\r\n" + BODY
                        + "\r\n0\r\nbogus\r\n\r\n");
        add(cases, "body shorter than Content-Length then close", null);
        add(
                cases,
                "1xx flood over 64 KiB",
                "HTTP/1.1 100 Continue\r\n\r\n".repeat(3000) + "HTTP/1.1 200 OK\r\nContent-Length: " + N + "\r\n\r\n"
                        + BODY);
        add(
                cases,
                "head over 64 KiB",
                "HTTP/1.1 200 OK\r\n" + ("X-Pad: " + "p".repeat(1000) + "\r\n").repeat(70) + "Content-Length: " + N
                        + "\r\n\r\n" + BODY);
        add(
                cases,
                "one header line over 64 KiB",
                "HTTP/1.1 200 OK\r\nX-Pad: " + "p".repeat(70_000) + "\r\nContent-Length: " + N + "\r\n\r\n" + BODY);
        return cases.stream();
    }

    private static void add(List<Arguments> cases, String name, String response) {
        cases.add(Arguments.of(name, response));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void refusedThenNextCallIsItsOwn(String name, String response) throws Exception {
        AtomicInteger count = new AtomicInteger();
        try (Hostile.Server server = Hostile.Server.start((s, n, srv) -> {
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            Hostile.Req r;
            while ((r = srv.read(in, n)) != null) {
                if (count.incrementAndGet() == 1) {
                    if (response == null) {
                        write(out, ascii("HTTP/1.1 200 OK\r\nContent-Length: " + (N + 10) + "\r\n\r\n" + BODY));
                        return;
                    }
                    write(out, concat(ascii(response), Hostile.ok("evil2")));
                } else {
                    write(out, Hostile.ok(Hostile.idOf(r)));
                }
            }
        })) {
            ConversationsApi api = api(server.base(), b -> {});
            try {
                ConversationsMessage m = api.conversationsMessagesIdGet("first");
                fail(name + ": accepted, answer id " + m.getId());
            } catch (BrevoConnectionException e) {
                assertTrue(e.mayHaveReachedServer(), name + ": " + e);
            } catch (BrevoException e) {
                fail(name + ": refused, but as " + e.getClass().getSimpleName() + ": " + e.getMessage());
            }
            ConversationsMessage next = api.conversationsMessagesIdGet("second");
            assertEquals("second", next.getId(), name + ": the next call got another answer");
        }
    }
}
