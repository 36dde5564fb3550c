package dev.agentline.toolrunner.sandbox;

import dev.agentline.schemas.FailureReason;

/**
 * A command the {@link CommandAllowList} refused. Its {@link FailureReason} is
 * {@link FailureReason#PATH_NOT_ALLOWED} (the schema has no command-specific reason: "not on the
 * allowed list" is the closest); the message names the command and what is allowed.
 */
public final class CommandRefusedException extends RuntimeException {
  public CommandRefusedException(String message) {
    super(message);
  }

  public FailureReason reason() {
    return FailureReason.PATH_NOT_ALLOWED;
  }
}
