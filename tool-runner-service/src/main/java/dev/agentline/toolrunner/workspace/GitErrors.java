package dev.agentline.toolrunner.workspace;

/** Git errors as one line: JGit often wraps the useful part ("not authorized", "not found") in a cause. */
final class GitErrors {
  private GitErrors() {}

  static String describe(Throwable e) {
    StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
    for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
      String message = cause.getMessage();
      if (message != null && !text.toString().contains(message)) text.append(": ").append(message);
    }
    return text.toString();
  }
}
