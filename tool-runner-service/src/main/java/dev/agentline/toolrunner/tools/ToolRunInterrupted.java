package dev.agentline.toolrunner.tools;

/**
 * The tool runner's thread was interrupted while it ran a request (the service is stopping): what the tool got
 * so far is not an answer. The request is left unanswered and unacknowledged, so it runs again (on this runner
 * or on the next one); the tools are idempotent per request.
 */
public final class ToolRunInterrupted extends RuntimeException {
  ToolRunInterrupted(String message) {
    super(message);
  }
}
