package dev.agentline.worker.models;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * A YAML file named by a path or by {@code classpath:<resource>}, read as a tree. Relative paths
 * inside it (a models config naming its cassette) resolve against its folder.
 */
record YamlSource(String location, String fileName, Path folder, JsonNode tree) {
  private static final String CLASSPATH = "classpath:";
  private static final YAMLMapper YAML = YAMLMapper.builder().build();

  static YamlSource read(String location) {
    String text;
    String fileName;
    Path folder = null;
    if (location.startsWith(CLASSPATH)) {
      String resource = location.substring(CLASSPATH.length()).replaceFirst("^/", "");
      try (InputStream in = YamlSource.class.getClassLoader().getResourceAsStream(resource)) {
        if (in == null) throw new IllegalArgumentException("no classpath resource " + resource);
        text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read " + location + ": " + e.getMessage(), e);
      }
      fileName = resource.substring(resource.lastIndexOf('/') + 1);
    } else {
      Path path = Path.of(location).toAbsolutePath();
      if (!Files.isRegularFile(path)) throw new IllegalArgumentException("no such file " + path);
      try {
        text = Files.readString(path);
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read " + path + ": " + e.getMessage(), e);
      }
      fileName = path.getFileName().toString();
      folder = path.getParent();
    }
    return new YamlSource(location, fileName, folder, parse(text, location));
  }

  static JsonNode parse(String text, String what) {
    try {
      JsonNode tree = YAML.readTree(text);
      if (tree == null || !tree.isObject()) throw new IllegalArgumentException(what + " is not a YAML mapping");
      return tree;
    } catch (JacksonException e) {
      throw new IllegalArgumentException(what + " is not valid YAML: " + e.getOriginalMessage(), e);
    }
  }

  /** A location written inside this file, resolved against the file's folder when relative. */
  String resolve(String inner) {
    if (inner.startsWith(CLASSPATH) || folder == null || Path.of(inner).isAbsolute()) return inner;
    return folder.resolve(inner).normalize().toString();
  }
}
