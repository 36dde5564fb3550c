package dev.agentline.toolrunner.workspace;

import java.util.List;

/**
 * A unified diff in git's format between two commits, with its statistics. {@code text} is cut
 * at whole lines to the cap it was made with; then {@code capped} is true and its last line says
 * so ({@code ... diff capped at M characters; the whole diff changes N files, +A -D}).
 *
 * @param files files changed (added, deleted, modified, renamed)
 * @param additions lines added, over all files (binary files count none)
 * @param deletions lines deleted, over all files
 * @param changedFiles every path the diff changes, sorted: added, deleted, modified, and both
 *     names of a renamed or copied file (so a rename is one of {@code files} but two paths here)
 */
public record Diff(String text, int files, int additions, int deletions, boolean capped, List<String> changedFiles) {
  private static final int MARKER_RESERVE = 120;
  /** The smallest cap a diff can be made with. */
  public static final int MIN_CHARS = 2 * MARKER_RESERVE;

  public Diff {
    changedFiles = List.copyOf(changedFiles);
  }

  /** Added + deleted lines. */
  public int lines() {
    return additions + deletions;
  }

  /** {@code N files changed, +A -D}. */
  public String summary() {
    return fileCount(files) + " changed, +" + additions + " -" + deletions;
  }

  private static String fileCount(int files) {
    return files + (files == 1 ? " file" : " files");
  }

  /** The diff, cut at whole lines to fit {@code maxChars} with the marker, when {@code full} is longer or incomplete. */
  static Diff of(String full, boolean complete, int files, int additions, int deletions, List<String> changedFiles, int maxChars) {
    if (complete && full.length() <= maxChars) return new Diff(full, files, additions, deletions, false, changedFiles);
    int end = Math.min(full.length(), maxChars - MARKER_RESERVE);
    int lineEnd = full.lastIndexOf('\n', end - 1);
    String kept = lineEnd >= 0 ? full.substring(0, lineEnd + 1) : "";
    String marker = "... diff capped at " + maxChars + " characters; the whole diff changes " + fileCount(files)
        + ", +" + additions + " -" + deletions + "\n";
    return new Diff(kept + marker, files, additions, deletions, true, changedFiles);
  }
}
