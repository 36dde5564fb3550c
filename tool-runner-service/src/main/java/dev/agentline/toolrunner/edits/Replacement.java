package dev.agentline.toolrunner.edits;

import java.util.ArrayList;
import java.util.List;

/**
 * The lines that replace a match. The search and replace lines are compared (longest common
 * subsequence of equal lines): a line the model kept stays exactly as the file has it, and every
 * other replace line is re-indented the way the matched lines were (see {@link Reindent}). When
 * blank lines were ignored to find the match, the file's blank lines between matched lines stay
 * where they were, and the model's blank lines at the ends of its text are not added.
 */
final class Replacement {
  /** Above this many search x replace line pairs, unchanged lines are re-indented like new ones instead. */
  private static final long LCS_LIMIT = 4_000_000L;

  private Replacement() {}

  static List<String> lines(List<String> file, LineMatcher.Match match, LineMatcher.Tolerance tolerance, List<String> search, List<String> replace) {
    boolean blanksIgnored = tolerance == LineMatcher.Tolerance.BLANK_LINES;
    List<String> wanted = blanksIgnored ? trimBlankEdges(search, replace) : replace;
    Reindent reindent = tolerance.keepsIndentation() ? Reindent.none() : fit(file, match, search);
    List<Integer> searchAt = new ArrayList<>();
    for (int k = 0; k < search.size(); k++) if (!blanksIgnored || match.lineOf()[k] >= 0) searchAt.add(k);
    List<String> model = searchAt.stream().map(search::get).toList();

    List<String> lines = new ArrayList<>(wanted.size());
    int previousFileLine = -1;
    int i = 0;
    int j = 0;
    int[][] lcs = lcs(model, wanted);
    while (i < model.size() || j < wanted.size()) {
      boolean keep = i < model.size() && j < wanted.size() && lcs != null && model.get(i).equals(wanted.get(j));
      boolean dropSearchLine = !keep && i < model.size() && (j >= wanted.size() || lcs == null || lcs[i + 1][j] >= lcs[i][j + 1]);
      if (keep || dropSearchLine) {
        int fileLine = match.lineOf()[searchAt.get(i)];
        boolean afterText = !lines.isEmpty() && !lines.get(lines.size() - 1).isBlank();
        if (blanksIgnored && afterText && previousFileLine >= 0 && fileLine > previousFileLine + 1) {
          lines.addAll(file.subList(previousFileLine + 1, fileLine));
        }
        if (fileLine >= 0) previousFileLine = fileLine;
        if (keep) {
          lines.add(fileLine >= 0 ? file.get(fileLine) : reindent.apply(wanted.get(j)));
          j++;
        }
        i++;
      } else {
        String line = reindent.apply(wanted.get(j));
        if (!(blanksIgnored && line.isBlank() && !lines.isEmpty() && lines.get(lines.size() - 1).isBlank())) lines.add(line);
        j++;
      }
    }
    return lines;
  }

  private static Reindent fit(List<String> file, LineMatcher.Match match, List<String> search) {
    List<String> model = new ArrayList<>();
    List<String> matched = new ArrayList<>();
    boolean tabs = false;
    for (int k = 0; k < search.size(); k++) {
      int line = match.lineOf()[k];
      if (line < 0 || search.get(k).isBlank()) continue;
      model.add(search.get(k));
      matched.add(file.get(line));
      if (file.get(line).startsWith("\t")) tabs = true;
    }
    boolean anyIndented = matched.stream().anyMatch(line -> Reindent.width(line) > 0);
    return Reindent.fit(model, matched, anyIndented ? tabs : Reindent.indentsWithTabs(file));
  }

  /** Blank lines at the ends of the search text were not matched; as many at the ends of the replace text go too. */
  private static List<String> trimBlankEdges(List<String> search, List<String> replace) {
    int lead = Math.min(leadingBlank(search), leadingBlank(replace));
    int trail = Math.min(trailingBlank(search), trailingBlank(replace));
    if (lead + trail >= replace.size()) return replace.stream().filter(line -> !line.isBlank()).toList();
    return replace.subList(lead, replace.size() - trail);
  }

  private static int leadingBlank(List<String> lines) {
    int n = 0;
    while (n < lines.size() && lines.get(n).isBlank()) n++;
    return n;
  }

  private static int trailingBlank(List<String> lines) {
    int n = 0;
    while (n < lines.size() && lines.get(lines.size() - 1 - n).isBlank()) n++;
    return n;
  }

  /** lcs[i][j] = length of the longest common subsequence of a[i..] and b[j..]; null when too large to compute. */
  private static int[][] lcs(List<String> a, List<String> b) {
    if ((long) a.size() * b.size() > LCS_LIMIT) return null;
    int[][] lcs = new int[a.size() + 1][b.size() + 1];
    for (int i = a.size() - 1; i >= 0; i--) {
      for (int j = b.size() - 1; j >= 0; j--) {
        lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    return lcs;
  }
}
