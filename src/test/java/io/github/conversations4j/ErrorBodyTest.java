package io.github.conversations4j;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.conversations4j.errors.BrevoApiException;
import io.github.conversations4j.testing.RawHttpServer;
import java.lang.reflect.Method;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** ExceptionMapper.codeAndMessage on odd and hostile bodies, and what getMessage() then shows. */
class ErrorBodyTest {
    private static String[] codeAndMessage(byte[] body) throws Exception {
        Class<?> c = Class.forName("io.github.conversations4j.internal.ExceptionMapper");
        Method m = c.getDeclaredMethod("codeAndMessage", byte[].class);
        m.setAccessible(true);
        return (String[]) m.invoke(null, (Object) body);
    }

    private static String repeat(String s, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(s);
        }
        return sb.toString();
    }

    @Test
    void getMessageCarriesServerLineBreaksAndIsUnbounded() throws Exception {
        String big = repeat("A", 60_000);
        try (RawHttpServer server = RawHttpServer.start((request, out) -> {
                    String body = request.path().endsWith("/nl")
                            ? "{\"code\":\"x\",\"message\":\"m\\n2026-01-01 INFO forged line\"}"
                            : "{\"code\":\"x\",\"message\":\"" + big + "\"}";
                    RawHttpServer.respond(out, 400, body, false);
                    return true;
                });
                ConversationsClient client = BrevoConversations.builder()
                        .apiKey("k")
                        .baseUrl(server.baseUrl())
                        .retryPolicy(RetryPolicy.none())
                        .build()) {
            BrevoApiException nl = assertThrows(BrevoApiException.class, () -> client.conversationsMessagesIdGet("nl"));
            BrevoApiException huge =
                    assertThrows(BrevoApiException.class, () -> client.conversationsMessagesIdGet("big"));
            System.out.println("GETMESSAGE nl=" + nl.getMessage().replace("\n", "\\n") + " | huge length="
                    + huge.getMessage().length());
            assertFalse(nl.getMessage().contains("\n"), "a server-sent line break ends up in getMessage()");
            assertTrue(
                    huge.getMessage().length() < 2000,
                    "getMessage() is " + huge.getMessage().length() + " chars");
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
