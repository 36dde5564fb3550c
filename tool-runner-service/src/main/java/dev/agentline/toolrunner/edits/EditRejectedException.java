package dev.agentline.toolrunner.edits;

/** An edit or diff that cannot be applied as asked; the message names the file and the reason. */
public final class EditRejectedException extends RuntimeException {
  public EditRejectedException(String message) {
    super(message);
  }

  public EditRejectedException(String message, Throwable cause) {
    super(message, cause);
  }
}
