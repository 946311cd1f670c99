package io.github.conversations4j.internal;

import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.conversations4j.model.ConversationsMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The generated ModelCodec (templates/modelCodec.mustache): edge cases that once went wrong. */
class ModelCodecEdgeCasesTest {

    /**
     * number() range-checks a float as a double: 9223372036854775808.5 (above Long.MAX_VALUE) rounds to 2^63, which
     * is not "> Long.MAX_VALUE" as a double, so it is read (as Long.MAX_VALUE or so) instead of being the documented
     * "number that overflows" JsonParseException (databind refuses it too).
     */
    @Test
    void aFloatJustAboveLongMaxValueIsRefused() {
        byte[] json = "{\"id\":\"m\",\"createdAt\":9223372036854775808.5}".getBytes(StandardCharsets.UTF_8);
        assertThrows(IOException.class, () -> {
            ConversationsMessage m = Clients.readModel(json, ConversationsMessage.class);
            System.out.println("read createdAt=" + m.getCreatedAt());
        });
    }
}
