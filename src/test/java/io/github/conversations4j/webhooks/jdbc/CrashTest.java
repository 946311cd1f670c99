package io.github.conversations4j.webhooks.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.conversations4j.testing.Await;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real application instances, each its own JVM ({@link StoreInstance}), on one database: one is killed with
 * {@code kill -9} right after it answered 200, and the event is handed over by the next start; the same event
 * delivered to two live instances is handled once.
 */
class CrashTest {
    static final Duration LIMIT = Duration.ofSeconds(90);
    final List<Process> processes = new ArrayList<>();
    final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @AfterEach
    void killAll() throws InterruptedException {
        for (Process p : processes) {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"PostgreSQL", "H2", "MariaDB"})
    void killedRightAfterItsAnswer_theNextStartHandsTheEventOver_andTwoInstancesHandleOneEventOnce(String database)
            throws Exception {
        // Each database costs three JVMs and a kill -9; by default PostgreSQL only, all three with -Pfull.
        org.junit.jupiter.api.Assumptions.assumeTrue(
                Boolean.getBoolean("conversations4j.store.allCrashes") || database.equals("PostgreSQL"),
                () -> database + ": the crash test runs on it with -Pfull (-Dconversations4j.store.allCrashes=true)");
        Databases.Db db = Databases.named(database);
        String event = Events.fragment("crash", "m1");

        // An instance whose handler never finishes: whatever it claimed dies with it. It holds one event in its handler
        // (handed over again after the lease), and is killed right after its 200 for another (maybe not yet claimed).
        Instance doomed = start(db, "doomed", "hang");
        String held = Events.fragment("held", "m0");
        assertEquals(200, post(doomed, held));
        // Another process writes that row: nothing here can be signalled, so a named poll.
        Await.until("the doomed instance to take its event", LIMIT, () -> attempts(db, "held") >= 1);
        assertEquals(200, post(doomed, event));
        doomed.process.destroyForcibly(); // SIGKILL: no shutdown hook, no stop()
        assertTrue(doomed.process.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS));
        assertEquals(137, doomed.process.exitValue(), "killed by SIGKILL");

        // The restart, and a second instance beside it.
        Instance restarted = start(db, "restarted", "record");
        Instance other = start(db, "other", "record");
        await(db, "the event killed with the first instance", "crash", 1);
        await(db, "the event the first instance held when it was killed (after the lease)", "held", 1);
        // Brevo delivers the same event again, to each instance: both answer 200, nothing is handed over again.
        assertEquals(200, post(restarted, event));
        assertEquals(200, post(other, event));
        // A new event delivered to both at once: handled once, by one of them.
        String fresh = Events.fragment("fleet", "m2");
        CompletableFuture<Integer> toRestarted = CompletableFuture.supplyAsync(() -> postUnchecked(restarted, fresh));
        assertEquals(200, post(other, fresh));
        assertEquals(200, toRestarted.get(LIMIT.toSeconds(), TimeUnit.SECONDS));
        await(db, "the event delivered to both", "fleet", 1);
        // A later event proves the instances still work, so that the rows above had time to be doubled if they could.
        assertEquals(200, post(other, Events.fragment("later", "m3")));
        await(db, "a later event", "later", 1);

        List<String> rows = rows(db);
        assertEquals(4, rows.size(), rows.toString());
        assertTrue(rows.get(0).matches("crash m1 (restarted|other)"), "handed over once, by a live instance: " + rows);
        assertTrue(rows.get(1).matches("fleet m2 (restarted|other)"), rows.toString());
        assertTrue(rows.get(2).matches("held m0 (restarted|other)"), rows.toString());
        assertTrue(rows.get(3).matches("later m3 (restarted|other)"), "either may claim it first: " + rows);
        assertEquals(2, attempts(db, "held"), "the killed attempt, then the one after the lease");
    }

    record Instance(Process process, int port) {}

    Instance start(Databases.Db db, String name, String mode) throws IOException {
        String java = System.getProperty("java.home") + "/bin/java";
        Process p = new ProcessBuilder(
                        java,
                        "-Xmx128m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        StoreInstance.class.getName(),
                        db.url(),
                        db.user(),
                        db.password(),
                        name,
                        "3000",
                        mode)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        processes.add(p);
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<Integer> port = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line; (line = out.readLine()) != null; ) {
                    if (line.startsWith("PORT ")) {
                        return Integer.parseInt(line.substring(5).trim());
                    }
                }
                throw new IllegalStateException(name + " ended before it listened");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            return new Instance(p, port.get(LIMIT.toSeconds(), TimeUnit.SECONDS));
        } catch (Exception e) {
            throw new AssertionError(name + " did not start", e);
        }
    }

    int post(Instance instance, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + instance.port + "/webhook"))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    int postUnchecked(Instance instance, String body) {
        try {
            return post(instance, body);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    static void await(Databases.Db db, String what, String conversationId, int rows) throws Exception {
        Await.until("handed over: " + what, LIMIT, () -> count(db, conversationId) >= rows);
    }

    static int count(Databases.Db db, String conversationId) throws SQLException {
        try (Connection c = db.dataSource().getConnection();
                Statement s = c.createStatement()) {
            try (ResultSet rs =
                    s.executeQuery("SELECT COUNT(*) FROM handled WHERE conversation_id = '" + conversationId + "'")) {
                rs.next();
                return rs.getInt(1);
            } catch (SQLException tableNotYetThere) {
                return 0;
            }
        }
    }

    /** How many times the store handed the conversation's event over (the claims, counted in the store). */
    static int attempts(Databases.Db db, String conversationId) throws SQLException {
        try (Connection c = db.dataSource().getConnection();
                Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery(
                    "SELECT attempts FROM c4j_webhook_event WHERE conversation_id = '" + conversationId + "'")) {
                return rs.next() ? rs.getInt(1) : 0;
            } catch (SQLException tableNotYetThere) {
                return 0;
            }
        }
    }

    static List<String> rows(Databases.Db db) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection();
                Statement s = c.createStatement();
                ResultSet rs =
                        s.executeQuery("SELECT conversation_id, message_ids, instance FROM handled ORDER BY 1")) {
            while (rs.next()) {
                rows.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3));
            }
        }
        return rows;
    }
}
