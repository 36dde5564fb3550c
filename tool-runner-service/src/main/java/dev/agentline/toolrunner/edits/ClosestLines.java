package dev.agentline.toolrunner.edits;

import java.util.Arrays;
import java.util.List;

/**
 * The lines of a file most like a model's search lines, quoted with their line numbers, so the
 * model can copy the real text on its retry. The window is as long as the search text; its score
 * sums, line by line, the similarity (shared character pairs) of the stripped lines.
 */
final class ClosestLines {
  static final int MAX_LINES = 30;
  private static final int MAX_LINE_CHARS = 200;
  /** Beyond this many line comparisons only equal lines count, so a huge file stays quick. */
  private static final long FINE_LIMIT = 2_000_000L;

  private ClosestLines() {}

  /** "The closest lines in the file are a-b:" and the numbered lines; a plain sentence when nothing is alike. */
  static String quote(List<String> file, List<String> search) {
    if (file.isEmpty()) return "The file is empty.";
    int size = Math.max(1, search.size());
    int[][] wanted = search.stream().map(line -> line.isBlank() ? null : pairs(line.strip())).toArray(int[][]::new);
    boolean fine = (long) file.size() * size <= FINE_LIMIT;
    int[][] have = new int[file.size()][];
    double best = 0;
    int bestStart = 0;
    for (int start = 0; start <= Math.max(0, file.size() - size); start++) {
      double score = 0;
      for (int k = 0; k < search.size() && start + k < file.size(); k++) {
        if (wanted[k] == null) continue;
        String line = file.get(start + k).strip();
        if (line.equals(search.get(k).strip())) score += 1;
        else if (fine) {
          if (have[start + k] == null) have[start + k] = pairs(line);
          score += similarity(wanted[k], have[start + k]);
        }
      }
      if (score > best) {
        best = score;
        bestStart = start;
      }
    }
    if (best == 0) return "No line of the file resembles it.";
    int end = Math.min(file.size(), bestStart + Math.min(size, MAX_LINES));
    StringBuilder out = new StringBuilder("The closest lines in the file are " + (bestStart + 1) + "-" + end + " (line numbers are not part of the file):\n");
    int digits = String.valueOf(end).length();
    for (int i = bestStart; i < end; i++) {
      String line = file.get(i);
      if (line.length() > MAX_LINE_CHARS) line = line.substring(0, MAX_LINE_CHARS) + "…";
      out.append(String.format("%" + digits + "d| %s", i + 1, line)).append('\n');
    }
    return out.toString().stripTrailing();
  }

  /** The line's character pairs as sorted codes (a multiset). */
  private static int[] pairs(String line) {
    if (line.length() < 2) return line.isEmpty() ? new int[0] : new int[] {line.charAt(0)};
    int[] codes = new int[line.length() - 1];
    for (int i = 0; i + 1 < line.length(); i++) codes[i] = (line.charAt(i) << 16) | line.charAt(i + 1);
    Arrays.sort(codes);
    return codes;
  }

  /** Dice coefficient of two sorted multisets. */
  private static double similarity(int[] a, int[] b) {
    if (a.length == 0 || b.length == 0) return 0;
    int i = 0;
    int j = 0;
    int shared = 0;
    while (i < a.length && j < b.length) {
      if (a[i] == b[j]) {
        shared++;
        i++;
        j++;
      } else if (a[i] < b[j]) {
        i++;
      } else {
        j++;
      }
    }
    return 2.0 * shared / (a.length + b.length);
  }
}
