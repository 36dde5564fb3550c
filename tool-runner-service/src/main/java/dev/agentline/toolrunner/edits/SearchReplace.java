package dev.agentline.toolrunner.edits;

import dev.agentline.schemas.Edit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * SEARCH/REPLACE edits as a pure function: given how to read the current files, returns every
 * file's new content, or throws {@link EditRejectedException} for the first edit that cannot be
 * applied (so nothing is written unless all of them can). Edits to one file apply in order, each
 * to the result of the previous one. A non-empty search must occur exactly once; an empty search
 * creates the file, or fills it when it exists and is empty.
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
      String prefix = "edit " + (i + 1) + "/" + edits.size() + ": ";
      Optional<String> before = result.containsKey(path) ? Optional.of(result.get(path)) : current.apply(path);
      result.put(path, applyOne(prefix, path, before, edit.getSearch(), edit.getReplace()));
    }
    return result;
  }

  private static String applyOne(String prefix, String path, Optional<String> before, String search, String replace) {
    if (search.isEmpty()) {
      if (before.isPresent() && !before.get().isEmpty()) {
        throw new EditRejectedException(prefix + "cannot create " + path + ": it already exists and is not empty (an empty search only creates a file)");
      }
      return replace;
    }
    if (before.isEmpty()) {
      throw new EditRejectedException(prefix + "file not found: " + path + " (only an edit with an empty search creates a file)");
    }
    String content = before.get();
    if (indexOf(content, search) < 0 && content.contains("\r\n") && !search.contains("\r\n") && search.contains("\n")) {
      // Models write LF; the file uses CRLF. Match and write in the file's own line endings.
      search = search.replace("\n", "\r\n");
      replace = replace.replace("\n", "\r\n");
    }
    int at = indexOf(content, search);
    if (at < 0) {
      throw new EditRejectedException(prefix + "search text not found in " + path + "; it begins: " + quoteFirstLine(search));
    }
    int occurrences = count(content, search);
    if (occurrences > 1) {
      throw new EditRejectedException(prefix + "search text occurs " + occurrences + " times in " + path
          + "; it must occur exactly once (add surrounding lines to make it unique): " + quoteFirstLine(search));
    }
    return content.substring(0, at) + replace + content.substring(at + search.length());
  }

  private static int indexOf(String content, String search) {
    return content.indexOf(search);
  }

  /** Counts overlapping occurrences too: each one would be an equally valid place to edit. */
  private static int count(String content, String search) {
    int n = 0;
    for (int at = content.indexOf(search); at >= 0; at = content.indexOf(search, at + 1)) n++;
    return n;
  }

  static String quoteFirstLine(String text) {
    String line = text.lines().filter(l -> !l.isBlank()).findFirst().orElse(text).strip();
    if (line.length() > QUOTE_LIMIT) line = line.substring(0, QUOTE_LIMIT) + "…";
    return "\"" + line + "\"";
  }
}
