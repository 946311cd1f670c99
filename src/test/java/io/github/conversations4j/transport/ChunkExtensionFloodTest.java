package io.github.conversations4j.transport;

import static io.github.conversations4j.transport.Hostile.api;
import static io.github.conversations4j.transport.Hostile.ascii;
import static io.github.conversations4j.transport.Hostile.timed;

import io.github.conversations4j.api.ConversationsApi;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.time.Duration;
import org.junit.jupiter.api.RepeatedTest;

/**
 * Promise 3 (code read: Connection.readSome, plain branch, checks the deadline only when a read returns 0; the
 * parse loops above it never look at the clock). A server that keeps the socket full rarely lets a read return
 * 0. Chunk extensions make 8 KB of wire per body byte, so the 8 MiB body bound allows about 64 GB of wire:
 * the call runs past its timeout for as long as the server outpaces the parser.
 */
class ChunkExtensionFloodTest {
    @RepeatedTest(3)
    void socketKeptFullRunsPastTheCallTimeout() throws Exception {
        ByteArrayOutputStream block = new ByteArrayOutputStream();
        String unit = "1;" + "e".repeat(8000) + "\r\nx\r\n";
        while (block.size() < 4 * 1024 * 1024) {
            block.writeBytes(ascii(unit));
        }
        byte[] bytes = block.toByteArray();
        long[] sent = {0};
        try (Hostile.Server server = Hostile.Server.start((s, n, srv) -> {
            srv.read(new BufferedInputStream(s.getInputStream()), n);
            s.setSendBufferSize(4 * 1024 * 1024);
            OutputStream out = s.getOutputStream();
            out.write(ascii("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"));
            long end = System.nanoTime() + 30_000_000_000L;
            while (System.nanoTime() < end) {
                out.write(bytes);
                sent[0] += bytes.length;
            }
        })) {
            Hostile.CallClock clock = new Hostile.CallClock();
            Duration callTimeout = Duration.ofMillis(1500);
            ConversationsApi api =
                    api(server.base(), b -> b.callTimeout(callTimeout).sleeper(clock));
            Hostile.Outcome o = timed(
                    callTimeout.plus(Hostile.SLACK).toMillis() + 15_000, () -> api.conversationsMessagesIdGet("x"));
            System.out.println("[ChunkExtFlood] callTimeout 1500 ms: " + o.millis() + " ms; server had written "
                    + sent[0] / (1024 * 1024) + " MiB");
            Hostile.assertTimedOut("a socket kept full", o, clock, callTimeout, callTimeout);
        }
    }
}
