package dev.agentline.toolrunner.review;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/** The end of a CI log: ANSI escapes and GitLab's section markers stripped, the last lines and characters kept. */
final class LogExcerpt {
  private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-?]*[ -/]*[@-~]|\u001B[@-Z\\\\-_]");
  private static final Pattern GITLAB_SECTION = Pattern.compile("section_(?:start|end):\\d+:[A-Za-z0-9_.-]+(?:\\[[^\\]]*\\])?");
  // GitHub Actions prefixes every line with its time: 2026-11-26T06:05:47.1234567Z
  private static final Pattern GITHUB_TIME = Pattern.compile("(?m)^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)?Z ");

  private final int maxLines;
  private final int maxChars;

  LogExcerpt(int maxLines, int maxChars) {
    this.maxLines = maxLines;
    this.maxChars = maxChars;
  }

  String cut(String log) {
    String clean = GITHUB_TIME.matcher(GITLAB_SECTION.matcher(ANSI.matcher(log).replaceAll("")).replaceAll("")).replaceAll("");
    // split on \n only: a bare \r rewrites the line (progress output, GitLab's section markers)
    List<String> lines = Arrays.stream(clean.split("\n", -1))
        .map(l -> l.contains("\r") ? l.substring(l.lastIndexOf('\r') + 1) : l) // a progress line: what was shown last
        .map(String::stripTrailing)
        .toList();
    int end = lines.size();
    while (end > 0 && lines.get(end - 1).isBlank()) end--;
    int start = Math.max(0, end - maxLines);
    while (start < end && lines.get(start).isBlank()) start++;
    List<String> kept = lines.subList(start, end);
    String text = String.join("\n", kept);
    if (text.length() > maxChars) {
      text = text.substring(text.length() - maxChars);
      int newline = text.indexOf('\n');
      if (newline >= 0 && newline < text.length() - 1) text = text.substring(newline + 1);
    }
    return text;
  }
}
