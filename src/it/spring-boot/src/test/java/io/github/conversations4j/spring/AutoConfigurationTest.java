package io.github.conversations4j.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.conversations4j.CallListener;
import io.github.conversations4j.ConversationsClient;
import io.github.conversations4j.api.ConversationsApi;
import io.github.conversations4j.model.Body10;
import io.github.conversations4j.presence.AgentPresence;
import io.github.conversations4j.sandbox.ConversationsSandbox;
import io.github.conversations4j.spring.observation.ObservationCallListener;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

/** The auto-configuration in a bare context, under the Boot version this run was given. */
class AutoConfigurationTest {
    static final String KEY = "xkeysib-spring-0123456789abcdef-AbCdEf";
    static ConversationsSandbox sandbox;

    final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ConversationsAutoConfiguration.class));

    @BeforeAll
    static void startSandbox() {
        sandbox = ConversationsSandbox.builder().apiKey(KEY).start();
    }

    @AfterAll
    static void stopSandbox() {
        sandbox.close();
    }

    @BeforeEach
    void reset() {
        sandbox.reset();
    }

    ApplicationContextRunner withKey() {
        return runner.withPropertyValues(
                "brevo.conversations.api-key=" + KEY, "brevo.conversations.base-url=" + sandbox.baseUrl());
    }

    @Test
    void withoutTheKey_thereIsNoClient() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(ConversationsApi.class);
            assertThat(context).doesNotHaveBean(AgentPresence.class);
        });
    }

    @Test
    void withTheKey_theClientIsABeanOfBothTypes_andSendsThroughTheSandbox() {
        withKey().run(context -> {
            assertThat(context).hasSingleBean(ConversationsClient.class);
            assertThat(context.getBean(ConversationsApi.class)).isSameAs(context.getBean(ConversationsClient.class));
            context.getBean(ConversationsApi.class)
                    .conversationsPushedMessagesPost(
                            new Body10().visitorId("visitor-1").text("Your order #1042 has shipped"));
            assertEquals(
                    "Your order #1042 has shipped",
                    sandbox.messagesFor("visitor-1").get(0).text());
        });
    }

    @Test
    void theApplicationsOwnConversationsApi_wins() {
        ConversationsApi own = (ConversationsApi) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {ConversationsApi.class}, (proxy, method, args) -> null);
        withKey().withBean(ConversationsApi.class, () -> own).run(context -> {
            assertThat(context).hasSingleBean(ConversationsApi.class);
            assertThat(context).doesNotHaveBean(ConversationsClient.class);
            assertThat(context.getBean(ConversationsApi.class)).isSameAs(own);
        });
    }

    @Test
    void closingTheContext_closesTheClient() {
        ConversationsClient[] client = new ConversationsClient[1];
        withKey().run(context -> client[0] = context.getBean(ConversationsClient.class));
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> client[0].conversationsPushedMessagesPost(
                        new Body10().visitorId("v").text("t")));
        assertThat(e.getMessage()).contains("closed");
    }

    @Test
    void theProperties_reachTheBuilder() {
        withKey().withPropertyValues("brevo.conversations.retry.max-retries=0").run(context -> {
            sandbox.failNext(1, 503);
            assertThrows(
                    io.github.conversations4j.errors.ServerErrorException.class,
                    () -> context.getBean(ConversationsApi.class).conversationsMessagesIdGet("m1"));
            assertEquals(1, sandbox.requests().size(), "max-retries=0: one request");
        });
        withKey()
                .withPropertyValues(
                        "brevo.conversations.base-url=http://127.0.0.1:1/v3",
                        "brevo.conversations.retry.max-retries=0",
                        "brevo.conversations.proxy.type=DIRECT")
                .run(context -> assertThrows(
                        io.github.conversations4j.errors.BrevoConnectionException.class,
                        () -> context.getBean(ConversationsApi.class).conversationsMessagesIdGet("m1")));
    }

    static Stream<Arguments> invalidProperties() {
        return Stream.of(
                Arguments.of("connect-timeout=0s", "brevo.conversations.connect-timeout must be positive"),
                Arguments.of("read-timeout=-1s", "brevo.conversations.read-timeout must be positive"),
                Arguments.of("write-timeout=0ms", "brevo.conversations.write-timeout must be positive"),
                Arguments.of("call-timeout=30d", "brevo.conversations.call-timeout must be at most"),
                Arguments.of(
                        "max-connections-per-host=0",
                        "brevo.conversations.max-connections-per-host must be between 1 and"),
                Arguments.of("retry.max-retries=11", "brevo.conversations.retry.max-retries must be between 0 and 10"),
                Arguments.of(
                        "retry.initial-delay=-1s", "brevo.conversations.retry.initial-delay must be zero or positive"),
                Arguments.of("retry.max-delay=100ms", "brevo.conversations.retry.max-delay must be at least"),
                Arguments.of("base-url=http://brevo.example/v3", "brevo.conversations.base-url must use https"),
                Arguments.of(
                        "base-url=ftp://brevo.example/v3",
                        "brevo.conversations.base-url must be an absolute http(s) URL"),
                Arguments.of("partner-key=  ", "brevo.conversations.partner-key must not be blank"),
                Arguments.of("proxy.host=proxy.corp", "brevo.conversations.proxy.type must be set"),
                Arguments.of("proxy.type=HTTP", "brevo.conversations.proxy.host must be set"),
                Arguments.of(
                        "proxy.type=SOCKS;brevo.conversations.proxy.host=p;brevo.conversations.proxy.port=70000",
                        "brevo.conversations.proxy.port must be between 1 and 65535"),
                Arguments.of(
                        "proxy.type=HTTP;brevo.conversations.proxy.host=p;brevo.conversations.proxy.port=3128;"
                                + "brevo.conversations.proxy.username=u",
                        "brevo.conversations.proxy.password must be set"),
                Arguments.of(
                        "proxy.type=HTTP;brevo.conversations.proxy.host=p;brevo.conversations.proxy.port=3128;"
                                + "brevo.conversations.proxy.username=a:b;brevo.conversations.proxy.password=pw",
                        "brevo.conversations.proxy.username must not contain ':'"),
                Arguments.of(
                        "presence.agents=a1;brevo.conversations.presence.interval=3m",
                        "brevo.conversations.presence.interval must be at most"),
                Arguments.of("presence.agents=a1,a1", "brevo.conversations.presence.agents names an agent twice"));
    }

    @ParameterizedTest
    @MethodSource("invalidProperties")
    void anInvalidProperty_stopsStartUp_namingIt(String property, String expected) {
        String[] values = ("brevo.conversations." + property).split(";");
        withKey().withPropertyValues(values).run(context -> {
            assertThat(context).hasFailed();
            Throwable failure = rootCause(context.getStartupFailure());
            assertThat(failure).isInstanceOf(InvalidPropertyException.class);
            assertThat(failure.getMessage()).startsWith(expected);
            assertThat(failure.getMessage()).doesNotContain(KEY);
        });
    }

    @Test
    void aKeyWithAControlCharacter_isNamed_andNeverPrinted() {
        String key = KEY.substring(0, 10) + "\t" + KEY.substring(10);
        runner.withPropertyValues("brevo.conversations.api-key=" + key).run(context -> {
            Throwable failure = rootCause(context.getStartupFailure());
            assertThat(failure.getMessage())
                    .startsWith("brevo.conversations.api-key contains a control character at index 10 of");
            for (Throwable t = context.getStartupFailure(); t != null; t = t.getCause()) {
                assertThat(String.valueOf(t.getMessage()))
                        .doesNotContain(KEY.substring(10))
                        .doesNotContain(KEY.substring(0, 10));
            }
        });
        ConversationsProperties properties = new ConversationsProperties();
        properties.setApiKey(KEY);
        properties.setPartnerKey(KEY);
        properties.getProxy().setPassword(KEY);
        properties.getWebhook().setToken(KEY);
        assertThat(properties + " " + properties.getProxy() + " " + properties.getWebhook())
                .doesNotContain(KEY);
    }

    @Test
    void aBlankKey_stopsStartUp_ratherThanLeavingTheApplicationWithoutAClient() {
        runner.withPropertyValues("brevo.conversations.api-key=").run(context -> {
            assertThat(context).hasFailed();
            assertThat(rootCause(context.getStartupFailure()).getMessage())
                    .isEqualTo("brevo.conversations.api-key must not be blank");
        });
    }

    @Test
    void theFailureAnalyzer_namesThePropertyAndWhatToDo() {
        InvalidPropertyException e = ClientFactory.invalid("connect-timeout", "must be positive, was PT0S");
        var analysis = new InvalidPropertyFailureAnalyzer().analyze(new IllegalStateException(e));
        assertEquals("brevo.conversations.connect-timeout must be positive, was PT0S", analysis.getDescription());
        assertThat(analysis.getAction()).contains("BREVO_CONVERSATIONS_CONNECTTIMEOUT");
    }

    @Test
    void withAnObservationRegistry_theClientIsObserved() {
        TestObservationRegistry registry = TestObservationRegistry.create();
        withKey().withBean(ObservationRegistry.class, () -> registry).run(context -> {
            assertThat(context).hasSingleBean(ObservationCallListener.class);
            context.getBean(ConversationsApi.class)
                    .conversationsPushedMessagesPost(
                            new Body10().visitorId("visitor-2").text("hello"));
            io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat(registry)
                    .hasObservationWithNameEqualTo("http.client.requests")
                    .that()
                    .hasLowCardinalityKeyValue("uri", "/conversations/pushedMessages")
                    .hasLowCardinalityKeyValue("status", "200")
                    .hasBeenStopped();
        });
    }

    @Test
    void withoutARegistry_orWithoutMicrometer_thereIsNoObservationListener() {
        withKey().run(context -> assertThat(context).doesNotHaveBean(ObservationCallListener.class));
        withKey()
                .withClassLoader(new FilteredClassLoader("io.micrometer.observation"))
                .withBean(ObservationRegistry.class, ObservationRegistry::create)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(ObservationCallListener.class);
                    assertThat(context).hasSingleBean(ConversationsClient.class);
                });
    }

    @Test
    void callListenerAndCustomizerBeans_areApplied() {
        List<String> calls = new CopyOnWriteArrayList<>();
        CallListener listener = new CallListener() {
            @Override
            public void callEnded(Result result) {
                calls.add(result.call().operation() + " " + result.status());
            }
        };
        ConversationsBuilderCustomizer customizer = builder -> builder.maxRetries(0);
        withKey()
                .withBean(CallListener.class, () -> listener)
                .withBean(ConversationsBuilderCustomizer.class, () -> customizer)
                .run(context -> {
                    sandbox.failNext(1, 503);
                    assertThrows(
                            RuntimeException.class,
                            () -> context.getBean(ConversationsApi.class).conversationsMessagesIdGet("m1"));
                    assertEquals(List.of("conversationsMessagesIdGet 503"), calls);
                });
    }

    @Test
    void presenceAgents_areKeptOnline_untilTheContextCloses() throws InterruptedException {
        AgentPresence[] presence = new AgentPresence[1];
        withKey()
                .withPropertyValues("brevo.conversations.presence.agents=agent-a,agent-b")
                .run(context -> {
                    presence[0] = context.getBean(AgentPresence.class);
                    awaitOnline("agent-a");
                    awaitOnline("agent-b");
                });
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> presence[0].keepOnline(new io.github.conversations4j.model.Body12().agentId("agent-c")));
        assertThat(e.getMessage()).contains("closed");
    }

    @Test
    void presenceAgents_asAYamlStyleList_countToo_andNeedAClient() {
        runner.withPropertyValues("brevo.conversations.presence.agents[0]=agent-a")
                .run(context -> {
                    Throwable failure = rootCause(context.getStartupFailure());
                    assertThat(failure.getMessage())
                            .startsWith("brevo.conversations.presence.agents is set, but there is no "
                                    + "ConversationsApi");
                });
    }

    final WebApplicationContextRunner web = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ConversationsAutoConfiguration.class));

    static Stream<Arguments> invalidWebhooks() {
        return Stream.of(
                Arguments.of(
                        "webhook.path=/brevo/webhook",
                        "brevo.conversations.webhook.token must be set when brevo.conversations.webhook.path is"),
                Arguments.of(
                        "webhook.path=/brevo/webhook;brevo.conversations.webhook.token=  ",
                        "brevo.conversations.webhook.token must be set"),
                Arguments.of(
                        "webhook.path=/brevo/webhook;brevo.conversations.webhook.token=short-secret",
                        "brevo.conversations.webhook.token must be at least 16 characters, was 12"),
                Arguments.of(
                        "webhook.path=brevo/webhook;brevo.conversations.webhook.token=" + KEY,
                        "brevo.conversations.webhook.path must be a path starting with /"),
                Arguments.of(
                        "webhook.path=/brevo/webhook;brevo.conversations.webhook.token=" + KEY
                                + ";brevo.conversations.webhook.queue-capacity=0",
                        "brevo.conversations.webhook.queue-capacity must be at least 1"),
                Arguments.of(
                        "webhook.path=/brevo/webhook;brevo.conversations.webhook.token=" + KEY
                                + ";brevo.conversations.webhook.drain-timeout=-1s",
                        "brevo.conversations.webhook.drain-timeout must be zero or more"),
                Arguments.of(
                        "webhook.path=/brevo/webhook;brevo.conversations.webhook.token=" + KEY
                                + ";brevo.conversations.webhook.retry-after=0s",
                        "brevo.conversations.webhook.retry-after must be at least 1s"),
                Arguments.of(
                        "webhook.path=/brevo/webhook;brevo.conversations.webhook.token=" + KEY
                                + ";brevo.conversations.webhook.max-body-size=0B",
                        "brevo.conversations.webhook.max-body-size must be 1B to 2047MB"));
    }

    @ParameterizedTest
    @MethodSource("invalidWebhooks")
    void aWebhookPath_withoutAGoodToken_stopsStartUp(String property, String expected) {
        web.withPropertyValues(("brevo.conversations." + property).split(";")).run(context -> {
            assertThat(context).hasFailed();
            Throwable failure = rootCause(context.getStartupFailure());
            assertThat(failure).isInstanceOf(InvalidPropertyException.class);
            assertThat(failure.getMessage()).startsWith(expected).doesNotContain(KEY);
        });
    }

    @Test
    void aTokenWithAPlus_asOpensslBase64MakesThem_stopsStartUp_namingThePropertyAndTheCure() {
        String base64 = "k3Jx+9vQ/2mZ+Lp8Wq=="; // the container decodes + as a space: every webhook would get 403
        web.withPropertyValues(
                        "brevo.conversations.webhook.path=/brevo/webhook",
                        "brevo.conversations.webhook.token=" + base64)
                .run(context -> {
                    assertThat(context).hasFailed();
                    Throwable failure = rootCause(context.getStartupFailure());
                    assertThat(failure).isInstanceOf(InvalidPropertyException.class);
                    assertThat(failure.getMessage())
                            .startsWith(
                                    "brevo.conversations.webhook.token must hold only the URL-unreserved characters "
                                            + "A-Z a-z 0-9 - . _ ~")
                            .contains("openssl rand -hex 32")
                            .doesNotContain(base64)
                            .doesNotContain("k3Jx");
                });
    }

    @Test
    void theEndpoint_isSwitchedOff_byEnabledFalse_orAnEmptyPath() {
        web.withPropertyValues(
                        "brevo.conversations.webhook.path=/brevo/webhook", "brevo.conversations.webhook.enabled=false")
                .run(context -> {
                    assertThat(context).hasNotFailed(); // no token needed: there is no endpoint
                    assertThat(context).doesNotHaveBean(WebhookEndpoint.class);
                });
        web.withPropertyValues("brevo.conversations.webhook.path=").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(WebhookEndpoint.class);
        });
    }

    @Test
    void theApplicationsIntakeAndHandler_areUsed_whenItDefinesThem() {
        List<String> offered = new CopyOnWriteArrayList<>();
        io.github.conversations4j.webhooks.WebhookIntake intake =
                new io.github.conversations4j.webhooks.WebhookIntake() {
                    @Override
                    public Admission offer(io.github.conversations4j.webhooks.WebhookEvent event, byte[] body) {
                        offered.add(event.conversationId());
                        return Admission.UNAVAILABLE;
                    }

                    @Override
                    public void start(io.github.conversations4j.webhooks.WebhookHandler handler) {
                        offered.add("started with "
                                + (handler instanceof OwnHandler ? "the application's handler" : handler));
                    }

                    @Override
                    public StopReport stop(Duration drainTimeout) {
                        return new StopReport(0, List.of(), true);
                    }
                };
        web.withBean(io.github.conversations4j.webhooks.WebhookIntake.class, () -> intake)
                .withBean(OwnHandler.class, OwnHandler::new)
                .withPropertyValues(
                        "brevo.conversations.webhook.path=/brevo/webhook", "brevo.conversations.webhook.token=" + KEY)
                .run(context -> {
                    WebhookEndpoint endpoint = context.getBean(WebhookEndpoint.class);
                    assertThat(endpoint.receiver().intake()).isSameAs(intake);
                    byte[] body = "{\"eventName\":\"conversationStarted\",\"conversationId\":\"c-7\"}".getBytes();
                    assertEquals(
                            429,
                            endpoint.receiver()
                                    .receive(KEY, body.length, new java.io.ByteArrayInputStream(body))
                                    .status(),
                            "the store is unavailable: delivered again");
                    assertEquals(List.of("started with the application's handler", "c-7"), offered);
                });
    }

    static final class OwnHandler implements io.github.conversations4j.webhooks.WebhookHandler {
        @Override
        public void handle(
                io.github.conversations4j.webhooks.WebhookEvent event,
                List<io.github.conversations4j.model.ConversationsMessage> newMessages) {}
    }

    @Test
    void theWebhookEndpoint_isARouteOfAServletApplication_only() {
        String[] webhook = {
            "brevo.conversations.webhook.path=/brevo/webhook", "brevo.conversations.webhook.token=" + KEY
        };
        web.withPropertyValues(webhook).run(context -> {
            assertThat(context).hasSingleBean(WebhookEndpoint.class);
            assertThat(context)
                    .getBean("conversationsWebhookRoute")
                    .isInstanceOf(org.springframework.web.servlet.function.RouterFunction.class);
        });
        web.run(context -> assertThat(context).doesNotHaveBean(WebhookEndpoint.class));
        runner.withPropertyValues(webhook).run(context -> assertThat(context).doesNotHaveBean(WebhookEndpoint.class));
    }

    static void awaitOnline(String agent) throws InterruptedException {
        // The presence tells nobody of a ping that worked; the sandbox's state is the only witness.
        Await.until(agent + " pinged online", Duration.ofSeconds(20), () -> sandbox.isAgentOnline(agent));
    }

    static Throwable rootCause(Throwable t) {
        assertThat(t).isNotNull();
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}
