/**
 * Runnable examples. {@link io.github.conversations4j.examples.Walkthrough} runs the SDK's whole job against the
 * embedded sandbox ({@code mvn -q compile exec:java}) or, with {@code BREVO_API_KEY} set, against Brevo.
 */
package io.github.conversations4j.examples;
