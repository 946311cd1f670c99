package io.github.conversations4j.internal;

import io.github.conversations4j.errors.InvalidRequestException;
import io.github.conversations4j.model.Body10;
import io.github.conversations4j.model.Body11;
import io.github.conversations4j.model.Body12;
import io.github.conversations4j.model.Body8;
import io.github.conversations4j.model.Body9;
import io.github.conversations4j.model.ConversationsVisitorGroupPutRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks a call's arguments against Brevo's contract before anything is encoded or sent.
 *
 * <p>The generated models validate nothing; this is where required fields, the documented ways of naming an
 * agent, and path parameters are checked. Each failure names the operation and the field.
 */
final class RequestValidator {
  /** A plausible address: one {@code @}, no spaces, a dot in the domain. Brevo refuses anything less. */
  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

  private RequestValidator() {}

  /**
   * Validates the arguments of one call.
   *
   * @param operation the operation called
   * @param args its arguments (may be {@code null} for none)
   * @throws InvalidRequestException naming the first argument or field that breaks the contract
   */
  public static void validate(Operation operation, Object[] args) {
    if (args == null) {
      return;
    }
    for (int i = 0; i < args.length; i++) {
      String pathParam = operation.pathParam(i);
      if (pathParam != null) {
        String problem = args[i] instanceof String || args[i] == null
            ? PathSegment.problem((String) args[i])
            : null;
        if (problem != null) {
          throw ErrorFactory.get().invalidRequest(operation.name(), pathParam, pathParam + " " + problem);
        }
      } else {
        validateBody(operation.name(), args[i]);
      }
    }
  }

  private static void validateBody(String op, Object body) {
    if (body == null) {
      throw ErrorFactory.get().invalidRequest(op, "body", "the request body must not be null");
    }
    if (body instanceof Body8) {
      Body8 b = (Body8) body;
      required(op, "Body8", "visitorId", b.getVisitorId());
      required(op, "Body8", "text", b.getText());
      agent(op, "Body8", b.getAgentId(), b.getAgentEmail(), b.getAgentName(), b.getReceivedFrom());
      email(op, "Body8", b.getAgentEmail());
    } else if (body instanceof Body9) {
      required(op, "Body9", "text", ((Body9) body).getText());
    } else if (body instanceof Body10) {
      Body10 b = (Body10) body;
      required(op, "Body10", "visitorId", b.getVisitorId());
      required(op, "Body10", "text", b.getText());
    } else if (body instanceof Body11) {
      required(op, "Body11", "text", ((Body11) body).getText());
    } else if (body instanceof Body12) {
      Body12 b = (Body12) body;
      agent(op, "Body12", b.getAgentId(), b.getAgentEmail(), b.getAgentName(), b.getReceivedFrom());
      email(op, "Body12", b.getAgentEmail());
    } else if (body instanceof ConversationsVisitorGroupPutRequest) {
      ConversationsVisitorGroupPutRequest b = (ConversationsVisitorGroupPutRequest) body;
      String model = "ConversationsVisitorGroupPutRequest";
      required(op, model, "visitorId", b.getVisitorId());
      // groupId null is meaningful (it removes the visitor from their group, and is sent as "groupId":null);
      // a blank one names no group.
      if (b.getGroupId() != null && b.getGroupId().isBlank()) {
        throw ErrorFactory.get().invalidRequest(op, "groupId", model + ".groupId must not be blank; "
            + "set it to null to remove the visitor from their group");
      }
    }
  }

  private static void required(String op, String model, String field, String value) {
    if (value == null) {
      throw ErrorFactory.get().invalidRequest(op, field, model + "." + field + " is required but was null");
    }
    if (value.isBlank()) {
      throw ErrorFactory.get().invalidRequest(op, field, model + "." + field + " must not be blank");
    }
  }

  /** Brevo: give either agentId, or all three of agentEmail, agentName and receivedFrom. */
  private static void agent(
      String op, String model, String agentId, String email, String name, String receivedFrom) {
    if (present(agentId)) {
      return;
    }
    List<String> missing = new ArrayList<>(3);
    if (!present(email)) {
      missing.add("agentEmail");
    }
    if (!present(name)) {
      missing.add("agentName");
    }
    if (!present(receivedFrom)) {
      missing.add("receivedFrom");
    }
    if (missing.isEmpty()) {
      return;
    }
    String field = missing.size() == 3 ? "agentId" : missing.get(0);
    throw ErrorFactory.get().invalidRequest(op, field, model + " names no agent: set agentId, or all three of "
        + "agentEmail, agentName and receivedFrom (missing: " + String.join(", ", missing) + ")");
  }

  private static void email(String op, String model, String email) {
    if (email != null && !EMAIL.matcher(email).matches()) {
      throw ErrorFactory.get().invalidRequest(op, "agentEmail", model + ".agentEmail is not an email address");
    }
  }

  private static boolean present(String value) {
    return value != null && !value.isBlank();
  }
}
