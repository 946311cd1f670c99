package io.github.conversations4j.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.conversations4j.spec.SandboxBehaviour;
import io.github.conversations4j.spec.SandboxSpecCheck;
import io.github.conversations4j.spec.Spec;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The sandbox answers as {@code openapi/conversations.yaml} says (every operation routed, every documented success
 * status, a 400 for every missing required field), except where {@code openapi/sandbox-behaviour.txt} lists one of
 * its own rules with the reason. An unlisted difference fails, and so does a listed one that no longer happens.
 */
class SandboxSpecTest {

    @Test
    void theSandboxFollowsTheSpecExceptWhereTheBehaviourListSaysWhy() {
        SandboxBehaviour listed = SandboxBehaviour.read(SandboxBehaviour.PROJECT_FILE);
        List<String> found = SandboxSpecCheck.differences(Spec.project());

        assertEquals(
                List.of(),
                listed.unlisted(found),
                "the sandbox differs from " + Spec.PROJECT_SPEC
                        + " where " + SandboxBehaviour.PROJECT_FILE
                        + " gives no reason (add the sentence with its reason there, "
                        + "or make the sandbox follow the spec: routes and statuses in sandbox/SandboxHandler.java; then the tests "
                        + "that call the sandbox, such as the walk-through's Walkthrough.java, say what else changed)");
        assertEquals(
                List.of(),
                listed.stale(found),
                "listed in " + SandboxBehaviour.PROJECT_FILE + " but no longer what the sandbox does: remove the line");
    }

    @Test
    void aListedSentenceWithoutItsReasonIsRefused() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> SandboxBehaviour.parse(
                        "GET /x: not routed by the sandbox (it answered 404 not_found).\n", "test"));
        assertTrue(e.getMessage().contains("test:1"), e.getMessage());
    }
}
