package dev.agentline.toolrunner.sandbox;

/** A path the {@link PathPolicy} refused; the message is {@code path refused: <path> (<why>)}. */
public final class PathRefusedException extends RuntimeException {
  public PathRefusedException(String path, String why) {
    super("path refused: " + path + " (" + why + ")");
  }
}
