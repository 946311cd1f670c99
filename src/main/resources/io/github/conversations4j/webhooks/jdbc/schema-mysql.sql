-- conversations4j: the webhook store's tables for MySQL 8 and MariaDB 10.6+ (JdbcWebhookIntake; both have
-- FOR UPDATE SKIP LOCKED). Apply once, with your migrations (Flyway, Liquibase) or by hand; JdbcWebhookIntake checks
-- them at start-up, and creates them itself only when built with createSchema(true). Another table prefix: replace
-- every "c4j_" below, and give the same prefix to the builder.
-- Binary collations: ids differing only in case are different ids (a default collation compares without case);
-- utf8mb4, so that any conversation id can be stored.
-- Times are epoch milliseconds of the instances' clocks. status: P pending, D done, F failed (retries ran out).
CREATE TABLE IF NOT EXISTS c4j_webhook_event (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  dedup_key CHAR(64) NOT NULL,
  event_name VARCHAR(200) NOT NULL,
  conversation_id VARCHAR(200),
  body LONGBLOB,
  status CHAR(1) NOT NULL,
  attempts INTEGER NOT NULL,
  due_at BIGINT NOT NULL,
  received_at BIGINT NOT NULL,
  finished_at BIGINT,
  last_error VARCHAR(200),
  CONSTRAINT c4j_webhook_event_dedup UNIQUE (dedup_key),
  INDEX c4j_webhook_event_due (status, due_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE TABLE IF NOT EXISTS c4j_webhook_message (
  message_id VARCHAR(255) CHARACTER SET ascii COLLATE ascii_bin PRIMARY KEY,
  event_id BIGINT NOT NULL,
  received_at BIGINT NOT NULL,
  INDEX c4j_webhook_message_event (event_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
