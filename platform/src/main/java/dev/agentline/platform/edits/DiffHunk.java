package dev.agentline.platform.edits;

import java.util.ArrayList;
import java.util.List;

/**
 * One hunk of a unified diff. {@code lines} keep their prefix: {@code ' '} context, {@code '-'}
 * removed, {@code '+'} added, {@code '\'} "no newline at end of file" for the line before.
 * {@code oldStart} and {@code newStart} are what the diff stated (1-based; {@link #UNKNOWN} when
 * the hunk header had no numbers or was missing); line counts are always the real ones.
 */
public record DiffHunk(int oldStart, int newStart, List<String> lines, String section) {
  public static final int UNKNOWN = -1;

  public DiffHunk {
    lines = List.copyOf(lines);
    section = section == null ? "" : section;
  }

  /** The context and removed lines, without their prefix: what the hunk expects in the file. */
  public List<String> oldLines() {
    return side('-');
  }

  /** The context and added lines, without their prefix: what the hunk leaves in the file. */
  public List<String> newLines() {
    return side('+');
  }

  private List<String> side(char own) {
    List<String> side = new ArrayList<>();
    for (String line : lines) {
      char kind = line.charAt(0);
      if (kind == ' ' || kind == own) side.add(line.substring(1));
    }
    return side;
  }

  public int oldCount() {
    return (int) lines.stream().filter(l -> l.charAt(0) == ' ' || l.charAt(0) == '-').count();
  }

  public int newCount() {
    return (int) lines.stream().filter(l -> l.charAt(0) == ' ' || l.charAt(0) == '+').count();
  }

  /** True when the new side's last line has no line end ({@code \ No newline at end of file} after it). */
  public boolean newEndsWithoutNewline() {
    return endsWithoutNewline('+');
  }

  /** True when the old side's last line has no line end. */
  public boolean oldEndsWithoutNewline() {
    return endsWithoutNewline('-');
  }

  private boolean endsWithoutNewline(char own) {
    int last = -1;
    for (int i = 0; i < lines.size(); i++) {
      char kind = lines.get(i).charAt(0);
      if (kind == ' ' || kind == own) last = i;
    }
    return last >= 0 && last + 1 < lines.size() && lines.get(last + 1).charAt(0) == '\\';
  }

  /**
   * The {@code @@ -a,b +c,d @@} line with the real counts. A hunk of unknown position says so with
   * {@code @@ -?,b +?,d @@}: git apply does not read that (it would otherwise trust a made-up
   * line), and {@link UnifiedDiffs} reads it back as unknown.
   */
  public String header() {
    int oc = oldCount();
    int nc = newCount();
    String title = section.isEmpty() || section.startsWith(" ") ? section : " " + section;
    if (oldStart == UNKNOWN) return "@@ -?," + oc + " +?," + nc + " @@" + title;
    int os = oc > 0 ? Math.max(1, oldStart) : oldStart;
    int ns = newStart == UNKNOWN ? os : (nc > 0 ? Math.max(1, newStart) : newStart);
    return "@@ -" + os + "," + oc + " +" + ns + "," + nc + " @@" + title;
  }
}
