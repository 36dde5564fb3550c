package dev.agentline.toolrunner.workspace;

/** A workspace could not be built, synchronised or updated; the message says which and why. */
public final class WorkspaceException extends RuntimeException {
  public WorkspaceException(String message) {
    super(message);
  }

  public WorkspaceException(String message, Throwable cause) {
    super(message, cause);
  }
}
