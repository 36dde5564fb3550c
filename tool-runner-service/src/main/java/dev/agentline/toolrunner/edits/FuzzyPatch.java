package dev.agentline.toolrunner.edits;

import dev.agentline.platform.edits.DiffFile;
import dev.agentline.platform.edits.DiffHunk;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A unified diff applied the forgiving way, as a pure function, for diffs {@code git apply} refuses:
 * each hunk's context and removed lines are looked for with the {@link LineMatcher} ladder (line
 * numbers and counts as stated are only a hint), and where a level finds several places the one
 * nearest the stated line (shifted by what the hunks before moved) wins; a hunk without a stated
 * line must match one place. A hunk that only adds lines goes after its stated line. Added lines
 * are re-indented like the matched ones, context lines stay as the file has them, the file keeps
 * its line ends and whether it ends with one. Creations, deletions, renames and copies follow the
 * diff's headers; binary patches are refused. All or nothing: the first hunk that cannot be placed
 * throws {@link EditRejectedException} naming the file and hunk and quoting the closest lines.
 */
final class FuzzyPatch {
  private FuzzyPatch() {}

  /**
   * @param current a file's content, or empty when it does not exist
   * @return each path's new content, or empty for a path the diff deletes
   */
  static Map<String, Optional<String>> apply(List<DiffFile> files, Function<String, Optional<String>> current) {
    Map<String, Optional<String>> result = new LinkedHashMap<>();
    Function<String, Optional<String>> now = path -> result.containsKey(path) ? result.get(path) : current.apply(path);
    for (int f = 0; f < files.size(); f++) {
      DiffFile file = files.get(f);
      String name = "unified diff, file " + (f + 1) + "/" + files.size() + " (" + file.path() + ")";
      if (!file.binary().isEmpty()) throw new EditRejectedException(name + ": the binary patch does not apply to the file as it is");
      if (file.deleted()) {
        if (now.apply(file.oldPath()).isEmpty()) throw new EditRejectedException(name + ": cannot delete " + file.oldPath() + ": file not found");
        result.put(file.oldPath(), Optional.empty());
        continue;
      }
      Optional<String> before = file.created() ? Optional.empty() : now.apply(file.oldPath());
      boolean onlyAdds = file.hunks().stream().allMatch(h -> h.oldCount() == 0);
      String content;
      if (before.isEmpty()) {
        if (!file.created() && !onlyAdds) throw new EditRejectedException(name + ": file not found: " + file.oldPath());
        Optional<String> existing = now.apply(file.newPath());
        if (existing.isPresent() && !existing.get().isEmpty()) {
          throw new EditRejectedException(name + ": cannot create " + file.newPath() + ": it already exists and is not empty");
        }
        content = created(file.hunks());
      } else {
        content = patched(name, file, before.get());
      }
      if (file.oldPath() != null && !file.oldPath().equals(file.newPath()) && !file.copy()) result.put(file.oldPath(), Optional.empty());
      result.put(file.newPath(), Optional.of(content));
    }
    return result;
  }

  private static String created(List<DiffHunk> hunks) {
    StringBuilder content = new StringBuilder();
    for (DiffHunk hunk : hunks) for (String line : hunk.newLines()) content.append(line).append('\n');
    boolean noFinalNewline = !hunks.isEmpty() && hunks.get(hunks.size() - 1).newEndsWithoutNewline();
    if (noFinalNewline && !content.isEmpty()) content.setLength(content.length() - 1);
    return content.toString();
  }

  private static String patched(String name, DiffFile file, String content) {
    TextFile text = TextFile.of(content);
    int shift = 0;
    List<DiffHunk> hunks = file.hunks();
    for (int h = 0; h < hunks.size(); h++) {
      DiffHunk hunk = hunks.get(h);
      String hunkName = name + ", hunk " + (h + 1) + "/" + hunks.size() + " (" + hunk.header() + ")";
      List<String> old = hunk.oldLines();
      List<String> added = hunk.newLines();
      boolean stated = hunk.oldStart() != DiffHunk.UNKNOWN;
      if (old.isEmpty()) {
        int at = Math.max(0, Math.min(text.lines().size(), hunk.oldStart() + shift));
        text = text.splice(at, at, added);
        shift += added.size();
        continue;
      }
      List<String> lines = text.lines();
      LineMatcher.Found found = LineMatcher.find(lines, old).orElseThrow(() -> new EditRejectedException(hunkName
          + ": its context and '-' lines match nowhere in " + file.oldPath() + ", not even when whitespace, indentation and blank lines are ignored. "
          + "They begin: " + SearchReplace.quoteFirstLine(String.join("\n", old)) + ". " + ClosestLines.quote(lines, old)
          + "\nCopy the context and '-' lines exactly from the file."));
      LineMatcher.Match match;
      if (stated) {
        int expected = hunk.oldStart() - 1 + shift;
        match = found.matches().stream().min((a, b) -> Integer.compare(Math.abs(a.from() - expected), Math.abs(b.from() - expected))).orElseThrow();
      } else if (found.matches().size() == 1) {
        match = found.matches().get(0);
      } else {
        throw new EditRejectedException(hunkName + ": its context and '-' lines match " + found.matches().size() + " places"
            + found.tolerance().ignoring + " (lines " + found.lineNumbers() + ") and the hunk states no line number; "
            + "give it an @@ -line,count +line,count @@ header or more context lines");
      }
      List<String> replacement = Replacement.lines(lines, match, found.tolerance(), old, added);
      text = text.splice(match.from(), match.to(), replacement);
      int statedFrom = stated ? hunk.oldStart() - 1 : match.from() - shift;
      shift = match.from() - statedFrom + replacement.size() - (match.to() - match.from());
    }
    return text.text();
  }
}
