/**
 * A durable webhook intake on the application's own relational database, through {@code java.sql} only:
 * {@link io.github.conversations4j.webhooks.jdbc.JdbcWebhookIntake} stores each webhook before the endpoint answers
 * Brevo, hands it over from the database (one instance of a fleet takes each event), de-duplicates events and
 * messages across instances, retries a failing handler with backoff, and keeps what it could not hand over
 * ({@link io.github.conversations4j.webhooks.jdbc.FailedWebhookEvent}).
 *
 * <pre>{@code
 * JdbcWebhookIntake intake = JdbcWebhookIntake.builder(dataSource).build();
 * intake.start((event, newMessages) -> { ... });
 * answer(intake.offer(ConversationsWebhooks.parse(body), body).status());
 * }</pre>
 *
 * <p>Its tables are in {@code schema-postgresql.sql}, {@code schema-mysql.sql} and {@code schema-h2.sql} beside
 * this package in the jar.
 */
package io.github.conversations4j.webhooks.jdbc;
