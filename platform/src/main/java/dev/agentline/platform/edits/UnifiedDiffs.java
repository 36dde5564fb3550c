package dev.agentline.platform.edits;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Unified diffs as models write them, read with git's semantics where the diff is well formed and
 * leniently where it is not: with or without {@code diff --git} headers, {@code a/}/{@code b/}
 * prefixes or timestamps; hunk line counts are recounted from the hunk's lines (the stated ones
 * only decide, when a hunk is followed by empty lines, how many of those are blank context lines,
 * and whether a {@code ---}/{@code +++} pair inside a hunk is removed/added text or the next
 * file); an empty line inside a hunk is a blank context line; a hunk header without numbers, or a
 * missing one right after the file header, gives a hunk of unknown position. Prose between files
 * is skipped. {@link #render} writes the canonical git form that {@code git apply} and JGit read.
 * A removed line that itself starts with {@code "-- "} while the stated counts are not yet met is
 * text, not a header; a fenced answer that stops inside a hunk is caught by {@link #cutOffInLastHunk}.
 */
public final class UnifiedDiffs {
  private static final Pattern HUNK = Pattern.compile("^@@+\\s*-(\\d+)(?:,(\\d+))?\\s+\\+(\\d+)(?:,(\\d+))?\\s*@@+(.*)$");
  private static final String DEV_NULL = "/dev/null";

  private UnifiedDiffs() {}

  /** The files of a diff; {@link MalformedDiffException} when it has none or one cannot be read. */
  public static List<DiffFile> parse(String text) {
    String normalized = Fences.normalizeNewlines(text);
    // The text's own last line end ends a line; it does not start an empty one.
    String[] lines = (normalized.endsWith("\n") ? normalized.substring(0, normalized.length() - 1) : normalized).split("\n", -1);
    List<DiffFile> files = new ArrayList<>();
    FileBuilder current = null;
    int i = 0;
    while (i < lines.length) {
      String line = lines[i];
      if (line.startsWith("diff --git ")) {
        if (current != null) files.add(current.build());
        current = FileBuilder.fromGitLine(line.substring("diff --git ".length()));
        i++;
        while (i < lines.length && current.header(lines[i])) i++;
        if (current.binary) {
          while (i < lines.length && !lines[i].startsWith("diff --git ")) current.binaryLines.add(lines[i++]);
        }
      } else if (isFileHeader(lines, i)) {
        if (current == null || !current.awaitsFileHeader()) {
          if (current != null) files.add(current.build());
          current = new FileBuilder();
        }
        current.fileHeader(lines[i].substring(4), lines[i + 1].substring(4));
        i += 2;
        if (i < lines.length && startsHeaderlessHunk(lines[i])) i = readHunk(lines, i, current, null);
      } else if (line.startsWith("@@")) {
        if (current == null) throw new MalformedDiffException("line " + (i + 1) + ": @@ hunk before any ---/+++ file header");
        i = readHunk(lines, i + 1, current, line);
      } else {
        i++;
      }
    }
    if (current != null) files.add(current.build());
    if (files.isEmpty()) throw new MalformedDiffException("no ---/+++ file header found");
    return files;
  }

  /**
   * The canonical git text of {@code files}: {@code diff --git} headers, a/ b/ prefixes, true hunk
   * counts; a hunk of unknown position keeps {@code ?} for its line numbers (see {@link DiffHunk#header()}).
   */
  public static String render(List<DiffFile> files) {
    StringBuilder out = new StringBuilder();
    for (DiffFile file : files) {
      String a = file.oldPath() != null ? file.oldPath() : file.newPath();
      String b = file.newPath() != null ? file.newPath() : file.oldPath();
      out.append("diff --git a/").append(a).append(" b/").append(b).append('\n');
      for (String header : file.headers()) out.append(header).append('\n');
      for (String line : file.binary()) out.append(line).append('\n');
      if (file.hunks().isEmpty()) continue;
      out.append("--- ").append(file.created() ? DEV_NULL : "a/" + file.oldPath()).append('\n');
      out.append("+++ ").append(file.deleted() ? DEV_NULL : "b/" + file.newPath()).append('\n');
      for (DiffHunk hunk : file.hunks()) {
        out.append(hunk.header()).append('\n');
        for (String line : hunk.lines()) out.append(line).append('\n');
      }
    }
    return out.toString();
  }

  /** {@link #parse} then {@link #render}: the same diff in canonical form. */
  public static String normalize(String text) {
    return render(parse(text));
  }

  /**
   * Why the text looks cut off inside its last hunk (fewer lines follow the last {@code @@ -a,b +c,d @@}
   * than it states), or null. Only meaningful where the text's end is known to be the answer's end.
   */
  public static String cutOffInLastHunk(String text) {
    String[] lines = Fences.normalizeNewlines(text).split("\n");
    int header = lines.length - 1;
    while (header >= 0 && !lines[header].startsWith("@@")) header--;
    if (header < 0) return null;
    Matcher m = HUNK.matcher(lines[header]);
    if (!m.matches()) return null;
    int statedOld = m.group(2) == null ? 1 : Integer.parseInt(m.group(2));
    int statedNew = m.group(4) == null ? 1 : Integer.parseInt(m.group(4));
    int olds = 0;
    int news = 0;
    for (int i = header + 1; i < lines.length; i++) {
      char kind = kind(lines[i]);
      if (kind == 'u') return null;
      if (kind != '+' && kind != '\\') olds++;
      if (kind != '-' && kind != '\\') news++;
    }
    if (olds >= statedOld && news >= statedNew) return null;
    return "the diff ends inside its last hunk (" + lines[header].strip() + " states " + statedOld + " old and " + statedNew
        + " new lines; " + olds + " and " + news + " are there)";
  }

  private static boolean isFileHeader(String[] lines, int i) {
    return lines[i].startsWith("--- ") && i + 1 < lines.length && lines[i + 1].startsWith("+++ ");
  }

  private static boolean startsHeaderlessHunk(String line) {
    return !line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '-' || line.charAt(0) == '+') && !line.startsWith("--- ");
  }

  /** Reads one hunk's lines from {@code start}; returns the index of the first line after it. */
  private static int readHunk(String[] lines, int start, FileBuilder file, String headerLine) {
    int oldStart = DiffHunk.UNKNOWN;
    int newStart = DiffHunk.UNKNOWN;
    int statedOld = -1;
    int statedNew = -1;
    String section = "";
    if (headerLine != null) {
      Matcher m = HUNK.matcher(headerLine);
      if (m.matches()) {
        oldStart = Integer.parseInt(m.group(1));
        statedOld = m.group(2) == null ? 1 : Integer.parseInt(m.group(2));
        newStart = Integer.parseInt(m.group(3));
        statedNew = m.group(4) == null ? 1 : Integer.parseInt(m.group(4));
        section = m.group(5);
      }
    }
    List<String> body = new ArrayList<>();
    int olds = 0;
    int news = 0;
    int countsMetAt = -1;
    for (int j = start; j < lines.length; j++) {
      if (countsMetAt < 0 && statedOld >= 0 && olds == statedOld && news == statedNew) countsMetAt = body.size();
      String line = lines[j];
      if (line.startsWith("@@") || line.startsWith("diff --git ")) break;
      boolean statedCountsReached = statedOld < 0 || (olds >= statedOld && news >= statedNew);
      if (statedCountsReached && isFileHeader(lines, j)) break;
      body.add(line);
      char kind = kind(line);
      if (kind != '+' && kind != '\\') olds++;
      if (kind != '-' && kind != '\\') news++;
    }
    if (countsMetAt < 0 && statedOld >= 0 && olds == statedOld && news == statedNew) countsMetAt = body.size();
    int end;
    if (countsMetAt >= 0 && (countsMetAt == body.size() || !isHunkLine(body.get(countsMetAt)))) {
      // The stated counts fit: they say where the hunk ends, and an unprefixed line before that is context.
      end = countsMetAt;
      while (end < body.size() && body.get(end).startsWith("\\")) end++;
    } else {
      end = 0;
      while (end < body.size() && kind(body.get(end)) != 'u') end++;
      while (end > 0 && body.get(end - 1).isEmpty()) end--;
    }
    List<String> hunkLines = new ArrayList<>(end);
    for (String line : body.subList(0, end)) hunkLines.add(kind(line) == 'u' || line.isEmpty() ? " " + line : line);
    if (hunkLines.stream().noneMatch(line -> line.charAt(0) != '\\')) {
      throw new MalformedDiffException("hunk " + (file.hunks.size() + 1) + " of " + file.describe() + " has no lines");
    }
    file.hunks.add(new DiffHunk(oldStart, newStart, hunkLines, section));
    return start + end;
  }

  /** A hunk line's kind: ' ', '-', '+', '\\'; an empty line counts as blank context; 'u' for anything else. */
  private static char kind(String line) {
    if (line.isEmpty()) return ' ';
    char first = line.charAt(0);
    return first == ' ' || first == '-' || first == '+' || first == '\\' ? first : 'u';
  }

  /** A context, removed or added line (not empty, not a "\\ No newline" note). */
  private static boolean isHunkLine(String line) {
    return !line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '-' || line.charAt(0) == '+');
  }

  /** Collects one file's headers and hunks; {@link #build} resolves its paths and checks it. */
  private static final class FileBuilder {
    private String gitNames;
    private String oldHeader;
    private String newHeader;
    private String renameFrom;
    private String renameTo;
    private boolean copy;
    private String similarity;
    private String oldMode;
    private String newMode;
    private String newFileMode;
    private String deletedFileMode;
    private String index;
    private boolean binary;
    private final List<String> binaryLines = new ArrayList<>();
    private final List<DiffHunk> hunks = new ArrayList<>();

    static FileBuilder fromGitLine(String names) {
      FileBuilder file = new FileBuilder();
      file.gitNames = names.strip();
      return file;
    }

    /** True while a {@code diff --git} file still waits for its ---/+++ lines. */
    boolean awaitsFileHeader() {
      return gitNames != null && oldHeader == null && hunks.isEmpty() && !binary;
    }

    void fileHeader(String oldName, String newName) {
      oldHeader = oldName;
      newHeader = newName;
    }

    /** Takes a git extended header line; false when the line is not one. */
    boolean header(String line) {
      String[] prefixes = {"old mode ", "new mode ", "deleted file mode ", "new file mode ", "similarity index ", "dissimilarity index ",
          "rename from ", "rename to ", "rename old ", "rename new ", "copy from ", "copy to ", "index "};
      for (String prefix : prefixes) {
        if (!line.startsWith(prefix)) continue;
        String value = line.substring(prefix.length()).strip();
        switch (prefix) {
          case "old mode " -> oldMode = value;
          case "new mode " -> newMode = value;
          case "deleted file mode " -> deletedFileMode = value;
          case "new file mode " -> newFileMode = value;
          case "similarity index " -> similarity = value;
          case "rename from ", "rename old " -> renameFrom = unquote(value);
          case "rename to ", "rename new " -> renameTo = unquote(value);
          case "copy from " -> {
            renameFrom = unquote(value);
            copy = true;
          }
          case "copy to " -> {
            renameTo = unquote(value);
            copy = true;
          }
          case "index " -> index = line;
          default -> { }
        }
        return true;
      }
      if (line.startsWith("Binary files ") || line.equals("GIT binary patch")) {
        binary = true;
        if (index != null) binaryLines.add(index);
        return false;
      }
      return false;
    }

    String describe() {
      if (newHeader != null) {
        String name = name(newHeader);
        return DEV_NULL.equals(name) ? name(oldHeader) : name;
      }
      return gitNames == null ? "the diff" : gitNames;
    }

    DiffFile build() {
      String[] paths = paths();
      String oldPath = paths[0];
      String newPath = paths[1];
      if (newFileMode != null) oldPath = null;
      if (deletedFileMode != null) newPath = null;
      if (oldPath == null && newPath == null) throw new MalformedDiffException("a file header names no path: " + describe());
      String shown = newPath != null ? newPath : oldPath;
      boolean moved = oldPath != null && newPath != null && !oldPath.equals(newPath);
      boolean modeChange = oldMode != null || newMode != null;
      if (hunks.isEmpty() && !binary && !moved && !modeChange && newFileMode == null && deletedFileMode == null && oldPath != null && newPath != null) {
        throw new MalformedDiffException("file " + shown + " has no @@ hunk");
      }
      for (int h = 0; h < hunks.size(); h++) {
        DiffHunk hunk = hunks.get(h);
        if (oldPath == null && hunk.oldCount() > 0) {
          throw new MalformedDiffException("file " + shown + " is new (--- /dev/null) but hunk " + (h + 1) + " has context or '-' lines");
        }
        if (oldPath != null && hunk.oldCount() == 0 && hunk.oldStart() == DiffHunk.UNKNOWN) {
          throw new MalformedDiffException("hunk " + (h + 1) + " of " + shown + " only adds lines and has no @@ -line,count +line,count @@ header: "
              + "say where the lines go");
        }
      }
      List<String> headers = new ArrayList<>();
      if (oldMode != null && newMode != null) {
        headers.add("old mode " + oldMode);
        headers.add("new mode " + newMode);
      }
      if (newPath == null) headers.add("deleted file mode " + (deletedFileMode != null ? deletedFileMode : "100644"));
      if (oldPath == null) headers.add("new file mode " + (newFileMode != null ? newFileMode : "100644"));
      if (moved) {
        if (similarity != null) headers.add("similarity index " + similarity);
        headers.add((copy ? "copy from " : "rename from ") + oldPath);
        headers.add((copy ? "copy to " : "rename to ") + newPath);
      }
      List<String> binaryPatch = new ArrayList<>(binaryLines);
      while (!binaryPatch.isEmpty() && binaryPatch.get(binaryPatch.size() - 1).isBlank()) binaryPatch.remove(binaryPatch.size() - 1);
      return new DiffFile(oldPath, newPath, copy && moved, headers, hunks, binaryPatch);
    }

    /** Old and new path (null for /dev/null): rename/copy headers first, then ---/+++, then the diff --git line. */
    private String[] paths() {
      String oldPath;
      String newPath;
      if (oldHeader != null) {
        String[] pair = withoutPrefixes(name(oldHeader), name(newHeader));
        oldPath = pair[0];
        newPath = pair[1];
      } else if (gitNames != null) {
        String[] pair = gitPair(gitNames);
        oldPath = pair[0];
        newPath = pair[1];
      } else {
        throw new MalformedDiffException("a file has no ---/+++ header");
      }
      if (renameFrom != null) oldPath = renameFrom;
      if (renameTo != null) newPath = renameTo;
      return new String[] {oldPath, newPath};
    }

    /** The two names of {@code diff --git a/x b/y} (with or without the a/ b/ prefixes). */
    private static String[] gitPair(String names) {
      if (names.startsWith("\"")) {
        int close = names.indexOf("\" ", 1);
        if (close > 0) return withoutPrefixes(unquote(names.substring(0, close + 1)), unquote(names.substring(close + 2)));
      }
      int half = names.length() / 2;
      if (names.length() % 2 == 1 && names.charAt(half) == ' ') {
        String left = names.substring(0, half);
        String right = names.substring(half + 1);
        if (left.length() > 2 && left.substring(2).equals(right.substring(2)) || left.equals(right)) return withoutPrefixes(left, right);
      }
      int split = names.indexOf(" b/");
      if (split < 0) split = names.indexOf(' ');
      if (split < 0) return withoutPrefixes(names, names);
      return withoutPrefixes(names.substring(0, split), names.substring(split + 1));
    }

    /** The a/ and b/ prefixes off, when the pair has them (git's default -p1), else the names as written. */
    private static String[] withoutPrefixes(String oldName, String newName) {
      String oldPath = DEV_NULL.equals(oldName) ? null : oldName;
      String newPath = DEV_NULL.equals(newName) ? null : newName;
      boolean a = oldPath != null && oldPath.startsWith("a/");
      boolean b = newPath != null && newPath.startsWith("b/");
      if ((a || oldPath == null) && (b || newPath == null) && (a || b)) {
        return new String[] {a ? oldPath.substring(2) : null, b ? newPath.substring(2) : null};
      }
      if (a && oldPath.substring(2).equals(newPath)) return new String[] {newPath, newPath};
      if (b && newPath.substring(2).equals(oldPath)) return new String[] {oldPath, oldPath};
      return new String[] {oldPath, newPath};
    }
  }

  /** The file name of a ---/+++ header, without a timestamp or a note such as "(original)". */
  private static String name(String header) {
    String name = header.split("\t", 2)[0].strip();
    if (name.startsWith("\"")) return unquote(name);
    String[] words = name.split("\\s+", 2);
    if (words.length == 2 && (words[1].startsWith("(") || Character.isDigit(words[1].charAt(0)))) return words[0];
    return name;
  }

  private static String unquote(String name) {
    if (name.length() < 2 || !name.startsWith("\"") || !name.endsWith("\"")) return name;
    return name.substring(1, name.length() - 1).replace("\\\"", "\"").replace("\\t", "\t").replace("\\\\", "\\");
  }
}
