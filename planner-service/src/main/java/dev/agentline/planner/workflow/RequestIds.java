package dev.agentline.planner.workflow;

/**
 * Request ids: {@code taskId/stepId/attempt} for model steps, {@code taskId/stepId/attempt/phase}
 * for tools. Task ids never contain '/', so the parts can be read back.
 */
final class RequestIds {
  private RequestIds() {}

  static String of(String taskId, String stepId, int attempt) {
    return taskId + "/" + stepId + "/" + attempt;
  }

  static String stepId(String requestId) {
    return part(requestId, 1);
  }

  static int attempt(String requestId) {
    return Integer.parseInt(part(requestId, 2));
  }

  private static String part(String requestId, int index) {
    String[] parts = requestId.split("/");
    if (parts.length <= index) throw new IllegalArgumentException("malformed request id " + requestId);
    return parts[index];
  }
}
