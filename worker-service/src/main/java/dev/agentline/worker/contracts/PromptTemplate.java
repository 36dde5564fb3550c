package dev.agentline.worker.contracts;

import dev.agentline.worker.models.Message;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A versioned prompt template: {@code prompts/<role>.<kind>.v<N>.txt}, version
 * {@code <role>.<kind>@<N>}. The file has a {@code === system} part (the contract: who the model
 * is, the exact answer format) and a {@code === user} part whose lines {@code {{name}}} are replaced
 * by the rendered sections; a section that is empty removes its line. In either part, lines between
 * {@code {{#review}}} and {@code {{/review}}} are sent only in a review iteration (iteration 2 and up: the pull request
 * is open and its feedback is addressed), lines between {@code {{^review}}} and {@code {{/review}}} only in the first;
 * the marker lines themselves are never sent. Changing what a template asks for means a new file with the next
 * version, so every recorded call names the words it was sent.
 */
final class PromptTemplate {
  private static final Pattern PLACEHOLDER = Pattern.compile("^\\{\\{([a-zA-Z]+)}}$");
  private static final Pattern NAME = Pattern.compile("([a-z-]+)\\.([a-z]+)\\.v(\\d+)");
  private static final String REVIEW_ONLY = "{{#review}}";
  private static final String FIRST_ONLY = "{{^review}}";
  private static final String END = "{{/review}}";

  private final String version;
  private final List<String> systemLines;
  private final List<String> userLines;
  private final Set<String> placeholders;

  private PromptTemplate(String version, List<String> systemLines, List<String> userLines) {
    this.version = version;
    this.systemLines = List.copyOf(systemLines);
    this.userLines = List.copyOf(userLines);
    Set<String> names = new LinkedHashSet<>();
    for (String line : userLines) {
      Matcher m = PLACEHOLDER.matcher(line.strip());
      if (m.matches()) names.add(m.group(1));
    }
    this.placeholders = Set.copyOf(names);
  }

  /** @param name e.g. {@code manager.plan.v6} (the resource {@code prompts/manager.plan.v6.txt}) */
  static PromptTemplate load(String name) {
    Matcher m = NAME.matcher(name);
    if (!m.matches()) throw new IllegalArgumentException("a prompt template is named <role>.<kind>.v<N>, was " + name);
    String resource = "prompts/" + name + ".txt";
    String text;
    try (InputStream in = PromptTemplate.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) throw new IllegalStateException("missing classpath resource " + resource);
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int system = text.indexOf("=== system\n");
    int user = text.indexOf("=== user\n");
    if (system < 0 || user < system) throw new IllegalStateException(resource + " must have a '=== system' part, then a '=== user' part");
    List<String> systemLines = List.of(text.substring(system + "=== system\n".length(), user).strip().split("\n", -1));
    List<String> userLines = List.of(text.substring(user + "=== user\n".length()).strip().split("\n", -1));
    checkBlocks(resource, systemLines);
    checkBlocks(resource, userLines);
    return new PromptTemplate(m.group(1) + "." + m.group(2) + "@" + m.group(3), systemLines, userLines);
  }

  private static void checkBlocks(String resource, List<String> lines) {
    String open = null;
    for (String line : lines) {
      String marker = line.strip();
      if (marker.equals(REVIEW_ONLY) || marker.equals(FIRST_ONLY)) {
        if (open != null) throw new IllegalStateException(resource + ": " + marker + " inside " + open + " (blocks do not nest)");
        open = marker;
      } else if (marker.equals(END)) {
        if (open == null) throw new IllegalStateException(resource + ": " + END + " without an opening {{#review}} or {{^review}}");
        open = null;
      }
    }
    if (open != null) throw new IllegalStateException(resource + ": " + open + " is not closed by " + END);
  }

  /** The lines sent in a review iteration ({@code review}) or in the first, block markers dropped. */
  private static List<String> lines(List<String> lines, boolean review) {
    List<String> kept = new ArrayList<>();
    Boolean block = null;
    for (String line : lines) {
      String marker = line.strip();
      if (marker.equals(REVIEW_ONLY) || marker.equals(FIRST_ONLY)) {
        block = marker.equals(REVIEW_ONLY);
      } else if (marker.equals(END)) {
        block = null;
      } else if (block == null || block == review) {
        kept.add(line);
      }
    }
    return kept;
  }

  private String system(boolean review) {
    return String.join("\n", lines(systemLines, review)).strip() + "\n";
  }

  /** E.g. {@code manager.plan@6}. */
  String version() {
    return version;
  }

  Set<String> placeholders() {
    return placeholders;
  }

  /** The characters the template itself takes in a review iteration or the first, sections not counted. */
  int fixedChars(boolean review) {
    int chars = system(review).length();
    for (String line : lines(userLines, review)) if (!PLACEHOLDER.matcher(line.strip()).matches()) chars += line.length() + 1;
    return chars;
  }

  /**
   * @param sections rendered sections by placeholder name; every placeholder sent must be given (empty text drops its line)
   * @param review a review iteration (2 and up): which conditional blocks are sent
   * @throws IllegalStateException when a placeholder has no section or a section has no placeholder
   */
  List<Message> render(Map<String, String> sections, boolean review) {
    for (String name : sections.keySet()) {
      if (!placeholders.contains(name)) throw new IllegalStateException(version + " has no placeholder {{" + name + "}}");
    }
    List<String> out = new ArrayList<>();
    for (String line : lines(userLines, review)) {
      Matcher m = PLACEHOLDER.matcher(line.strip());
      if (!m.matches()) {
        out.add(line);
        continue;
      }
      String section = sections.get(m.group(1));
      if (section == null) throw new IllegalStateException(version + ": no section for {{" + m.group(1) + "}}");
      if (!section.isBlank()) out.add(section.strip() + "\n");
    }
    String user = String.join("\n", out).strip() + "\n";
    return List.of(Message.system(system(review)), Message.user(user));
  }
}
