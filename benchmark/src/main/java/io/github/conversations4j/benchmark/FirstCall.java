package io.github.conversations4j.benchmark;

import java.lang.management.ManagementFactory;

/**
 * Time to first call: run in a fresh JVM per repetition by {@link Main}. Builds one client, makes one send, and
 * prints {@code FIRST_CALL_MS <ms since JVM start>}: JVM start-up, class loading, the client's construction and the
 * first request and response, all included. The management classes are loaded only after the call.
 */
public final class FirstCall {
    private FirstCall() {}

    public static void main(String[] args) throws Exception {
        String name = args[0];
        String baseUrl = args[1];
        Target t = Targets.create(name, baseUrl);
        String id = t.send();
        long uptime = ManagementFactory.getRuntimeMXBean().getUptime();
        if (!BenchServer.PUSHED_MESSAGE.contains("\"" + id + "\"")) {
            throw new IllegalStateException(name + " read id " + id);
        }
        System.out.println("FIRST_CALL_MS " + uptime);
        System.out.flush();
        t.close();
        System.exit(0); // clients' non-daemon threads (OkHttp, HttpClient) must not keep this JVM alive
    }
}
