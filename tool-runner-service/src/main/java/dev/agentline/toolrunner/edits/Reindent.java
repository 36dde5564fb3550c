package dev.agentline.toolrunner.edits;

import java.util.ArrayList;
import java.util.List;

/**
 * Maps a model's indentation to the file's, learnt from the lines it matched: a constant shift
 * (the model dropped or added a level), or a scale and shift (two spaces per level where the file
 * has four, or spaces where it has tabs). Widths count a tab as {@value #TAB} columns; new
 * indentation is written in the file's style, tabs when the file indents with tabs.
 */
final class Reindent {
  static final int TAB = 4;
  private static final Reindent NONE = new Reindent(1, 1, 0, 0, false, true);

  private final int scaleNumerator;
  private final int scaleDenominator;
  private final int fromBase;
  private final int toBase;
  private final boolean tabs;
  private final boolean identity;

  private Reindent(int scaleNumerator, int scaleDenominator, int fromBase, int toBase, boolean tabs, boolean identity) {
    this.scaleNumerator = scaleNumerator;
    this.scaleDenominator = scaleDenominator;
    this.fromBase = fromBase;
    this.toBase = toBase;
    this.tabs = tabs;
    this.identity = identity;
  }

  /** Leaves every line as the model wrote it. */
  static Reindent none() {
    return NONE;
  }

  /**
   * The mapping that turns each model line's indentation into its matched file line's.
   * @param modelLines and {@code fileLines} are pairs (same index) of matched, non-blank lines
   * @param fileIndentsWithTabs whether new indentation should use tabs
   */
  static Reindent fit(List<String> modelLines, List<String> fileLines, boolean fileIndentsWithTabs) {
    List<int[]> points = new ArrayList<>();
    for (int i = 0; i < modelLines.size(); i++) points.add(new int[] {width(modelLines.get(i)), width(fileLines.get(i))});
    if (points.isEmpty()) return new Reindent(1, 1, 0, 0, fileIndentsWithTabs, false);
    int[] first = points.get(0);
    boolean shift = points.stream().allMatch(p -> p[1] - p[0] == first[1] - first[0]);
    if (!shift) {
      int[] other = points.stream().filter(p -> p[0] != first[0]).findFirst().orElse(null);
      if (other != null) {
        int dx = other[0] - first[0];
        int dy = other[1] - first[1];
        boolean linear = dy * dx > 0 && points.stream().allMatch(p -> (long) (p[1] - first[1]) * dx == (long) dy * (p[0] - first[0]));
        if (linear) return new Reindent(dy, dx, first[0], first[1], fileIndentsWithTabs, false);
      }
    }
    return new Reindent(1, 1, first[0], first[1], fileIndentsWithTabs, false);
  }

  /** The line with its indentation mapped; blank lines become empty. */
  String apply(String line) {
    if (identity) return line;
    if (line.isBlank()) return "";
    String content = line.stripLeading();
    int width = width(line);
    int mapped = Math.max(0, Math.round(toBase + (float) (width - fromBase) * scaleNumerator / scaleDenominator));
    return indentation(mapped) + content;
  }

  private String indentation(int width) {
    if (!tabs) return " ".repeat(width);
    return "\t".repeat(width / TAB) + " ".repeat(width % TAB);
  }

  static int width(String line) {
    int width = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == ' ') width++;
      else if (c == '\t') width += TAB;
      else break;
    }
    return width;
  }

  /** Whether lines of a file are mostly indented with tabs. */
  static boolean indentsWithTabs(List<String> lines) {
    int tabbed = 0;
    int spaced = 0;
    for (String line : lines) {
      if (line.startsWith("\t")) tabbed++;
      else if (line.startsWith(" ") && !line.isBlank()) spaced++;
    }
    return tabbed > spaced;
  }
}
