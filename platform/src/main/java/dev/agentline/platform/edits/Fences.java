package dev.agentline.platform.edits;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Markdown code fences in a model's answer: {@code ```} or {@code ~~~}, three or more, closed by a
 * fence of the same character at least as long and indented no deeper (so a diff's context line
 * {@code " ```"} does not close a {@code ```diff} fence). A fence left open runs to the end.
 */
public final class Fences {
  private static final Pattern OPEN = Pattern.compile("^([ \\t]*)(`{3,}|~{3,})(.*)$");

  private Fences() {}

  /**
   * One fenced block. {@code info} is the whole text after the opening fence, {@code language}
   * its first word in lower case ("" when none); lines are the block's lines [from, to) in the
   * answer split on \n.
   */
  public record Block(String language, String info, String body, int openLine, int closeLine) {}

  /** Every fenced block of an answer that uses \n line ends. */
  public static List<Block> blocks(String answer) {
    String[] lines = answer.split("\n", -1);
    List<Block> blocks = new ArrayList<>();
    for (int i = 0; i < lines.length; i++) {
      Matcher open = OPEN.matcher(lines[i]);
      if (!open.matches()) continue;
      String fence = open.group(2);
      String info = open.group(3).strip();
      if (fence.charAt(0) == '`' && info.contains("`")) continue; // inline code such as ```a``` on one line
      int close = closing(lines, i + 1, open.group(1).length(), fence);
      StringBuilder body = new StringBuilder();
      for (int j = i + 1; j < close; j++) body.append(lines[j]).append('\n');
      blocks.add(new Block(language(info), info, body.toString(), i, close));
      i = close;
    }
    return blocks;
  }

  private static int closing(String[] lines, int from, int indent, String fence) {
    for (int j = from; j < lines.length; j++) {
      String line = lines[j];
      int lead = 0;
      while (lead < line.length() && (line.charAt(lead) == ' ' || line.charAt(lead) == '\t')) lead++;
      if (lead > indent) continue;
      String rest = line.substring(lead).stripTrailing();
      if (rest.length() >= fence.length() && rest.chars().allMatch(c -> c == fence.charAt(0))) return j;
    }
    return lines.length;
  }

  private static String language(String info) {
    String first = info.split("[\\s:{]", 2)[0];
    return first.toLowerCase(Locale.ROOT);
  }

  /** True for a line that opens or closes a fence. */
  public static boolean isFenceLine(String line) {
    String stripped = line.strip();
    return stripped.startsWith("```") || stripped.startsWith("~~~");
  }

  /** Answers use \n only from here on. */
  public static String normalizeNewlines(String text) {
    return text.replace("\r\n", "\n").replace('\r', '\n');
  }
}
