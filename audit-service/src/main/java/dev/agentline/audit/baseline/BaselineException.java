package dev.agentline.audit.baseline;

/**
 * The code host could not give the baseline: no token, a rejected token, a rate limit (with its reset time), an
 * unknown repository, or an answer that is not what its API documents. The message says which and never holds the token.
 */
public final class BaselineException extends RuntimeException {
  public BaselineException(String message) {
    super(message);
  }

  public BaselineException(String message, Throwable cause) {
    super(message, cause);
  }
}
