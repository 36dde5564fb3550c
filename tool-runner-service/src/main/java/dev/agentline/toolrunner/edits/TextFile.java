package dev.agentline.toolrunner.edits;

import java.util.ArrayList;
import java.util.List;

/**
 * A text file as lines without their line ends, each line's own end ({@code "\r\n"}, {@code "\n"},
 * or {@code ""} for a last line without one), and the file's usual line end. Splicing keeps every
 * line outside the spliced range byte for byte, ends new lines the file's usual way, and keeps
 * whether the file ends with a line end.
 */
record TextFile(List<String> lines, List<String> ends, String eol) {
  TextFile {
    lines = List.copyOf(lines);
    ends = List.copyOf(ends);
  }

  static TextFile of(String content) {
    List<String> lines = new ArrayList<>();
    List<String> ends = new ArrayList<>();
    int crlf = 0;
    int lf = 0;
    int at = 0;
    while (at < content.length()) {
      int nl = content.indexOf('\n', at);
      if (nl < 0) {
        lines.add(content.substring(at));
        ends.add("");
        break;
      }
      boolean cr = nl > at && content.charAt(nl - 1) == '\r';
      lines.add(content.substring(at, cr ? nl - 1 : nl));
      ends.add(cr ? "\r\n" : "\n");
      if (cr) crlf++;
      else lf++;
      at = nl + 1;
    }
    return new TextFile(lines, ends, crlf > lf ? "\r\n" : "\n");
  }

  /** True when the last line has a line end (an empty file counts as ending with one). */
  boolean endsWithNewline() {
    return ends.isEmpty() || !ends.get(ends.size() - 1).isEmpty();
  }

  /** The file with lines [from, to) replaced by {@code replacement}. */
  TextFile splice(int from, int to, List<String> replacement) {
    List<String> newLines = new ArrayList<>(lines.subList(0, from));
    List<String> newEnds = new ArrayList<>(ends.subList(0, from));
    newLines.addAll(replacement);
    for (int i = 0; i < replacement.size(); i++) newEnds.add(eol);
    newLines.addAll(lines.subList(to, lines.size()));
    newEnds.addAll(ends.subList(to, ends.size()));
    for (int i = 0; i < newEnds.size() - 1; i++) {
      if (newEnds.get(i).isEmpty()) newEnds.set(i, eol);
    }
    if (!newEnds.isEmpty()) {
      int last = newEnds.size() - 1;
      if (!endsWithNewline()) newEnds.set(last, "");
      else if (newEnds.get(last).isEmpty()) newEnds.set(last, eol);
    }
    return new TextFile(newLines, newEnds, eol);
  }

  String text() {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < lines.size(); i++) out.append(lines.get(i)).append(ends.get(i));
    return out.toString();
  }

  /**
   * {@code patched} with {@code original}'s line ends: CRLF throughout when the original used only
   * CRLF, and, when {@code keepFinalNewline}, a final line end exactly when the original had one.
   */
  static String inStyleOf(String original, String patched, boolean keepFinalNewline) {
    TextFile before = of(original);
    String text = patched;
    boolean onlyCrlf = !before.ends().isEmpty() && before.ends().stream().allMatch(end -> end.isEmpty() || end.equals("\r\n"));
    if (onlyCrlf && before.ends().contains("\r\n")) text = text.replace("\r\n", "\n").replace("\n", "\r\n");
    if (keepFinalNewline && !text.isEmpty() && !original.isEmpty()) {
      boolean had = original.endsWith("\n");
      boolean has = text.endsWith("\n");
      if (had && !has) text = text + before.eol();
      if (!had && has) text = text.substring(0, text.length() - (text.endsWith("\r\n") ? 2 : 1));
    }
    return text;
  }

  /** Lines of text written by a model: \n or \r\n ends, the last line end optional. */
  static List<String> linesOf(String text) {
    List<String> lines = new ArrayList<>(List.of(text.replace("\r\n", "\n").split("\n", -1)));
    if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) lines.remove(lines.size() - 1);
    return lines;
  }
}
