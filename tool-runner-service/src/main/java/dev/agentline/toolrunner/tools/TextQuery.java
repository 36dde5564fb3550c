package dev.agentline.toolrunner.tools;

import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What SEARCH and the GATHER_CONTEXT queries look for, line by line: literal text (the default),
 * or with {@code regex} a {@link Pattern Java regular expression} found anywhere in a line
 * ({@code find}, so {@code ^} and {@code $} are the line's ends). Both are case-sensitive; a
 * regular expression can say {@code (?i)}. Lines are those of {@link String#lines()}, numbered
 * from 1, the numbering READ_FILES line ranges use.
 *
 * <p>A regular expression that does not compile is a {@link ToolFailure} naming it and the syntax
 * error. One that backtracks for too long (matching takes over {@value #REGEX_TIME_LIMIT_MS} ms in
 * all for one query) is a {@link ToolFailure} too, not a stuck consumer.
 */
final class TextQuery {
  static final long REGEX_TIME_LIMIT_MS = 10_000;
  /** Longer lines are shown cut: minified or generated code. */
  private static final int MAX_LINE_CHARS = 300;

  private final String text;
  private final Pattern pattern;
  private final long limitMs;
  /** Time spent matching the regular expression so far, reading files not counted. */
  private long matchingNanos;

  private TextQuery(String text, Pattern pattern, long limitMs) {
    this.text = text;
    this.pattern = pattern;
    this.limitMs = limitMs;
  }

  /** {@code what} names the query in a failure, e.g. {@code "SEARCH query"} or {@code "query 2"}. */
  static TextQuery of(String text, boolean regex, String what) {
    return of(text, regex, what, REGEX_TIME_LIMIT_MS);
  }

  static TextQuery of(String text, boolean regex, String what, long regexTimeLimitMs) {
    if (!regex) return new TextQuery(text, null, regexTimeLimitMs);
    try {
      return new TextQuery(text, Pattern.compile(text), regexTimeLimitMs);
    } catch (PatternSyntaxException e) {
      throw new ToolFailure(what + " is not a valid regular expression: /" + text + "/: " + e.getDescription()
          + (e.getIndex() >= 0 ? " at index " + e.getIndex() : ""));
    }
  }

  String text() {
    return text;
  }

  /** {@code "hello"} or {@code /hel+o/}: how output lines name the query. */
  String quoted() {
    return pattern == null ? "\"" + text + "\"" : "/" + text + "/";
  }

  /** Hands every line of {@code content} the query matches to {@code hits} as {@code path:line: text}. */
  void forEachHit(String path, String content, Consumer<String> hits) {
    if (pattern == null && !content.contains(text)) return;
    List<String> lines = content.lines().toList();
    Matcher matcher = pattern == null ? null : pattern.matcher("");
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (matcher == null ? !line.contains(text) : !find(matcher, line)) continue;
      String shown = line.length() > MAX_LINE_CHARS ? line.substring(0, MAX_LINE_CHARS) + "…" : line;
      hits.accept(path + ":" + (i + 1) + ": " + shown);
    }
  }

  private boolean find(Matcher matcher, String line) {
    Deadline timed = new Deadline(line);
    try {
      return matcher.reset(timed).find();
    } finally {
      matchingNanos += System.nanoTime() - timed.start;
    }
  }

  /**
   * A line that stops a runaway match: the regex engine reads every character through
   * {@link #charAt}, so a check there bounds catastrophic backtracking, which
   * {@link Matcher} itself cannot interrupt.
   */
  private final class Deadline implements CharSequence {
    private final String line;
    private final long start = System.nanoTime();
    private int reads;

    Deadline(String line) {
      this.line = line;
    }

    @Override
    public char charAt(int index) {
      if ((++reads & 0xFFF) == 0 && matchingNanos + System.nanoTime() - start > limitMs * 1_000_000) {
        throw new ToolFailure("the regular expression /" + text + "/ ran for more than " + limitMs
            + " ms (catastrophic backtracking?); simplify it, e.g. avoid nested quantifiers such as (a+)+");
      }
      return line.charAt(index);
    }

    @Override
    public int length() {
      return line.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return line.subSequence(start, end);
    }

    @Override
    public String toString() {
      return line;
    }
  }
}
