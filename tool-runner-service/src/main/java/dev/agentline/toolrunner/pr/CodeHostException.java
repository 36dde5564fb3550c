package dev.agentline.toolrunner.pr;

/** A code host refused or could not be reached; the message says what happened and never contains the token. */
public final class CodeHostException extends RuntimeException {
  public CodeHostException(String message) {
    super(message);
  }

  public CodeHostException(String message, Throwable cause) {
    super(message, cause);
  }
}
