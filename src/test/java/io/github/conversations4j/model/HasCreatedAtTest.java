package io.github.conversations4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** createdAt: the wire's epoch milliseconds kept, and readable as an Instant. */
class HasCreatedAtTest {

    @Test
    void aMessageReadsItsCreatedAtAsAnInstantAndKeepsTheWireValue() throws Exception {
        ConversationsMessage message =
                new ObjectMapper().readValue("{\"id\":\"m1\",\"createdAt\":1482512803740}", ConversationsMessage.class);
        assertInstanceOf(HasCreatedAt.class, message);
        assertEquals(1482512803740L, message.getCreatedAt());
        assertEquals(Instant.parse("2016-12-23T17:06:43.740Z"), message.createdAtInstant());
    }

    @Test
    void noCreatedAtIsNullBothWays() {
        ConversationsMessage message = new ConversationsMessage().id("m1");
        assertNull(message.getCreatedAt());
        assertNull(message.createdAtInstant());
    }

    @Test
    void aUsersOwnMapperWritesOnlyTheWireField() throws Exception {
        String json = new ObjectMapper()
                .writeValueAsString(new ConversationsMessage().id("m1").createdAt(5L));
        assertFalse(json.contains("Instant"), json);
        assertEquals(5L, new ObjectMapper().readTree(json).get("createdAt").asLong());
    }
}
