package io.github.conversations4j.spring;

import io.github.conversations4j.webhooks.WebhookEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** An application whose webhook listener the test holds back, fails, and watches. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({WebhookApp.Listener.class, WebhookApp.Farewell.class})
public class WebhookApp {
    static final String PII = "Jane Qzvmx-Doe jane.qzvmx@example.org 192.0.2.77";

    @Component
    static class Listener {
        static volatile CountDownLatch gate = new CountDownLatch(0);
        static final AtomicInteger entered = new AtomicInteger();
        static final List<String> handled = new CopyOnWriteArrayList<>();
        static final List<String> problems = new CopyOnWriteArrayList<>();

        static void reset(CountDownLatch newGate) {
            gate = newGate;
            entered.set(0);
            handled.clear();
            problems.clear();
        }

        @EventListener
        void on(WebhookEvent event) throws InterruptedException {
            entered.incrementAndGet();
            gate.await();
            problems.addAll(event.problems());
            handled.add(event.conversationId());
            if (String.valueOf(event.conversationId()).startsWith("fail")) {
                throw new IllegalStateException("could not answer " + PII + ": "
                        + event.messages().get(0).getText());
            }
        }
    }

    /** Logs at destruction through java.util.logging and through Commons Logging: only the second is seen. */
    @Component
    static class Farewell implements org.springframework.beans.factory.DisposableBean {
        @Override
        public void destroy() {
            java.util.logging.Logger.getLogger("io.github.conversations4j.farewell")
                    .warning("jul-farewell-marker");
            org.apache.commons.logging.LogFactory.getLog("io.github.conversations4j.farewell")
                    .warn("jcl-farewell-marker");
        }
    }
}
