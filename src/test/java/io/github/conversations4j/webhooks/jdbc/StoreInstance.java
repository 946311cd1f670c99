package io.github.conversations4j.webhooks.jdbc;

import com.sun.net.httpserver.HttpServer;
import io.github.conversations4j.errors.InvalidWebhookException;
import io.github.conversations4j.webhooks.ConversationsWebhooks;
import io.github.conversations4j.webhooks.WebhookEvent;
import io.github.conversations4j.webhooks.WebhookIntake.Admission;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.StringJoiner;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import javax.sql.DataSource;

/**
 * One application instance, in its own JVM, for {@link CrashTest}: a JDK HTTP server on loopback that parses each
 * webhook, offers it to a {@link JdbcWebhookIntake} and answers what the intake admits. Its handler records each
 * hand-over in the table {@code handled} (conversation id, new message ids, instance name), or, with {@code hang},
 * never returns (an instance killed while it handles).
 *
 * <p>Arguments: JDBC URL, user, password, instance name, lease in milliseconds, {@code record} or {@code hang}.
 * Prints {@code PORT <n>} once it listens.
 */
public final class StoreInstance {
    private StoreInstance() {}

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String user = args[1];
        String password = args[2];
        String name = args[3];
        Duration lease = Duration.ofMillis(Long.parseLong(args[4]));
        boolean hang = args[5].equals("hang");
        DataSource ds = new DriverDataSource(url, user, password);
        try (Connection c = ds.getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS handled (conversation_id VARCHAR(200), message_ids VARCHAR(2000),"
                    + " instance VARCHAR(50))");
        }
        JdbcWebhookIntake intake = JdbcWebhookIntake.builder(ds)
                .createSchema(true)
                .leaseTime(lease)
                .pollInterval(Duration.ofMillis(100))
                .build();
        CountDownLatch never = new CountDownLatch(1);
        intake.start((event, newMessages) -> {
            if (hang) {
                never.await();
            }
            StringJoiner ids = new StringJoiner(",");
            newMessages.forEach(m -> ids.add(m.getId()));
            record(ds, event, ids.toString(), name);
        });
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/webhook", exchange -> {
            try (exchange) {
                byte[] body = exchange.getRequestBody().readAllBytes();
                WebhookEvent event;
                try {
                    event = ConversationsWebhooks.parse(body);
                } catch (InvalidWebhookException e) {
                    exchange.sendResponseHeaders(400, -1);
                    return;
                }
                Admission admission = intake.offer(event, body);
                if (admission.status() == 429) {
                    exchange.getResponseHeaders().set("Retry-After", "5");
                }
                exchange.sendResponseHeaders(admission.status(), -1);
            }
        });
        server.start();
        PrintWriter out = new PrintWriter(System.out, true);
        out.println("PORT " + server.getAddress().getPort());
    }

    private static void record(DataSource ds, WebhookEvent event, String ids, String name) throws SQLException {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO handled VALUES (?, ?, ?)")) {
            ps.setString(1, event.conversationId());
            ps.setString(2, ids);
            ps.setString(3, name);
            ps.executeUpdate();
        }
    }

    /** A DataSource over DriverManager: one new connection each time (a test needs no pool). */
    static final class DriverDataSource extends BasicDataSource {
        private final String url;
        private final String user;
        private final String password;

        DriverDataSource(String url, String user, String password) {
            this.url = url;
            this.user = user;
            this.password = password;
        }

        @Override
        public Connection getConnection() throws SQLException {
            return DriverManager.getConnection(url, user, password);
        }

        @Override
        public Connection getConnection(String u, String p) throws SQLException {
            return DriverManager.getConnection(url, u, p);
        }
    }
}
