package dev.agentline.toolrunner.edits;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Finds where a model's lines are in a file, trying ever more tolerant comparisons and stopping at
 * the first that finds anything: lines equal (line ends never matter), then equal but for
 * trailing whitespace, then equal but for indentation, then equal once blank lines are left out
 * as well. Every place found at that level is returned, so the caller can insist on exactly one.
 */
final class LineMatcher {
  private LineMatcher() {}

  enum Tolerance {
    EXACT(""),
    TRAILING_WHITESPACE(" when trailing whitespace is ignored"),
    INDENTATION(" when indentation is ignored"),
    BLANK_LINES(" when indentation and blank lines are ignored");

    /** How the message for this level says what was ignored ("" for none). */
    final String ignoring;

    Tolerance(String ignoring) {
      this.ignoring = ignoring;
    }

    boolean keepsIndentation() {
      return this == EXACT || this == TRAILING_WHITESPACE;
    }
  }

  /**
   * Matched file lines [from, to); {@code lineOf[k]} is the file line search line k matched, or
   * -1 for a blank search line left out at {@link Tolerance#BLANK_LINES}.
   */
  record Match(int from, int to, int[] lineOf) {}

  record Found(Tolerance tolerance, List<Match> matches) {
    /** The 1-based first lines of the matches, for messages. */
    /** The first {@value LineMatcher#LISTED} places' line numbers, then how many more: a model reads this, so it stays short. */
    String lineNumbers() {
      List<String> numbers = new ArrayList<>();
      for (Match match : matches.subList(0, Math.min(LISTED, matches.size()))) numbers.add(String.valueOf(match.from() + 1));
      return String.join(", ", numbers) + (matches.size() > LISTED ? " and " + (matches.size() - LISTED) + " more" : "");
    }
  }

  /** How many places' line numbers an error lists. */
  static final int LISTED = 10;

  /** The places at the first tolerance level that has any; empty when there are none at all (or no search lines). */
  static Optional<Found> find(List<String> file, List<String> search) {
    if (search.isEmpty()) return Optional.empty();
    for (Tolerance tolerance : Tolerance.values()) {
      List<Match> matches = tolerance == Tolerance.BLANK_LINES ? skippingBlankLines(file, search) : contiguous(file, search, tolerance);
      if (!matches.isEmpty()) return Optional.of(new Found(tolerance, matches));
    }
    return Optional.empty();
  }

  private static String normalized(String line, Tolerance tolerance) {
    return switch (tolerance) {
      case EXACT -> line;
      case TRAILING_WHITESPACE -> line.stripTrailing();
      case INDENTATION, BLANK_LINES -> line.strip();
    };
  }

  private static List<Match> contiguous(List<String> file, List<String> search, Tolerance tolerance) {
    String[] wanted = search.stream().map(line -> normalized(line, tolerance)).toArray(String[]::new);
    String[] lines = file.stream().map(line -> normalized(line, tolerance)).toArray(String[]::new);
    List<Match> matches = new ArrayList<>();
    for (int start = 0; start + wanted.length <= lines.length; start++) {
      int k = 0;
      while (k < wanted.length && lines[start + k].equals(wanted[k])) k++;
      if (k < wanted.length) continue;
      int[] lineOf = new int[wanted.length];
      for (int i = 0; i < lineOf.length; i++) lineOf[i] = start + i;
      matches.add(new Match(start, start + wanted.length, lineOf));
    }
    return matches;
  }

  private static List<Match> skippingBlankLines(List<String> file, List<String> search) {
    List<Integer> wantedAt = new ArrayList<>();
    for (int k = 0; k < search.size(); k++) if (!search.get(k).isBlank()) wantedAt.add(k);
    List<Integer> fileAt = new ArrayList<>();
    for (int i = 0; i < file.size(); i++) if (!file.get(i).isBlank()) fileAt.add(i);
    List<Match> matches = new ArrayList<>();
    if (wantedAt.isEmpty()) return matches;
    for (int p = 0; p + wantedAt.size() <= fileAt.size(); p++) {
      int q = 0;
      while (q < wantedAt.size() && file.get(fileAt.get(p + q)).strip().equals(search.get(wantedAt.get(q)).strip())) q++;
      if (q < wantedAt.size()) continue;
      int[] lineOf = new int[search.size()];
      Arrays.fill(lineOf, -1);
      for (int r = 0; r < wantedAt.size(); r++) lineOf[wantedAt.get(r)] = fileAt.get(p + r);
      matches.add(new Match(fileAt.get(p), fileAt.get(p + wantedAt.size() - 1) + 1, lineOf));
    }
    return matches;
  }
}
