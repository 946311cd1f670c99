package io.github.conversations4j.spring;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code brevo.conversations.webhook.store} and {@code brevo.conversations.webhook.jdbc.*}: where the webhook
 * endpoint keeps the events it answered until the listeners have them. Defaults are {@code JdbcWebhookIntake}'s.
 */
@ConfigurationProperties(prefix = "brevo.conversations.webhook")
public class WebhookStoreProperties {
    /**
     * Store where webhook events wait for the listeners: memory (lost in a crash), or jdbc (the application's DataSource;
     * survives a crash, de-duplicated across instances).
     */
    private String store = "memory";

    private final Jdbc jdbc = new Jdbc();

    /** Created by Spring. */
    public WebhookStoreProperties() {}

    /** Where webhook events wait: {@code memory} or {@code jdbc}. */
    public String getStore() {
        return store;
    }

    /** Sets where webhook events wait: {@code memory} or {@code jdbc}. */
    public void setStore(String store) {
        this.store = store;
    }

    /** The JDBC store's settings, {@code brevo.conversations.webhook.jdbc.*}. */
    public Jdbc getJdbc() {
        return jdbc;
    }

    @Override
    public String toString() {
        return "WebhookStoreProperties(store=" + store + ", " + jdbc + ")";
    }

    /** {@code brevo.conversations.webhook.jdbc.*}: the JDBC webhook store. */
    public static class Jdbc {
        /** Prefix of the names of the store's two tables, webhook_event and webhook_message. */
        private String tablePrefix = "c4j_";

        /** Whether to create the store's tables at start-up when they are missing (else they are only checked). */
        private boolean createSchema = false;

        /** Number of threads that hand stored events to the listeners, on each instance. */
        private int handlerThreads = 2;

        /** Interval at which an idle handler thread looks for due events (those of other instances, retries). */
        private Duration pollInterval = Duration.ofSeconds(1);

        /** Maximum number of times an event is handed over before it is kept as failed. */
        private int maxAttempts = 8;

        /** Wait after a listener's first failure, doubled after each next one. */
        private Duration initialBackoff = Duration.ofSeconds(2);

        /** Maximum wait between two attempts. */
        private Duration maxBackoff = Duration.ofMinutes(10);

        /** How long an instance holds an event it hands over: after it, a crashed instance's event goes to another. */
        private Duration leaseTime = Duration.ofMinutes(5);

        /** How long handled events' de-duplication keys and message ids are kept. */
        private Duration retention = Duration.ofDays(30);

        /** The table prefix. */
        public String getTablePrefix() {
            return tablePrefix;
        }

        /** Sets the table prefix: letters, digits and _. */
        public void setTablePrefix(String tablePrefix) {
            this.tablePrefix = tablePrefix;
        }

        /** Whether missing tables are created. */
        public boolean isCreateSchema() {
            return createSchema;
        }

        /** Sets whether missing tables are created. */
        public void setCreateSchema(boolean createSchema) {
            this.createSchema = createSchema;
        }

        /** How many handler threads. */
        public int getHandlerThreads() {
            return handlerThreads;
        }

        /** Sets how many handler threads: 1 to 256. */
        public void setHandlerThreads(int handlerThreads) {
            this.handlerThreads = handlerThreads;
        }

        /** The poll interval. */
        public Duration getPollInterval() {
            return pollInterval;
        }

        /** Sets the poll interval: positive. */
        public void setPollInterval(Duration pollInterval) {
            this.pollInterval = pollInterval;
        }

        /** The attempts before an event is kept as failed. */
        public int getMaxAttempts() {
            return maxAttempts;
        }

        /** Sets the attempts before an event is kept as failed: 1 or more. */
        public void setMaxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
        }

        /** The first backoff. */
        public Duration getInitialBackoff() {
            return initialBackoff;
        }

        /** Sets the first backoff: positive. */
        public void setInitialBackoff(Duration initialBackoff) {
            this.initialBackoff = initialBackoff;
        }

        /** The longest backoff. */
        public Duration getMaxBackoff() {
            return maxBackoff;
        }

        /** Sets the longest backoff: not shorter than the initial one. */
        public void setMaxBackoff(Duration maxBackoff) {
            this.maxBackoff = maxBackoff;
        }

        /** The lease time. */
        public Duration getLeaseTime() {
            return leaseTime;
        }

        /** Sets the lease time: positive. */
        public void setLeaseTime(Duration leaseTime) {
            this.leaseTime = leaseTime;
        }

        /** The retention of handled events' keys and message ids. */
        public Duration getRetention() {
            return retention;
        }

        /** Sets the retention: positive. */
        public void setRetention(Duration retention) {
            this.retention = retention;
        }

        @Override
        public String toString() {
            return "Jdbc(tablePrefix=" + tablePrefix + ", createSchema=" + createSchema + ", handlerThreads="
                    + handlerThreads + ", maxAttempts=" + maxAttempts + ", leaseTime=" + leaseTime + ")";
        }
    }
}
