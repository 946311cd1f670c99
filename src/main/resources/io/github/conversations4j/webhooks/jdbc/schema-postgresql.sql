-- conversations4j: the webhook store's tables for PostgreSQL (JdbcWebhookIntake). Apply once, with your migrations
-- (Flyway, Liquibase) or by hand; JdbcWebhookIntake checks them at start-up, and creates them itself only when built
-- with createSchema(true). Another table prefix: replace every "c4j_" below, and give the same prefix to the builder.
-- Times are epoch milliseconds of the instances' clocks. status: P pending, D done, F failed (retries ran out).
CREATE TABLE IF NOT EXISTS c4j_webhook_event (
  id BIGSERIAL PRIMARY KEY,
  dedup_key CHAR(64) NOT NULL,
  event_name VARCHAR(200) NOT NULL,
  conversation_id VARCHAR(200),
  body BYTEA,
  status CHAR(1) NOT NULL,
  attempts INTEGER NOT NULL,
  due_at BIGINT NOT NULL,
  received_at BIGINT NOT NULL,
  finished_at BIGINT,
  last_error VARCHAR(200),
  CONSTRAINT c4j_webhook_event_dedup UNIQUE (dedup_key)
);
CREATE INDEX IF NOT EXISTS c4j_webhook_event_due ON c4j_webhook_event (status, due_at);
CREATE TABLE IF NOT EXISTS c4j_webhook_message (
  message_id VARCHAR(255) PRIMARY KEY,
  event_id BIGINT NOT NULL,
  received_at BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS c4j_webhook_message_event ON c4j_webhook_message (event_id);
