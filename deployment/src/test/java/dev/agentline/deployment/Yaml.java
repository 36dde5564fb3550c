package dev.agentline.deployment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** Reads YAML files and multi-document YAML text (rendered manifests) as trees. */
final class Yaml {
  private static final YAMLMapper MAPPER = new YAMLMapper();

  private Yaml() {}

  static JsonNode read(Path file) {
    try {
      return MAPPER.readTree(Files.readString(file));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** Every non-empty document of a multi-document text. */
  static List<JsonNode> documents(String text) {
    List<JsonNode> documents = new ArrayList<>();
    try (MappingIterator<JsonNode> iterator = MAPPER.readerFor(JsonNode.class).readValues(text)) {
      while (iterator.hasNext()) {
        JsonNode document = iterator.next();
        if (document != null && !document.isNull() && !document.isMissingNode() && document.size() > 0) documents.add(document);
      }
    }
    return documents;
  }

  /** A mapping of scalars as strings, e.g. an environment or a ConfigMap's data. */
  static Map<String, String> strings(JsonNode mapping) {
    Map<String, String> values = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : mapping.properties()) {
      values.put(entry.getKey(), entry.getValue().isNull() ? null : entry.getValue().asString());
    }
    return values;
  }
}
