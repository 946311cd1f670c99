package io.github.conversations4j.webhooks.jdbc;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.LinkedBlockingQueue;
import javax.sql.DataSource;

/**
 * A minimal connection pool for the tests and the benchmark, as an application has one (HikariCP and the like): connections are
 * kept open and handed out again; {@code close()} returns one, in auto-commit as it was given.
 */
final class SimplePool extends BasicDataSource {
    private final DataSource target;
    private final LinkedBlockingQueue<Connection> idle = new LinkedBlockingQueue<>();

    private final boolean autoCommit;

    SimplePool(DataSource target) {
        this(target, true);
    }

    /** A pool that hands out connections in {@code autoCommit} (HikariCP's {@code auto-commit=false}). */
    SimplePool(DataSource target, boolean autoCommit) {
        this.target = target;
        this.autoCommit = autoCommit;
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection real = idle.poll();
        if (real == null) {
            real = target.getConnection();
        }
        Connection held = real;
        held.setAutoCommit(autoCommit);
        return (Connection) Proxy.newProxyInstance(
                Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    if (method.getName().equals("close")) {
                        if (!held.getAutoCommit()) {
                            held.rollback(); // what was not committed is lost, as a pool does
                        }
                        idle.add(held);
                        return null;
                    }
                    try {
                        return method.invoke(held, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLException("not supported");
    }
}
