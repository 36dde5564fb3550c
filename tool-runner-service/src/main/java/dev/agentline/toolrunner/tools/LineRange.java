package dev.agentline.toolrunner.tools;

import dev.agentline.schemas.ToolRequest;
import java.util.List;

/**
 * The lines READ_FILES returns of each file: {@code startLine} to {@code endLine}, 1-based and
 * inclusive, either one open (null: from the first line, to the last). Lines are those of
 * {@link String#lines()}, as SEARCH numbers them, so a hit {@code path:120: text} is line 120 here.
 *
 * <p>A file read whole is returned verbatim. A range comes back numbered, each line as
 * {@code "  12| text"} (the number right-aligned to at least 4 columns), so the reader sees where
 * it is; the tool's output says {@code path: lines a-b of N}. A range not inside the file is a
 * {@link ToolFailure} saying how many lines the file has.
 */
record LineRange(Integer start, Integer end) {
  static final LineRange WHOLE = new LineRange(null, null);
  private static final int MIN_NUMBER_WIDTH = 4;

  LineRange {
    if (start != null && start < 1) throw new ToolFailure("startLine must be >= 1 (lines are numbered from 1), was " + start);
    if (end != null && end < 1) throw new ToolFailure("endLine must be >= 1 (lines are numbered from 1), was " + end);
    if (start != null && end != null && end < start) throw new ToolFailure("endLine (" + end + ") must be >= startLine (" + start + ")");
  }

  static LineRange of(ToolRequest request) {
    return new LineRange(request.getStartLine(), request.getEndLine());
  }

  boolean whole() {
    return start == null && end == null;
  }

  /** Part of a file: its numbered lines and which they are. */
  record Slice(String content, int first, int last, int lineCount) {
    String describe() {
      return "lines " + first + "-" + last + " of " + lineCount;
    }
  }

  /** The range's lines of {@code content}, numbered; {@code path} names the file in the failure. */
  Slice cut(String path, String content) {
    List<String> lines = content.lines().toList();
    int count = lines.size();
    int first = start == null ? 1 : start;
    int last = end == null ? count : end;
    if (first > count || last > count) {
      String which = first > count ? "startLine " + first : "endLine " + last;
      throw new ToolFailure(path + " has " + count + (count == 1 ? " line" : " lines") + "; " + which + " is past its end"
          + (count == 0 ? "" : " (ask within 1-" + count + ")"));
    }
    int width = Math.max(MIN_NUMBER_WIDTH, String.valueOf(last).length());
    StringBuilder text = new StringBuilder();
    for (int n = first; n <= last; n++) {
      String number = String.valueOf(n);
      text.append(" ".repeat(width - number.length())).append(number).append('|');
      String line = lines.get(n - 1);
      if (!line.isEmpty()) text.append(' ').append(line);
      text.append('\n');
    }
    return new Slice(text.toString(), first, last, count);
  }
}
