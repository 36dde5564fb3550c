package dev.agentline.audit.store;

import java.time.Instant;

/** Rows in PostgreSQL's COPY text format: tab-separated fields, {@code \N} for null, backslash escapes. */
final class CopyText {
  private CopyText() {}

  static void row(StringBuilder out, Object... fields) {
    for (int i = 0; i < fields.length; i++) {
      if (i > 0) out.append('\t');
      field(out, fields[i]);
    }
    out.append('\n');
  }

  static void field(StringBuilder out, Object value) {
    if (value == null) {
      out.append("\\N");
    } else if (value instanceof Number || value instanceof Instant) {
      out.append(value);
    } else {
      escape(out, value.toString());
    }
  }

  private static void escape(StringBuilder out, String text) {
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> out.append(c);
      }
    }
  }
}
