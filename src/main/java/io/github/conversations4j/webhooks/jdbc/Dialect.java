package io.github.conversations4j.webhooks.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/** The SQL that differs between the databases the store supports. */
enum Dialect {
    POSTGRESQL,
    MYSQL,
    H2;

    /** The name in {@code schema-<name>.sql}. */
    String schemaName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Dialect of(Connection c) throws SQLException {
        String product = c.getMetaData().getDatabaseProductName();
        String p = product == null ? "" : product.toLowerCase(Locale.ROOT);
        if (p.contains("postgres")) {
            return POSTGRESQL;
        }
        if (p.contains("mysql") || p.contains("mariadb")) {
            return MYSQL;
        }
        if (p.equals("h2")) {
            return H2;
        }
        throw new IllegalStateException("JdbcWebhookIntake supports PostgreSQL, MySQL 8, MariaDB 10.6+ and H2 2.x, "
                + "and this DataSource is " + product + " (the store needs SELECT ... FOR UPDATE SKIP LOCKED)");
    }

    /** Due pending events, oldest due first, the rows locked; rows another transaction holds are skipped. */
    String claim(String events, int limit) {
        String select = "SELECT id, body, attempts, event_name, conversation_id FROM " + events
                + " WHERE status = 'P' AND due_at <= ? ORDER BY due_at, id";
        return switch (this) {
            case MYSQL -> select + " LIMIT " + limit + " FOR UPDATE SKIP LOCKED";
            case POSTGRESQL, H2 -> select + " FETCH FIRST " + limit + " ROWS ONLY FOR UPDATE SKIP LOCKED";
        };
    }

    /** Inserts (message_id, event_id, received_at) unless the message id is there already. */
    String insertMessageIfAbsent(String messages) {
        return switch (this) {
            case POSTGRESQL ->
                "INSERT INTO " + messages + " (message_id, event_id, received_at) VALUES (?, ?, ?)"
                        + " ON CONFLICT (message_id) DO NOTHING";
            case MYSQL -> "INSERT IGNORE INTO " + messages + " (message_id, event_id, received_at) VALUES (?, ?, ?)";
            case H2 ->
                "MERGE INTO " + messages + " m USING (VALUES (CAST(? AS VARCHAR(255)), CAST(? AS BIGINT),"
                        + " CAST(? AS BIGINT))) s(mid, eid, rat) ON m.message_id = s.mid"
                        + " WHEN NOT MATCHED THEN INSERT (message_id, event_id, received_at) VALUES (s.mid, s.eid, s.rat)";
        };
    }
}
