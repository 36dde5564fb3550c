package dev.agentline.toolrunner.sandbox;

import dev.agentline.schemas.FailureReason;

/**
 * A command the {@link CommandAllowList} refused ({@link FailureReason#COMMAND_NOT_ALLOWED}); the
 * message names the command and what is allowed.
 */
public final class CommandRefusedException extends RuntimeException {
  public CommandRefusedException(String message) {
    super(message);
  }

  public FailureReason reason() {
    return FailureReason.COMMAND_NOT_ALLOWED;
  }
}
