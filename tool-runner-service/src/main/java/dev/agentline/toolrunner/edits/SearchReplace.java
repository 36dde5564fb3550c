package dev.agentline.toolrunner.edits;

import dev.agentline.schemas.Edit;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * SEARCH/REPLACE edits as a pure function: given how to read the current files, returns every
 * file's new content, or throws {@link EditRejectedException} for the first edit that cannot be
 * applied (so nothing is written unless all of them can). Edits to one file apply in order, each
 * to the result of the previous one.
 *
 * <p>Where the search text is, is decided by the first of these that finds it anywhere: the exact
 * text (line ends converted to the file's); then whole lines equal but for line ends; but for
 * trailing whitespace; but for indentation; but for indentation and blank lines (see
 * {@link LineMatcher}). It must be found in exactly one place at that level. Past the exact level
 * the new lines are re-indented like the matched ones and unchanged lines stay as the file has
 * them ({@link Replacement}); the file keeps its line ends and whether it ends with one. Last, a
 * search that is a fragment of a line is tried as exact text without the line end every block
 * line gets ({@code repository.findById(id)} inside a longer line).
 *
 * <p>An empty (or blank) search creates the file, or fills it when it exists and is empty; on a
 * file with content it is refused, since overwriting or appending to a file the model may not have
 * seen would lose or duplicate code. The refusal says how to append instead.
 *
 * <p>Refusals name the edit ({@code edit 2/3 for src/App.java}); a search found nowhere quotes
 * the file's closest lines with their numbers, one found in several places lists their lines.
 */
final class SearchReplace {
  private static final int QUOTE_LIMIT = 120;

  private SearchReplace() {}

  /** @param current a file's content, or empty when it does not exist */
  static Map<String, String> apply(List<Edit> edits, Function<String, Optional<String>> current) {
    Map<String, String> result = new LinkedHashMap<>();
    for (int i = 0; i < edits.size(); i++) {
      Edit edit = edits.get(i);
      String path = edit.getPath();
      String name = "edit " + (i + 1) + "/" + edits.size() + " for " + path + ": ";
      Optional<String> before = result.containsKey(path) ? Optional.of(result.get(path)) : current.apply(path);
      result.put(path, applyOne(name, path, before, edit.getSearch(), edit.getReplace()));
    }
    return result;
  }

  private static String applyOne(String name, String path, Optional<String> before, String search, String replace) {
    if (search.isBlank()) {
      if (before.isPresent() && !before.get().isEmpty()) {
        throw new EditRejectedException(name + "cannot create " + path + ": it already exists and is not empty (an empty SEARCH only creates a file; "
            + "to add to it, SEARCH for the lines the new ones go after and repeat them in REPLACE)");
      }
      return replace;
    }
    if (before.isEmpty()) {
      throw new EditRejectedException(name + "file not found: " + path + " (only an edit with an empty SEARCH creates a file)");
    }
    String content = before.get();
    TextFile file = TextFile.of(content);
    Optional<String> exact = exactly(name, content, file, search, replace);
    if (exact.isPresent()) return exact.get();

    List<String> searchLines = TextFile.linesOf(search);
    List<String> replaceLines = TextFile.linesOf(replace);
    Optional<LineMatcher.Found> matched = LineMatcher.find(file.lines(), searchLines);
    if (matched.isEmpty()) {
      // Blocks end every line with \n, so a fragment of a line ("findById(id)") is only found without it.
      if (search.endsWith("\n") && replace.endsWith("\n") || replace.isEmpty()) {
        Optional<String> fragment = exactly(name, content, file, withoutLastNewline(search), withoutLastNewline(replace));
        if (fragment.isPresent()) return fragment.get();
      }
      throw new EditRejectedException(name
          + "the SEARCH text matches nowhere in the file, not even when whitespace, indentation and blank lines are ignored. It begins: "
          + quoteFirstLine(search) + ". " + ClosestLines.quote(file.lines(), searchLines) + "\nCopy the SEARCH lines exactly from the file.");
    }
    LineMatcher.Found found = matched.get();
    if (found.matches().size() > 1) throw ambiguous(name, found.matches().size(), found.lineNumbers(), found.tolerance().ignoring, search);
    LineMatcher.Match match = found.matches().get(0);
    List<String> lines = Replacement.lines(file.lines(), match, found.tolerance(), searchLines, replaceLines);
    return file.splice(match.from(), match.to(), lines).text();
  }

  /** The exact search text (with the file's line ends) replaced, when it occurs; refused when it occurs more than once. */
  private static Optional<String> exactly(String name, String content, TextFile file, String search, String replace) {
    String wanted = search;
    String replacement = replace;
    if (file.eol().equals("\r\n") && !search.contains("\r\n")) {
      wanted = search.replace("\n", "\r\n");
      replacement = replace.replace("\n", "\r\n");
    }
    int at = content.indexOf(wanted);
    if (at < 0) return Optional.empty();
    Set<Integer> lines = new LinkedHashSet<>();
    int occurrences = 0;
    for (int next = at; next >= 0; next = content.indexOf(wanted, next + 1)) {
      occurrences++;
      lines.add(lineOf(content, next));
    }
    if (occurrences > 1) {
      String listed = lines.stream().limit(LineMatcher.LISTED).map(String::valueOf).collect(Collectors.joining(", "))
          + (lines.size() > LineMatcher.LISTED ? " and " + (lines.size() - LineMatcher.LISTED) + " more" : "");
      throw ambiguous(name, occurrences, listed, "", search);
    }
    return Optional.of(content.substring(0, at) + replacement + content.substring(at + wanted.length()));
  }

  private static String withoutLastNewline(String text) {
    return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
  }

  private static EditRejectedException ambiguous(String name, int places, String lines, String ignoring, String search) {
    return new EditRejectedException(name + "the SEARCH text matches " + places + " places" + ignoring + " (lines " + lines
        + "); it must match exactly one: add the lines around the one to change. It begins: " + quoteFirstLine(search));
  }

  private static int lineOf(String content, int offset) {
    int line = 1;
    for (int i = content.indexOf('\n'); i >= 0 && i < offset; i = content.indexOf('\n', i + 1)) line++;
    return line;
  }

  static String quoteFirstLine(String text) {
    String line = text.lines().filter(l -> !l.isBlank()).findFirst().orElse(text).strip();
    if (line.length() > QUOTE_LIMIT) line = line.substring(0, QUOTE_LIMIT) + "…";
    return "\"" + line + "\"";
  }
}
