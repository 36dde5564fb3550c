package dev.agentline.worker.contracts;

import dev.agentline.schemas.Edit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads aider-style SEARCH/REPLACE blocks: the file path on the line before
 * {@code <<<<<<< SEARCH} (fences and blank lines between are skipped; a block right after another
 * reuses its path), the old lines, {@code =======}, the new lines, {@code >>>>>>> REPLACE}. Each
 * side keeps its exact text, lines joined with \n and a trailing \n when it is not empty.
 */
final class EditBlockReader {
  private static final Pattern HEAD = Pattern.compile("^\\s*<{5,9} ?SEARCH\\s*$");
  private static final Pattern DIVIDER = Pattern.compile("^\\s*={5,9}\\s*$");
  private static final Pattern TAIL = Pattern.compile("^\\s*>{5,9} ?REPLACE\\s*$");

  /** Empty when the answer has no SEARCH/REPLACE markers at all. */
  Optional<StepOutput> read(String answer) {
    String[] lines = Fences.normalizeNewlines(answer).split("\n", -1);
    boolean[] consumed = new boolean[lines.length];
    List<Edit> edits = new ArrayList<>();
    String lastPath = null;
    int block = 0;
    for (int i = 0; i < lines.length; i++) {
      if (TAIL.matcher(lines[i]).matches()) {
        return Optional.of(StepOutput.invalid("line " + (i + 1) + ": >>>>>>> REPLACE without a <<<<<<< SEARCH before it"));
      }
      if (!HEAD.matcher(lines[i]).matches()) continue;
      block++;
      PathLine path = pathBefore(lines, i, lastPath);
      if (path == null) {
        return Optional.of(StepOutput.invalid("SEARCH/REPLACE block " + block + " has no file path: put the path alone on the line before <<<<<<< SEARCH"));
      }
      String where = "SEARCH/REPLACE block " + block + " (" + path.path + ")";
      Optional<String> problem = RepoPaths.problem(path.path);
      if (problem.isPresent()) return Optional.of(StepOutput.invalid(where + ": " + problem.get()));
      List<String> search = new ArrayList<>();
      int j = collect(lines, i + 1, DIVIDER, search);
      if (j < 0) return Optional.of(StepOutput.invalid(where + ": missing ======= line after the SEARCH lines"));
      List<String> replace = new ArrayList<>();
      int k = collect(lines, j + 1, TAIL, replace);
      if (k < 0) return Optional.of(StepOutput.invalid(where + ": missing >>>>>>> REPLACE line after the new lines"));
      edits.add(Edit.newBuilder().setPath(path.path).setSearch(joined(search)).setReplace(joined(replace)).build());
      for (int c = path.index >= 0 ? path.index : i; c <= k; c++) consumed[c] = true;
      lastPath = path.path;
      i = k;
    }
    if (edits.isEmpty()) return Optional.empty();
    return Optional.of(StepOutput.edits(edits, explanation(lines, consumed)));
  }

  /** Adds lines from {@code start} to {@code into} up to the {@code end} marker; its index, or -1 when another marker or the end comes first. */
  private static int collect(String[] lines, int start, Pattern end, List<String> into) {
    for (int i = start; i < lines.length; i++) {
      if (end.matcher(lines[i]).matches()) return i;
      if (HEAD.matcher(lines[i]).matches() || DIVIDER.matcher(lines[i]).matches() || TAIL.matcher(lines[i]).matches()) return -1;
      into.add(lines[i]);
    }
    return -1;
  }

  private record PathLine(String path, int index) {}

  /** The path line above a SEARCH marker; the previous block's path when the line above is that block's end. */
  private static PathLine pathBefore(String[] lines, int head, String lastPath) {
    for (int i = head - 1; i >= 0; i--) {
      String line = lines[i].strip();
      if (line.isEmpty() || Fences.isFenceLine(line)) continue;
      if (TAIL.matcher(line).matches()) return lastPath == null ? null : new PathLine(lastPath, -1);
      String candidate = cleanPath(line);
      if (candidate != null) return new PathLine(candidate, i);
      return lastPath == null ? null : new PathLine(lastPath, -1);
    }
    return null;
  }

  /** Strips Markdown decoration ({@code **path**}, {@code `path`}, {@code # path}, {@code path:}); null when no path. */
  private static String cleanPath(String line) {
    String path = line.replaceAll("^[#*`\\s]+", "").replaceAll("[*`:\\s]+$", "");
    if (path.isEmpty() || path.chars().anyMatch(Character::isWhitespace)) return null;
    return path;
  }

  private static String joined(List<String> lines) {
    return lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
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
