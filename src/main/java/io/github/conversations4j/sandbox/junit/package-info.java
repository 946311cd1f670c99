/**
 * A JUnit 5 extension for the embedded sandbox, {@link io.github.conversations4j.sandbox.junit.SandboxExtension}.
 * Needs {@code org.junit.jupiter:junit-jupiter-api} on the class path, an optional dependency of the SDK that
 * every JUnit 5 test class path has.
 */
package io.github.conversations4j.sandbox.junit;
