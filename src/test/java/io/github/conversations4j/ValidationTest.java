package io.github.conversations4j;

import io.github.conversations4j.errors.InvalidRequestException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.conversations4j.api.ConversationsApi;
import io.github.conversations4j.model.Body10;
import io.github.conversations4j.model.ConversationsVisitorGroupPutRequest;
import io.github.conversations4j.model.Body11;
import io.github.conversations4j.model.Body12;
import io.github.conversations4j.model.Body8;
import io.github.conversations4j.model.Body9;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad input fails before any byte is sent, naming the operation and the field. */
class ValidationTest extends WireMockTestBase {

  record BadCall(String description, String field, Consumer<ConversationsApi> call) {
    @Override
    public String toString() {
      return description;
    }
  }

  private static Body8 agentMessage() {
    return new Body8().visitorId(VISITOR_ID).text("hi").agentId(AGENT_ID);
  }

  static List<BadCall> badCalls() {
    return List.of(
        new BadCall("ping with null body", "body", api -> api.conversationsAgentOnlinePingPost(null)),
        new BadCall("ping naming no agent", "agentId", api -> api.conversationsAgentOnlinePingPost(new Body12())),
        new BadCall("ping with blank agentId only", "agentId",
            api -> api.conversationsAgentOnlinePingPost(new Body12().agentId("  "))),
        new BadCall("ping with email but no name or receivedFrom", "agentName",
            api -> api.conversationsAgentOnlinePingPost(new Body12().agentEmail("liz@getwear.com"))),
        new BadCall("ping with email and name but no receivedFrom", "receivedFrom",
            api -> api.conversationsAgentOnlinePingPost(
                new Body12().agentEmail("liz@getwear.com").agentName("Liz"))),
        new BadCall("ping with an agentEmail that is no address", "agentEmail",
            api -> api.conversationsAgentOnlinePingPost(
                new Body12().agentEmail("liz").agentName("Liz").receivedFrom("x"))),
        new BadCall("send with an agentEmail that is no address", "agentEmail",
            api -> api.conversationsMessagesPost(agentMessage().agentEmail("liz at getwear.com"))),
        new BadCall("send with null body", "body", api -> api.conversationsMessagesPost(null)),
        new BadCall("send with null visitorId", "visitorId",
            api -> api.conversationsMessagesPost(agentMessage().visitorId(null))),
        new BadCall("send with blank visitorId", "visitorId",
            api -> api.conversationsMessagesPost(agentMessage().visitorId(" \t"))),
        new BadCall("send with null text", "text", api -> api.conversationsMessagesPost(agentMessage().text(null))),
        new BadCall("send with empty text", "text", api -> api.conversationsMessagesPost(agentMessage().text(""))),
        new BadCall("send naming no agent", "agentId",
            api -> api.conversationsMessagesPost(agentMessage().agentId(null))),
        new BadCall("send with agentName and receivedFrom but no email", "agentEmail",
            api -> api.conversationsMessagesPost(agentMessage().agentId(null).agentName("Liz").receivedFrom("x"))),
        new BadCall("get with null id", "id", api -> api.conversationsMessagesIdGet(null)),
        new BadCall("get with blank id", "id", api -> api.conversationsMessagesIdGet(" ")),
        new BadCall("edit with null id", "id", api -> api.conversationsMessagesIdPut(null, new Body9().text("x"))),
        new BadCall("edit with null body", "body", api -> api.conversationsMessagesIdPut(MESSAGE_ID, null)),
        new BadCall("edit with blank text", "text",
            api -> api.conversationsMessagesIdPut(MESSAGE_ID, new Body9().text(" "))),
        new BadCall("delete with empty id", "id", api -> api.conversationsMessagesIdDelete("")),
        new BadCall("push with null body", "body", api -> api.conversationsPushedMessagesPost(null)),
        new BadCall("push with null visitorId", "visitorId",
            api -> api.conversationsPushedMessagesPost(new Body10().text("Shipped"))),
        new BadCall("push with null text", "text",
            api -> api.conversationsPushedMessagesPost(new Body10().visitorId(VISITOR_ID))),
        new BadCall("get pushed with null id", "id", api -> api.conversationsPushedMessagesIdGet(null)),
        new BadCall("edit pushed with null body", "body", api -> api.conversationsPushedMessagesIdPut(PUSHED_ID, null)),
        new BadCall("edit pushed with null text", "text",
            api -> api.conversationsPushedMessagesIdPut(PUSHED_ID, new Body11())),
        new BadCall("edit pushed with blank id", "id",
            api -> api.conversationsPushedMessagesIdPut("\n", new Body11().text("x"))),
        new BadCall("delete pushed with null id", "id", api -> api.conversationsPushedMessagesIdDelete(null)),
        new BadCall("delete with dot-dot id", "id", api -> api.conversationsMessagesIdDelete("..")),
        new BadCall("get with a control character in the id", "id",
            api -> api.conversationsMessagesIdGet("abc\r\nHost: evil")),
        new BadCall("visitor group with null body", "body", api -> api.conversationsVisitorGroupPut(null)),
        new BadCall("visitor group naming no visitor", "visitorId",
            api -> api.conversationsVisitorGroupPut(new ConversationsVisitorGroupPutRequest().groupId("g"))),
        new BadCall("visitor group with a blank visitorId", "visitorId", api -> api.conversationsVisitorGroupPut(
            new ConversationsVisitorGroupPutRequest().visitorId(" ").groupId("g"))),
        new BadCall("visitor group with a blank groupId", "groupId", api -> api.conversationsVisitorGroupPut(
            new ConversationsVisitorGroupPutRequest().visitorId(VISITOR_ID).groupId(""))),
        new BadCall("with-http-info variant with null visitorId", "visitorId",
            api -> api.conversationsMessagesPostWithHttpInfo(agentMessage().visitorId(null))));
  }

  @BeforeEach
  void anyRequestWouldSucceed() {
    wm.stubFor(com.github.tomakehurst.wiremock.client.WireMock.any(
        com.github.tomakehurst.wiremock.client.WireMock.anyUrl()).willReturn(
        com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(200).withBody("{}")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badCalls")
  void refusedBeforeAnyRequestIsSent(BadCall bad) {
    InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> bad.call().accept(api()));

    assertEquals(bad.field(), e.field());
    assertTrue(e.getMessage().contains(bad.field()), e.getMessage());
    assertTrue(e.getMessage().startsWith("Invalid " + e.operation() + " request: "), e.getMessage());
    assertTrue(e.getMessage().endsWith("(nothing was sent)"), e.getMessage());
    assertEquals(List.of(), received(), "no request reached the server");
  }

  @Test
  void messageNamesTheModelAndWhatIsMissing() {
    InvalidRequestException e = assertThrows(InvalidRequestException.class,
        () -> api().conversationsMessagesPost(agentMessage().agentId(null).agentEmail("liz@getwear.com")));

    assertEquals("conversationsMessagesPost", e.operation());
    assertEquals("Invalid conversationsMessagesPost request: Body8 names no agent: set agentId, or all three of "
        + "agentEmail, agentName and receivedFrom (missing: agentName, receivedFrom) (nothing was sent)",
        e.getMessage());
  }

  @Test
  void agentNamedByEmailNameAndReceivedFromIsAccepted() {
    api().conversationsMessagesPost(new Body8().visitorId(VISITOR_ID).text("hi")
        .agentEmail("liz@getwear.com").agentName("Liz").receivedFrom("SuperAwesomeHelpdesk"));
    api().conversationsAgentOnlinePingPost(new Body12()
        .agentEmail("liz@getwear.com").agentName("Liz").receivedFrom("SuperAwesomeHelpdesk"));

    assertEquals(2, received().size());
  }

  @Test
  void automatedMessageNeedsNoAgent() {
    api().conversationsPushedMessagesPost(new Body10().visitorId(VISITOR_ID).text("Your order has shipped"));

    assertEquals(1, received().size());
  }

  /** groupId null removes the visitor from their group: it is sent, as an explicit JSON null. */
  @Test
  void visitorGroupRemovalSendsAnExplicitNull() {
    api().conversationsVisitorGroupPut(new ConversationsVisitorGroupPutRequest().visitorId(VISITOR_ID).groupId(null));

    assertEquals(1, received().size());
    assertEquals("{\"visitorId\":\"" + VISITOR_ID + "\",\"groupId\":null}", received().get(0).getBodyAsString());
  }
}
