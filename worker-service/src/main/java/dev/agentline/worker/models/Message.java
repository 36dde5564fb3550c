package dev.agentline.worker.models;

import java.util.Objects;

/**
 * One message of a conversation: {@code system} (the contract), {@code user} (the task at hand,
 * or the validation error of a re-ask) or {@code assistant} (the model's earlier answer in a re-ask).
 */
public record Message(String role, String content) {
  public static final String SYSTEM = "system";
  public static final String USER = "user";
  public static final String ASSISTANT = "assistant";

  public Message {
    if (!SYSTEM.equals(role) && !USER.equals(role) && !ASSISTANT.equals(role)) {
      throw new IllegalArgumentException("message role must be system, user or assistant, was " + role);
    }
    Objects.requireNonNull(content, "content");
  }

  public static Message system(String content) {
    return new Message(SYSTEM, content);
  }

  public static Message user(String content) {
    return new Message(USER, content);
  }

  public static Message assistant(String content) {
    return new Message(ASSISTANT, content);
  }
}
