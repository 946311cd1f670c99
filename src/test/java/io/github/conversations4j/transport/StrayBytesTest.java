package io.github.conversations4j.transport;

import static io.github.conversations4j.transport.Hostile.api;
import static io.github.conversations4j.transport.Hostile.ascii;
import static io.github.conversations4j.transport.Hostile.body8;
import static io.github.conversations4j.transport.Hostile.concat;
import static io.github.conversations4j.transport.Hostile.messageJson;
import static io.github.conversations4j.transport.Hostile.ok;
import static io.github.conversations4j.transport.Hostile.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.conversations4j.api.ConversationsApi;
import io.github.conversations4j.errors.BrevoException;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Promise 1: the first answer carries stray bytes that look like a response ("evil"), in the same write or a
 * little later (before the next call starts). The next call must get its own answer, never "evil".
 */
class StrayBytesTest {
    /** What the server writes for the first request; later requests get their own answer. */
    @FunctionalInterface
    interface First {
        void answer(Hostile.Req r, OutputStream out) throws Exception;
    }

    static final byte[] EVIL = ok("evil");
    static final byte[] EVIL_429 = ascii("HTTP/1.1 429 Too Many Requests\r\nContent-Length: 0\r\n\r\n");

    static Stream<Arguments> cases() {
        List<Arguments> c = new ArrayList<>();
        c.add(Arguments.of("stray response in the same write", "get", (First)
                (r, out) -> write(out, concat(ok(Hostile.idOf(r)), EVIL))));
        c.add(Arguments.of("stray response 50 ms later", "get", (First) (r, out) -> {
            write(out, ok(Hostile.idOf(r)));
            Thread.sleep(50); // deliberate stall: the stray comes late, as a separate write
            write(out, EVIL);
        }));
        c.add(Arguments.of("body longer than its Content-Length", "get", (First) (r, out) -> {
            String body = messageJson(Hostile.idOf(r));
            write(
                    out,
                    ascii("HTTP/1.1 200 OK\r\nContent-Length: " + body.length() + "\r\n\r\n" + body
                            + new String(EVIL, java.nio.charset.StandardCharsets.ISO_8859_1)));
        }));
        c.add(Arguments.of("chunked then stray", "get", (First) (r, out) -> {
            String body = messageJson(Hostile.idOf(r));
            write(
                    out,
                    concat(
                            ascii("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                                    + Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n"),
                            EVIL));
        }));
        c.add(Arguments.of("204 without length followed by a response", "delete", (First)
                (r, out) -> write(out, concat(ascii("HTTP/1.1 204 No Content\r\n\r\n"), EVIL))));
        c.add(Arguments.of("204 followed by a response 50 ms later", "delete", (First) (r, out) -> {
            write(out, ascii("HTTP/1.1 204 No Content\r\n\r\n"));
            Thread.sleep(50); // deliberate stall: the stray comes late, as a separate write
            write(out, EVIL);
        }));
        c.add(Arguments.of("204 with a Content-Length and that body", "delete", (First) (r, out) -> write(
                out, concat(ascii("HTTP/1.1 204 No Content\r\nContent-Length: " + EVIL.length + "\r\n\r\n"), EVIL))));
        c.add(Arguments.of("204 chunked with a body", "delete", (First) (r, out) -> write(
                out,
                concat(
                        ascii("HTTP/1.1 204 No Content\r\nTransfer-Encoding: chunked\r\n\r\n"
                                + Integer.toHexString(EVIL.length) + "\r\n"),
                        EVIL,
                        ascii("\r\n0\r\n\r\n")))));
        c.add(Arguments.of("304 with a Content-Length and that body", "get", (First) (r, out) -> write(
                out, concat(ascii("HTTP/1.1 304 Not Modified\r\nContent-Length: " + EVIL.length + "\r\n\r\n"), EVIL))));
        c.add(Arguments.of("304 with the body 50 ms later", "get", (First) (r, out) -> {
            write(out, ascii("HTTP/1.1 304 Not Modified\r\nContent-Length: " + EVIL.length + "\r\n\r\n"));
            Thread.sleep(50); // deliberate stall: the stray comes late, as a separate write
            write(out, EVIL);
        }));
        c.add(Arguments.of("late 429 after a send's 200", "send", (First) (r, out) -> {
            write(out, ok("send"));
            Thread.sleep(50); // deliberate stall: the stray comes late, as a separate write
            write(out, EVIL_429);
        }));
        c.add(Arguments.of("100 Continue x1000 then own answer then stray", "get", (First) (r, out) ->
                write(out, concat(ascii("HTTP/1.1 100 Continue\r\n\r\n".repeat(1000)), ok(Hostile.idOf(r)), EVIL))));
        c.add(Arguments.of("1xx after the final response", "get", (First)
                (r, out) -> write(out, concat(ok(Hostile.idOf(r)), ascii("HTTP/1.1 103 Early Hints\r\n\r\n"), EVIL))));
        c.add(Arguments.of("a lone LF after the response", "get", (First)
                (r, out) -> write(out, concat(ok(Hostile.idOf(r)), ascii("\n")))));
        c.add(Arguments.of("Connection: close response then stray", "get", (First) (r, out) ->
                write(out, concat(ok(Hostile.idOf(r), "Connection: close\r\n"), EVIL))));
        c.add(Arguments.of("HTTP/1.0 keep-alive then stray 50 ms later", "get", (First) (r, out) -> {
            String body = messageJson(Hostile.idOf(r));
            write(
                    out,
                    ascii("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: " + body.length() + "\r\n\r\n"
                            + body));
            Thread.sleep(50); // deliberate stall: the stray comes late, as a separate write
            write(out, EVIL);
        }));
        return c.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void nextCallGetsItsOwnAnswer(String name, String firstCall, First first) throws Exception {
        AtomicInteger count = new AtomicInteger();
        CountDownLatch firstWritten = new CountDownLatch(1);
        try (Hostile.Server server = Hostile.Server.start((s, n, srv) -> {
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            Hostile.Req r;
            while ((r = srv.read(in, n)) != null) {
                if (count.incrementAndGet() == 1) {
                    try {
                        first.answer(r, out);
                    } finally {
                        firstWritten.countDown();
                    }
                } else {
                    write(out, ok(Hostile.idOf(r)));
                }
            }
        })) {
            ConversationsApi api = api(server.base(), b -> {});
            try {
                switch (firstCall) {
                    case "get":
                        api.conversationsMessagesIdGet("first");
                        break;
                    case "delete":
                        api.conversationsMessagesIdDelete("first");
                        break;
                    default:
                        api.conversationsMessagesPost(body8("one"));
                }
            } catch (BrevoException e) {
                // the first answer may be refused or be an error; only the next call matters here
            }
            // Every late stray byte is written (on loopback: arrived) before the next call starts.
            assertTrue(firstWritten.await(20, TimeUnit.SECONDS), name + ": the server never finished its first answer");
            // Deliberate stall, not a wait: the stray bytes sit on the idle pooled connection before the next call.
            Thread.sleep(50); // and noticed by nobody yet: the pooled connection waits for the next call
            if (firstCall.equals("send")) {
                assertEquals("send", api.conversationsMessagesPost(body8("two")).getId(), name);
                assertEquals(2, server.sends(), name);
            } else {
                assertEquals("second", api.conversationsMessagesIdGet("second").getId(), name);
            }
            assertEquals("third", api.conversationsMessagesIdGet("third").getId(), name);
        }
    }
}
