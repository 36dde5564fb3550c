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
 * by the rendered sections; a section that is empty removes its line. Changing what a template asks
 * for means a new file with the next version, so every recorded call names the words it was sent.
 */
final class PromptTemplate {
  private static final Pattern PLACEHOLDER = Pattern.compile("^\\{\\{([a-zA-Z]+)}}$");
  private static final Pattern NAME = Pattern.compile("([a-z-]+)\\.([a-z]+)\\.v(\\d+)");

  private final String version;
  private final String system;
  private final List<String> userLines;
  private final Set<String> placeholders;

  private PromptTemplate(String version, String system, List<String> userLines) {
    this.version = version;
    this.system = system;
    this.userLines = List.copyOf(userLines);
    Set<String> names = new LinkedHashSet<>();
    for (String line : userLines) {
      Matcher m = PLACEHOLDER.matcher(line.strip());
      if (m.matches()) names.add(m.group(1));
    }
    this.placeholders = Set.copyOf(names);
  }

  /** @param name e.g. {@code manager.plan.v5} (the resource {@code prompts/manager.plan.v2.txt}) */
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
    String systemText = text.substring(system + "=== system\n".length(), user).strip() + "\n";
    List<String> lines = List.of(text.substring(user + "=== user\n".length()).strip().split("\n", -1));
    return new PromptTemplate(m.group(1) + "." + m.group(2) + "@" + m.group(3), systemText, lines);
  }

  /** E.g. {@code manager.plan@5}. */
  String version() {
    return version;
  }

  Set<String> placeholders() {
    return placeholders;
  }

  /** The characters the template itself takes, sections not counted. */
  int fixedChars() {
    int chars = system.length();
    for (String line : userLines) if (!PLACEHOLDER.matcher(line.strip()).matches()) chars += line.length() + 1;
    return chars;
  }

  /**
   * @param sections rendered sections by placeholder name; every placeholder must be given (empty text drops its line)
   * @throws IllegalStateException when a placeholder has no section or a section has no placeholder
   */
  List<Message> render(Map<String, String> sections) {
    for (String name : sections.keySet()) {
      if (!placeholders.contains(name)) throw new IllegalStateException(version + " has no placeholder {{" + name + "}}");
    }
    List<String> out = new ArrayList<>();
    for (String line : userLines) {
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
    return List.of(Message.system(system), Message.user(user));
  }
}
