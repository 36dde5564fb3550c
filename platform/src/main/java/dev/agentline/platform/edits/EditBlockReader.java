package dev.agentline.platform.edits;

import dev.agentline.schemas.Edit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads aider-style SEARCH/REPLACE blocks: {@code <<<<<<< SEARCH}, the old lines, {@code =======},
 * the new lines, {@code >>>>>>> REPLACE} (5 to 9 marker characters, any case, ORIGINAL/UPDATED
 * accepted too). The file path is found where models put it: on the line before the block or
 * before its fence, inside the fence before the marker, in the fence's info string, or after
 * {@code SEARCH} on the marker line; decorated or quoted (see {@link PathMentions}). A block with
 * no path of its own continues the previous block's file. Each side keeps its exact text, lines
 * joined with \n and a trailing \n when it is not empty.
 *
 * <p>When a block's lines hold several {@code =======} lines (a Markdown heading underline), the
 * middle one of those with exactly seven {@code =} is the divider. A block whose
 * {@code >>>>>>> REPLACE} line is missing but whose fence closes after the divider ends at the
 * fence; one that runs off the end of the answer (a cut-off answer) is refused.
 */
final class EditBlockReader {
  private static final Pattern HEAD = Pattern.compile("^\\s*<{5,9}\\s*(?:SEARCH|ORIGINAL)\\b:?\\s*(.*)$", Pattern.CASE_INSENSITIVE);
  private static final Pattern DIVIDER = Pattern.compile("^\\s*={5,9}\\s*$");
  private static final Pattern TAIL = Pattern.compile("^\\s*>{5,9}\\s*(?:REPLACE|UPDATED)\\b.*$", Pattern.CASE_INSENSITIVE);
  /** The line-number prefix READ_FILES puts before each line of a range: the number right-aligned, '|', a space. */
  private static final Pattern NUMBER_PREFIX = Pattern.compile("(?m)^ *\\d+\\|(?: |$)");

  /** How many non-blank lines above a block are searched for its path. */
  private static final int PATH_LOOKBACK = 4;

  /** Empty when the answer (with \n line ends) has no SEARCH/REPLACE markers at all. */
  Optional<EditAnswer> read(String answer) {
    String[] lines = answer.split("\n", -1);
    List<Fences.Block> fences = Fences.blocks(answer);
    Map<Integer, Fences.Block> fenceOpenedAt = new HashMap<>();
    for (Fences.Block fence : fences) fenceOpenedAt.put(fence.openLine(), fence);
    boolean[] consumed = new boolean[lines.length];
    List<Edit> edits = new ArrayList<>();
    String lastPath = null;
    int block = 0;
    for (int i = 0; i < lines.length; i++) {
      if (TAIL.matcher(lines[i]).matches()) {
        return Optional.of(EditAnswer.invalid("line " + (i + 1) + ": >>>>>>> REPLACE without a <<<<<<< SEARCH before it"));
      }
      Matcher head = HEAD.matcher(lines[i]);
      if (!head.matches()) continue;
      block++;
      String onMarker = head.group(1).isBlank() ? null : PathMentions.inLine(head.group(1));
      PathLine path = onMarker != null ? new PathLine(onMarker, -1) : pathBefore(lines, i, lastPath, fenceOpenedAt);
      if (path == null) {
        return Optional.of(EditAnswer.invalid("SEARCH/REPLACE block " + block + " has no file path: put the path alone on the line before <<<<<<< SEARCH"));
      }
      String where = "SEARCH/REPLACE block " + block + " (" + path.path + ")";
      Optional<String> problem = RepoPaths.problem(path.path);
      if (problem.isPresent()) return Optional.of(EditAnswer.invalid(where + ": " + problem.get()));

      List<Integer> dividers = new ArrayList<>();
      int tail = -1;
      for (int j = i + 1; j < lines.length && !HEAD.matcher(lines[j]).matches(); j++) {
        if (TAIL.matcher(lines[j]).matches()) {
          tail = j;
          break;
        }
        if (DIVIDER.matcher(lines[j]).matches()) dividers.add(j);
      }
      if (tail < 0) tail = closingFence(fences, i, dividers, lines.length);
      int end = tail;
      if (end >= 0) dividers.removeIf(d -> d > end);
      if (dividers.isEmpty()) return Optional.of(EditAnswer.invalid(where + ": missing ======= line after the SEARCH lines"));
      if (tail < 0) return Optional.of(EditAnswer.invalid(where + ": missing >>>>>>> REPLACE line after the new lines"));
      int divider = divider(lines, dividers);
      String search = joined(lines, i + 1, divider);
      String replace = joined(lines, divider + 1, tail);
      if (numberedLines(search)) {
        // copied from a READ_FILES range ("  12| text"): the numbers are not part of the file
        search = NUMBER_PREFIX.matcher(search).replaceAll("");
        replace = NUMBER_PREFIX.matcher(replace).replaceAll("");
      }
      edits.add(Edit.newBuilder().setPath(path.path).setSearch(search).setReplace(replace).build());
      if (path.index >= 0) consumed[path.index] = true;
      for (int c = i; c <= tail; c++) consumed[c] = true;
      lastPath = path.path;
      i = tail;
    }
    if (edits.isEmpty()) return Optional.empty();
    return Optional.of(EditAnswer.edits(edits, explanation(lines, consumed)));
  }

  /** The close of the fence around the block at {@code head} when it comes after a divider; -1 otherwise. */
  private static int closingFence(List<Fences.Block> fences, int head, List<Integer> dividers, int lineCount) {
    for (Fences.Block fence : fences) {
      boolean encloses = fence.openLine() < head && head < fence.closeLine() && fence.closeLine() < lineCount;
      if (encloses && !dividers.isEmpty() && dividers.get(0) < fence.closeLine()) return fence.closeLine();
    }
    return -1;
  }

  private static int divider(String[] lines, List<Integer> dividers) {
    List<Integer> seven = dividers.stream().filter(d -> lines[d].strip().length() == 7).toList();
    List<Integer> candidates = seven.isEmpty() ? dividers : seven;
    return candidates.get((candidates.size() - 1) / 2);
  }

  /** A path and the line that is nothing but that path (-1 when it came from elsewhere: it stays in the explanation). */
  private record PathLine(String path, int index) {}

  /** The path named above a SEARCH marker; the previous block's path when none is named before that block's end. */
  private static PathLine pathBefore(String[] lines, int head, String lastPath, Map<Integer, Fences.Block> fenceOpenedAt) {
    int prose = 0;
    for (int i = head - 1; i >= 0 && prose < PATH_LOOKBACK; i--) {
      String line = lines[i];
      if (line.isBlank()) continue;
      if (TAIL.matcher(line).matches()) break;
      if (Fences.isFenceLine(line)) {
        Fences.Block fence = fenceOpenedAt.get(i);
        String named = fence == null ? null : PathMentions.inFenceInfo(fence.info());
        if (named != null) return new PathLine(named, -1);
        continue;
      }
      String named = PathMentions.inLine(line);
      if (named != null) return new PathLine(named, PathMentions.namesOnly(line, named) ? i : -1);
      prose++;
    }
    return lastPath == null ? null : new PathLine(lastPath, -1);
  }

  /** Whether every line of the SEARCH text carries the READ_FILES line-number prefix. */
  static boolean numberedLines(String search) {
    List<String> lines = search.lines().toList();
    return !lines.isEmpty() && lines.stream().allMatch(line -> NUMBER_PREFIX.matcher(line).lookingAt());
  }

  private static String joined(String[] lines, int from, int to) {
    if (from >= to) return "";
    StringBuilder text = new StringBuilder();
    for (int i = from; i < to; i++) text.append(lines[i]).append('\n');
    return text.toString();
  }

  private static String explanation(String[] lines, boolean[] consumed) {
    StringBuilder prose = new StringBuilder();
    for (int i = 0; i < lines.length; i++) {
      if (!consumed[i] && !Fences.isFenceLine(lines[i])) prose.append(lines[i]).append('\n');
    }
    String text = prose.toString().strip();
    return text.isEmpty() ? null : text;
  }
}
