package io.github.conversations4j.internal;

import static io.github.conversations4j.internal.CodecDiffProbe.codec;
import static io.github.conversations4j.internal.CodecDiffProbe.mapper;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.conversations4j.model.ConversationsMessage;
import io.github.conversations4j.model.ConversationsMessageFile;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Databind reads a boolean from a string only as "true"/"True"/"TRUE" and "false"/"False"/"FALSE" (after trim);
 * ModelCodec.bool() uses equalsIgnoreCase, so it reads "tRUE", "TrUe", "fALSE", ... that the mapper refuses.
 */
class CodecBooleanCaseTest {
    @ParameterizedTest
    @ValueSource(strings = {"tRUE", "TrUe", "trUE", "fALSE", "FaLsE", "falsE"})
    void mixedCaseBooleanStringsAreRefusedLikeTheMapper(String value) {
        for (String[] c : new String[][] {{"isPushed", "M"}, {"isImage", "F"}}) {
            byte[] doc = ("{\"" + c[0] + "\":\"" + value + "\"}").getBytes(StandardCharsets.UTF_8);
            Class<?> type = c[1].equals("M") ? ConversationsMessage.class : ConversationsMessageFile.class;
            String m = mapper(doc, type);
            String k = codec(doc, type);
            assertEquals(
                    m.startsWith("ERR"),
                    k.startsWith("ERR"),
                    type.getSimpleName() + " " + new String(doc, StandardCharsets.UTF_8) + "\n mapper: " + m
                            + "\n codec: " + k);
        }
    }
}
