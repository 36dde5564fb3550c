package dev.agentline.audit.ingest;

/**
 * The parts of a request id: {@code taskId/stepId/attempt} (steps, model calls) or
 * {@code taskId/stepId/attempt/phase} (tool calls). A task id may itself contain slashes, so the
 * known task id is cut off first. Parts that are not there are null.
 */
record RequestIds(String stepId, Integer attempt, String phase) {

  static RequestIds parse(String taskId, String requestId) {
    if (requestId == null) return new RequestIds(null, null, null);
    String rest = taskId != null && requestId.startsWith(taskId + "/") ? requestId.substring(taskId.length() + 1) : requestId;
    String[] parts = rest.split("/", 3);
    String stepId = parts[0].isEmpty() ? null : parts[0];
    Integer attempt = null;
    if (parts.length > 1) {
      try {
        attempt = Integer.valueOf(parts[1]);
      } catch (NumberFormatException notANumber) {
        // an id of another shape: the attempt stays unknown
      }
    }
    return new RequestIds(stepId, attempt, parts.length > 2 ? parts[2] : null);
  }
}
