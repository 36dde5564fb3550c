package dev.agentline.audit.ingest;

/**
 * What a record is, in a word and a line: the event type (null when the type says it all) and a
 * one-line human summary for timelines.
 */
record Summary(String eventType, String line) {
  private static final int MAX_LENGTH = 240;

  Summary {
    line = oneLine(line);
  }

  /** Whitespace runs (newlines included) collapsed to one space, cut at {@value #MAX_LENGTH} characters. */
  static String oneLine(String text) {
    if (text == null) return "";
    String collapsed = Json.storable(text).strip().replaceAll("\\s+", " ");
    return collapsed.length() <= MAX_LENGTH ? collapsed : collapsed.substring(0, MAX_LENGTH - 1) + "…";
  }
}
