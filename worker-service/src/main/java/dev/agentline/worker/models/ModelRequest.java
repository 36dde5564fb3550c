package dev.agentline.worker.models;

import dev.agentline.schemas.Role;
import dev.agentline.schemas.StepKind;
import java.util.List;
import java.util.Objects;

/**
 * One call to a model: who asks (role, kind, step, attempt), whether it is the re-ask after a
 * malformed answer ({@code reask} 1, else 0) and the conversation.
 */
public record ModelRequest(Role role, StepKind kind, String stepId, int attempt, int reask, String requestId, List<Message> messages) {
  public ModelRequest {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(stepId, "stepId");
    Objects.requireNonNull(requestId, "requestId");
    if (reask < 0) throw new IllegalArgumentException("reask must be >= 0, was " + reask);
    if (messages == null || messages.isEmpty()) throw new IllegalArgumentException("a model request needs at least one message");
    messages = List.copyOf(messages);
  }

  /** Every message's text, joined: what a cassette's {@code contains} is matched against. */
  public String promptText() {
    StringBuilder all = new StringBuilder();
    for (Message message : messages) all.append(message.content()).append('\n');
    return all.toString();
  }
}
