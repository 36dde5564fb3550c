package dev.agentline.platform.edits;

/** A unified diff too broken to read even leniently; the message says where and why. */
public final class MalformedDiffException extends RuntimeException {
  public MalformedDiffException(String message) {
    super(message);
  }
}
