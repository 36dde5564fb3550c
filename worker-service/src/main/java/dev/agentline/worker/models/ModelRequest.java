package dev.agentline.worker.models;

import dev.agentline.schemas.Role;
import dev.agentline.schemas.StepKind;
import java.util.List;
import java.util.Objects;

/** One call to a model: who asks (role, kind, step, attempt) and the prompt. */
public record ModelRequest(Role role, StepKind kind, String stepId, int attempt, String requestId, List<Message> messages) {
  public ModelRequest {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(stepId, "stepId");
    Objects.requireNonNull(requestId, "requestId");
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
