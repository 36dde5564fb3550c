package dev.agentline.worker.models;

import java.util.Objects;

/** One message of a prompt: {@code system} (the contract) or {@code user} (the task at hand). */
public record Message(String role, String content) {
  public static final String SYSTEM = "system";
  public static final String USER = "user";

  public Message {
    if (!SYSTEM.equals(role) && !USER.equals(role)) {
      throw new IllegalArgumentException("message role must be system or user, was " + role);
    }
    Objects.requireNonNull(content, "content");
  }

  public static Message system(String content) {
    return new Message(SYSTEM, content);
  }

  public static Message user(String content) {
    return new Message(USER, content);
  }
}
