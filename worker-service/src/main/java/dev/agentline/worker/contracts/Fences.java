package dev.agentline.worker.contracts;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Markdown code fences in a model's answer. */
final class Fences {
  private static final Pattern FENCED = Pattern.compile("(?ms)^[ \\t]*```[ \\t]*([\\w+-]*)[^\\n]*\\n(.*?)^[ \\t]*```[ \\t]*$");

  private Fences() {}

  record Block(String language, String body) {}

  static List<Block> blocks(String answer) {
    List<Block> blocks = new ArrayList<>();
    Matcher m = FENCED.matcher(answer);
    while (m.find()) blocks.add(new Block(m.group(1).toLowerCase(java.util.Locale.ROOT), m.group(2)));
    return blocks;
  }

  static boolean isFenceLine(String line) {
    return line.strip().startsWith("```");
  }

  /** Answers use \n only from here on. */
  static String normalizeNewlines(String text) {
    return text.replace("\r\n", "\n").replace('\r', '\n');
  }
}
