package dev.agentline.toolrunner.tools;

/** Small text helpers for tool output. */
final class Text {
  private Text() {}

  /** The text, cut to at most {@code max} characters with a note saying how much was left out. */
  static String cap(String text, int max) {
    if (text.length() <= max) return text;
    String note = "\n… (" + (text.length() - max) + " more characters not shown)";
    return text.substring(0, Math.max(0, max - note.length())) + note;
  }

  /** The last line with something on it, stripped; empty when there is none. */
  static String lastNonEmptyLine(String text) {
    String last = "";
    for (String line : text.lines().toList()) if (!line.isBlank()) last = line.strip();
    return last;
  }
}
