package dev.agentline.toolrunner.tools;

/** A request a tool cannot carry out (missing input, nothing to serve it); becomes ok=false with this message. */
final class ToolFailure extends RuntimeException {
  ToolFailure(String message) {
    super(message);
  }

  ToolFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
