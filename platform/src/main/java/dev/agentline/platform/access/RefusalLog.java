package dev.agentline.platform.access;

/**
 * Where the access control reports each refusal (403), beside its log line, so the audit keeps who tried what. What
 * happens here never changes the HTTP answer.
 */
@FunctionalInterface
public interface RefusalLog {
  /**
   * @param taskId the task the request was about, or null
   * @param action what the caller tried, in words
   */
  void refused(Caller caller, String method, String path, String taskId, String action, Denial denial);
}
