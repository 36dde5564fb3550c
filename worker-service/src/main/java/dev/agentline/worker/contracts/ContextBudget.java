package dev.agentline.worker.contracts;

/**
 * The part of a role's context budget ({@code context-tokens}, estimated at 4 characters a token)
 * left for context sections once the template and the fixed sections are counted. Sections take
 * from it in priority order; a section that does not fit is cut (at a line end when one is near)
 * and says so with a visible marker, never silently.
 */
final class ContextBudget {
  static final int CHARS_PER_TOKEN = 4;

  private final String role;
  private final int contextTokens;
  private int remaining;

  /** @param usedChars characters the prompt takes before any context section */
  ContextBudget(String role, int contextTokens, int usedChars) {
    if (contextTokens < 1) throw new IllegalArgumentException("contextTokens must be >= 1, was " + contextTokens);
    this.role = role;
    this.contextTokens = contextTokens;
    this.remaining = Math.max(0, contextTokens * CHARS_PER_TOKEN - usedChars);
  }

  int remainingChars() {
    return remaining;
  }

  /** The text if it fits, else as much of it as fits followed by the truncation marker. */
  String fit(String text) {
    if (text.length() <= remaining) {
      remaining -= text.length();
      return text;
    }
    String probe = marker(text.length());
    int keep = Math.max(0, remaining - probe.length() - 1);
    int lineEnd = text.lastIndexOf('\n', keep);
    if (lineEnd >= keep / 2 && lineEnd > 0) keep = lineEnd + 1;
    String kept = text.substring(0, keep);
    String marker = marker(text.length() - keep);
    remaining = Math.max(0, remaining - kept.length() - marker.length() - 1);
    return kept + (kept.isEmpty() || kept.endsWith("\n") ? "" : "\n") + marker + "\n";
  }

  private String marker(int cutChars) {
    return "[... truncated " + cutChars + " characters to fit the " + role + " context budget of " + contextTokens + " tokens ...]";
  }
}
