package dev.agentline.audit;

/** Nothing is recorded for the task a request names; every API answers it with the same 404 ({@link UnknownTaskAdvice}). */
public final class UnknownTaskException extends RuntimeException {
  private final String taskId;

  public UnknownTaskException(String taskId) {
    super("unknown task " + taskId);
    this.taskId = taskId;
  }

  public String taskId() {
    return taskId;
  }
}
