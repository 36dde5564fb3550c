package dev.agentline.platform.work;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The work types agentline knows and their templates, loaded once from the classpath. */
public final class WorkTemplates {
  /** The work types, in the order people usually look for them. */
  public static final List<String> NAMES = List.of("feature", "bugfix", "refactor", "migration", "add-endpoint", "add-field");

  private static final Map<String, WorkTemplate> TEMPLATES = load();

  private WorkTemplates() {}

  /** The template of a work type, matched without regard to case; empty for an unknown type. */
  public static Optional<WorkTemplate> find(String workType) {
    return workType == null ? Optional.empty() : Optional.ofNullable(TEMPLATES.get(workType.strip().toLowerCase(java.util.Locale.ROOT)));
  }

  public static List<WorkTemplate> all() {
    return List.copyOf(TEMPLATES.values());
  }

  private static Map<String, WorkTemplate> load() {
    Map<String, WorkTemplate> templates = new LinkedHashMap<>();
    for (String name : NAMES) templates.put(name, parse(name, read(name)));
    return templates;
  }

  private static String read(String name) {
    String resource = "/dev/agentline/platform/work/" + name + ".yaml";
    try (InputStream in = WorkTemplates.class.getResourceAsStream(resource)) {
      if (in == null) throw new IllegalStateException("work template " + resource + " is missing from the classpath");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read work template " + resource, e);
    }
  }

  /** Parses one template; a template that lacks a part, or names another type, is a build error caught by the tests. */
  static WorkTemplate parse(String name, String yaml) {
    Object root = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
    if (!(root instanceof Map<?, ?> map)) throw new IllegalArgumentException("work template " + name + ": not a mapping");
    Object declared = map.get("name");
    if (!name.equals(declared)) throw new IllegalArgumentException("work template " + name + ": name is " + declared);
    return new WorkTemplate(name, text(map, "summary", name), lines(map, "planning", name), lines(map, "checks", name));
  }

  private static String text(Map<?, ?> map, String key, String name) {
    if (!(map.get(key) instanceof String value) || value.isBlank()) {
      throw new IllegalArgumentException("work template " + name + ": " + key + " must be a non-blank text");
    }
    return value.strip();
  }

  private static List<String> lines(Map<?, ?> map, String key, String name) {
    if (!(map.get(key) instanceof List<?> list) || list.isEmpty()) {
      throw new IllegalArgumentException("work template " + name + ": " + key + " must be a non-empty list");
    }
    List<String> lines = new ArrayList<>();
    for (Object item : list) {
      if (!(item instanceof String line) || line.isBlank()) {
        throw new IllegalArgumentException("work template " + name + ": every " + key + " entry must be a non-blank text");
      }
      lines.add(line.strip());
    }
    return lines;
  }
}
