package io.github.conversations4j;

import io.github.conversations4j.api.ConversationsApi;
import io.github.conversations4j.model.Body10;
import io.github.conversations4j.model.Body11;
import io.github.conversations4j.model.Body12;
import io.github.conversations4j.model.Body8;
import io.github.conversations4j.model.Body9;
import io.github.conversations4j.model.ConversationsVisitorGroupPutRequest;
import io.github.conversations4j.spec.Spec;
import java.util.List;
import java.util.function.Function;

/** The spec's operations as test cases: what each call must put on the wire, and what its success looks like. */
final class Operations {
    private Operations() {}

    static final String MESSAGE_ID = WireMockTestBase.MESSAGE_ID;
    static final String PUSHED_ID = WireMockTestBase.PUSHED_ID;
    static final String VISITOR_ID = WireMockTestBase.VISITOR_ID;
    static final String AGENT_ID = WireMockTestBase.AGENT_ID;

    /**
     * One operation.
     *
     * @param name the SDK method
     * @param method the HTTP method the server must see
     * @param path the exact path the server must see
     * @param pathTemplate the path template named in exception messages
     * @param requestJson the exact JSON body the server must see, or null for none
     * @param successStatus the documented success status
     * @param responseFixture the fixture answered on success, or null for an empty body
     * @param call the SDK call
     * @param callWithHttpInfo the same call through its *WithHttpInfo variant
     */
    record Case(
            String name,
            String method,
            String path,
            String pathTemplate,
            String requestJson,
            int successStatus,
            String responseFixture,
            Function<ConversationsApi, Object> call,
            Function<ConversationsApi, Object> callWithHttpInfo) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** The success status {@code openapi/conversations.yaml} documents for an operation: never typed here. */
    static int success(String operationId) {
        return Spec.project().operation(operationId).successStatus();
    }

    /**
     * One case per operation of the spec, each with the exact request its call must send ({@code
     * OperationsInventoryTest} holds this list to the spec and to the generated API, and names what is missing).
     */
    static List<Case> all() {
        return List.of(
                new Case(
                        "conversationsAgentOnlinePingPost",
                        "POST",
                        "/v3/conversations/agentOnlinePing",
                        "/conversations/agentOnlinePing",
                        "{\"agentId\":\"" + AGENT_ID + "\"}",
                        success("conversationsAgentOnlinePingPost"),
                        null,
                        api -> {
                            api.conversationsAgentOnlinePingPost(new Body12().agentId(AGENT_ID));
                            return null;
                        },
                        api -> api.conversationsAgentOnlinePingPostWithHttpInfo(new Body12().agentId(AGENT_ID))),
                new Case(
                        "conversationsMessagesPost",
                        "POST",
                        "/v3/conversations/messages",
                        "/conversations/messages",
                        "{\"visitorId\":\"" + VISITOR_ID + "\",\"text\":\"Hello! How can I help you?\",\"agentId\":\""
                                + AGENT_ID + "\",\"receivedFrom\":\"SuperAwesomeHelpdesk\"}",
                        success("conversationsMessagesPost"),
                        "agent-message.json",
                        api -> api.conversationsMessagesPost(body8()),
                        api -> api.conversationsMessagesPostWithHttpInfo(body8())),
                new Case(
                        "conversationsMessagesIdGet",
                        "GET",
                        "/v3/conversations/messages/" + MESSAGE_ID,
                        "/conversations/messages/{id}",
                        null,
                        success("conversationsMessagesIdGet"),
                        "agent-message.json",
                        api -> api.conversationsMessagesIdGet(MESSAGE_ID),
                        api -> api.conversationsMessagesIdGetWithHttpInfo(MESSAGE_ID)),
                new Case(
                        "conversationsMessagesIdPut",
                        "PUT",
                        "/v3/conversations/messages/" + MESSAGE_ID,
                        "/conversations/messages/{id}",
                        "{\"text\":\"Good morning! How can I help you?\"}",
                        success("conversationsMessagesIdPut"),
                        "agent-message.json",
                        api -> api.conversationsMessagesIdPut(
                                MESSAGE_ID, new Body9().text("Good morning! How can I help you?")),
                        api -> api.conversationsMessagesIdPutWithHttpInfo(
                                MESSAGE_ID, new Body9().text("Good morning! How can I help you?"))),
                new Case(
                        "conversationsMessagesIdDelete",
                        "DELETE",
                        "/v3/conversations/messages/" + MESSAGE_ID,
                        "/conversations/messages/{id}",
                        null,
                        success("conversationsMessagesIdDelete"),
                        null,
                        api -> {
                            api.conversationsMessagesIdDelete(MESSAGE_ID);
                            return null;
                        },
                        api -> api.conversationsMessagesIdDeleteWithHttpInfo(MESSAGE_ID)),
                new Case(
                        "conversationsPushedMessagesPost",
                        "POST",
                        "/v3/conversations/pushedMessages",
                        "/conversations/pushedMessages",
                        "{\"visitorId\":\"" + VISITOR_ID
                                + "\",\"text\":\"Your order has shipped!\",\"groupId\":\"PjRBMhWGen6aRHjif\"}",
                        success("conversationsPushedMessagesPost"),
                        "pushed-message.json",
                        api -> api.conversationsPushedMessagesPost(body10()),
                        api -> api.conversationsPushedMessagesPostWithHttpInfo(body10())),
                new Case(
                        "conversationsPushedMessagesIdGet",
                        "GET",
                        "/v3/conversations/pushedMessages/" + PUSHED_ID,
                        "/conversations/pushedMessages/{id}",
                        null,
                        success("conversationsPushedMessagesIdGet"),
                        "pushed-message.json",
                        api -> api.conversationsPushedMessagesIdGet(PUSHED_ID),
                        api -> api.conversationsPushedMessagesIdGetWithHttpInfo(PUSHED_ID)),
                new Case(
                        "conversationsPushedMessagesIdPut",
                        "PUT",
                        "/v3/conversations/pushedMessages/" + PUSHED_ID,
                        "/conversations/pushedMessages/{id}",
                        "{\"text\":\"Delivered today\"}",
                        success("conversationsPushedMessagesIdPut"),
                        "pushed-message.json",
                        api -> api.conversationsPushedMessagesIdPut(PUSHED_ID, new Body11().text("Delivered today")),
                        api -> api.conversationsPushedMessagesIdPutWithHttpInfo(
                                PUSHED_ID, new Body11().text("Delivered today"))),
                new Case(
                        "conversationsPushedMessagesIdDelete",
                        "DELETE",
                        "/v3/conversations/pushedMessages/" + PUSHED_ID,
                        "/conversations/pushedMessages/{id}",
                        null,
                        success("conversationsPushedMessagesIdDelete"),
                        null,
                        api -> {
                            api.conversationsPushedMessagesIdDelete(PUSHED_ID);
                            return null;
                        },
                        api -> api.conversationsPushedMessagesIdDeleteWithHttpInfo(PUSHED_ID)),
                new Case(
                        "conversationsVisitorGroupPut",
                        "PUT",
                        "/v3/conversations/visitorGroup",
                        "/conversations/visitorGroup",
                        "{\"visitorId\":\"" + VISITOR_ID + "\",\"groupId\":\"PjRBMhWGen6aRHjif\"}",
                        success("conversationsVisitorGroupPut"),
                        "visitor-group.json",
                        api -> api.conversationsVisitorGroupPut(visitorGroup()),
                        api -> api.conversationsVisitorGroupPutWithHttpInfo(visitorGroup())));
    }

    static Body8 body8() {
        return new Body8()
                .visitorId(VISITOR_ID)
                .text("Hello! How can I help you?")
                .agentId(AGENT_ID)
                .receivedFrom("SuperAwesomeHelpdesk");
    }

    static ConversationsVisitorGroupPutRequest visitorGroup() {
        return new ConversationsVisitorGroupPutRequest().visitorId(VISITOR_ID).groupId("PjRBMhWGen6aRHjif");
    }

    static Body10 body10() {
        return new Body10()
                .visitorId(VISITOR_ID)
                .text("Your order has shipped!")
                .groupId("PjRBMhWGen6aRHjif");
    }
}
