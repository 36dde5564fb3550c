package dev.agentline.toolrunner.sandbox;

import dev.agentline.schemas.FailureReason;

/** A change the {@link ChangePolicy} refused: why, as a {@link FailureReason}, and a message naming the paths or numbers. */
public final class ChangeRefusedException extends RuntimeException {
  private final FailureReason reason;

  public ChangeRefusedException(FailureReason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public FailureReason reason() {
    return reason;
  }
}
