package io.github.conversations4j.benchmark;

import io.github.conversations4j.BrevoConversations;
import io.github.conversations4j.api.ConversationsApi;
import io.github.conversations4j.model.Body10;
import io.github.conversations4j.model.Body8;
import io.github.conversations4j.model.Body9;
import java.lang.reflect.Method;
import java.util.List;

/** Builds each client under test, configured the way its own documentation says. */
final class Targets {
    /** Every client, in table order. The floor first, then this SDK's transports, then the published SDKs. */
    static final List<String> ALL = List.of(
            "floor",
            "sdk-default",
            "sdk-otel",
            "sdk-feign-default",
            "sdk-java11",
            "sdk-hc5",
            "sib-api-v3-sdk-7.0.0",
            "brevo-1.1.1");
    /** The published SDKs: "best published" is the better of these for each figure. */
    static final List<String> PUBLISHED = List.of("sib-api-v3-sdk-7.0.0", "brevo-1.1.1");

    static final String SDK = "sdk-default";

    private Targets() {}

    static String describe(String name) {
        switch (name) {
            case "floor":
                return "hand-written HTTP/1.1 on one kept-alive socket per thread + jackson-core streaming";
            case "sdk-default":
                return "this SDK, the builder's default transport (openTelemetry(false) where the builder "
                        + "has it: no OpenTelemetry work, as without its API on the class path)";
            case "sdk-otel":
                return "sdk-default with an OpenTelemetry SDK as the global instance: a span and a duration "
                        + "point per call, traceparent injected; spans batched to an exporter that drops them";
            case "sdk-feign-default":
                return "this SDK on feign.Client.Default (HttpURLConnection)";
            case "sdk-java11":
                return "this SDK on feign-java11 13.13 Http2Client (java.net.http, HTTP/2 asked)";
            case "sdk-hc5":
                return "this SDK on feign-hc5 13.9 ApacheHttp5Client (httpclient5 5.6), defaults";
            case "sib-api-v3-sdk-7.0.0":
                return "com.sendinblue:sib-api-v3-sdk:7.0.0 (OkHttp 4.10 + Gson)";
            case "brevo-1.1.1":
                return "com.brevo:brevo:1.1.1 (OkHttp 4.10 + Gson)";
            default:
                return name;
        }
    }

    static Target create(String name, String baseUrl) {
        switch (name) {
            case "floor":
                return new Floor(baseUrl, Main.API_KEY);
            case "sdk-default":
                return sdk(name, baseUrl, null, false);
            case "sdk-otel":
                OpenTelemetryGlobal.install();
                return sdk(name, baseUrl, null, true);
            case "sdk-feign-default":
                return sdk(name, baseUrl, new feign.Client.Default(null, null), false);
            case "sdk-java11":
                return sdk(name, baseUrl, new feign.http2client.Http2Client(), false);
            case "sdk-hc5":
                return sdk(name, baseUrl, new feign.hc5.ApacheHttp5Client(), false);
            case "sib-api-v3-sdk-7.0.0":
                return sib(name, baseUrl);
            case "brevo-1.1.1":
                return brevo(name, baseUrl);
            default:
                throw new IllegalArgumentException("unknown client " + name + "; known: " + ALL);
        }
    }

    private static Target sdk(String name, String baseUrl, feign.Client client, boolean openTelemetry) {
        BrevoConversations.Builder b =
                BrevoConversations.builder().apiKey(Main.API_KEY).baseUrl(baseUrl);
        if (client != null) {
            b.client(client);
        }
        if (!openTelemetry) {
            // Versions with OpenTelemetry support: none for this client, whatever sdk-otel set as the global instance.
            try {
                BrevoConversations.Builder.class
                        .getMethod("openTelemetry", boolean.class)
                        .invoke(b, false);
            } catch (ReflectiveOperationException e) {
                // An SDK without it does no OpenTelemetry work anyway.
            }
        }
        noRetries(b);
        ConversationsApi api = b.build();
        return new Target() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String send() {
                return api.conversationsPushedMessagesPost(
                                new Body10().visitorId(Main.VISITOR).text(Main.TEXT))
                        .getId();
            }

            @Override
            public String life() {
                String id = api.conversationsMessagesPost(new Body8()
                                .visitorId(Main.VISITOR)
                                .text(Main.TEXT)
                                .agentId(Main.AGENT))
                        .getId();
                String got = api.conversationsMessagesIdGet(id).getId();
                api.conversationsMessagesIdPut(id, new Body9().text(Main.EDITED));
                api.conversationsMessagesIdDelete(id);
                return got;
            }
        };
    }

    /**
     * Exactly one request per call, like the published SDKs: {@code retryPolicy(RetryPolicy.none())} when this
     * version of the SDK has it (looked up by reflection so the harness builds against versions without it). No
     * call fails here, so this only takes the retry loop's bookkeeping out, not any retry.
     */
    private static void noRetries(BrevoConversations.Builder b) {
        try {
            Class<?> policy = Class.forName("io.github.conversations4j.RetryPolicy");
            Object none = policy.getMethod("none").invoke(null);
            Method m = BrevoConversations.Builder.class.getMethod("retryPolicy", policy);
            m.invoke(b, none);
        } catch (ReflectiveOperationException e) {
            // This SDK version has no retry policy: it makes one request per call anyway.
        }
    }

    private static Target sib(String name, String baseUrl) {
        sendinblue.ApiClient client = sendinblue.Configuration.getDefaultApiClient();
        client.setBasePath(baseUrl);
        ((sendinblue.auth.ApiKeyAuth) client.getAuthentication("api-key")).setApiKey(Main.API_KEY);
        sibApi.ConversationsApi api = new sibApi.ConversationsApi();
        return new Target() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String send() {
                try {
                    return api.conversationsPushedMessagesPost(new sibModel.Body10()
                                    .visitorId(Main.VISITOR)
                                    .text(Main.TEXT))
                            .getId();
                } catch (sendinblue.ApiException e) {
                    throw new IllegalStateException("HTTP " + e.getCode() + " " + e.getResponseBody(), e);
                }
            }

            @Override
            public String life() {
                try {
                    String id = api.conversationsMessagesPost(new sibModel.Body8()
                                    .visitorId(Main.VISITOR)
                                    .text(Main.TEXT)
                                    .agentId(Main.AGENT))
                            .getId();
                    String got = api.conversationsMessagesIdGet(id).getId();
                    api.conversationsMessagesIdPut(id, new sibModel.Body9().text(Main.EDITED));
                    api.conversationsMessagesIdDelete(id);
                    return got;
                } catch (sendinblue.ApiException e) {
                    throw new IllegalStateException("HTTP " + e.getCode() + " " + e.getResponseBody(), e);
                }
            }
        };
    }

    private static Target brevo(String name, String baseUrl) {
        brevo.ApiClient client = brevo.Configuration.getDefaultApiClient();
        client.setBasePath(baseUrl);
        ((brevo.auth.ApiKeyAuth) client.getAuthentication("api-key")).setApiKey(Main.API_KEY);
        brevoApi.ConversationsApi api = new brevoApi.ConversationsApi();
        return new Target() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String send() {
                try {
                    return api.conversationsPushedMessagesPost(new brevoModel.Body17()
                                    .visitorId(Main.VISITOR)
                                    .text(Main.TEXT))
                            .getId();
                } catch (brevo.ApiException e) {
                    throw new IllegalStateException("HTTP " + e.getCode() + " " + e.getResponseBody(), e);
                }
            }

            @Override
            public String life() {
                try {
                    String id = api.conversationsMessagesPost(new brevoModel.Body15()
                                    .visitorId(Main.VISITOR)
                                    .text(Main.TEXT)
                                    .agentId(Main.AGENT))
                            .getId();
                    String got = api.conversationsMessagesIdGet(id).getId();
                    api.conversationsMessagesIdPut(id, new brevoModel.Body16().text(Main.EDITED));
                    api.conversationsMessagesIdDelete(id);
                    return got;
                } catch (brevo.ApiException e) {
                    throw new IllegalStateException("HTTP " + e.getCode() + " " + e.getResponseBody(), e);
                }
            }
        };
    }
}
