package dev.agentline.worker.contracts;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import dev.agentline.platform.edits.Fences;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A JSON answer checked against a JSON Schema resource. Prose around the JSON and Markdown fences
 * are tolerated (the first fenced JSON object, else the outermost braces); a missing field, a
 * wrong type or enum is an error naming its JSON path, e.g. {@code $.verdict must be one of
 * accept, retry, revise, was "maybe"}.
 */
final class JsonAnswer {
  static final JsonMapper JSON = JsonMapper.builder().build();
  private static final int MAX_REPORTED_ERRORS = 5;

  private final Schema schema;

  JsonAnswer(String schemaResource) {
    try (InputStream in = JsonAnswer.class.getClassLoader().getResourceAsStream(schemaResource)) {
      if (in == null) throw new IllegalStateException("missing classpath resource " + schemaResource);
      SchemaRegistryConfig config = SchemaRegistryConfig.builder().pathType(PathType.JSON_PATH).build();
      schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12, registry -> registry.schemaRegistryConfig(config)).getSchema(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The checked tree, or why there is none. */
  record Read(JsonNode tree, String error) {
    boolean ok() {
      return error == null;
    }
  }

  Read read(String answer) {
    Optional<String> text = jsonText(Fences.normalizeNewlines(answer == null ? "" : answer));
    if (text.isEmpty()) return new Read(null, "no JSON object found in the answer");
    JsonNode tree;
    try {
      tree = JSON.readTree(text.get());
    } catch (JacksonException e) {
      return new Read(null, "the JSON does not parse: " + e.getOriginalMessage());
    }
    List<Error> errors = schema.validate(tree);
    if (errors.isEmpty()) return new Read(tree, null);
    String reasons = errors.stream().limit(MAX_REPORTED_ERRORS).map(JsonAnswer::describe).collect(Collectors.joining("; "));
    String more = errors.size() > MAX_REPORTED_ERRORS ? " (and " + (errors.size() - MAX_REPORTED_ERRORS) + " more)" : "";
    return new Read(null, reasons + more);
  }

  private static String describe(Error error) {
    String at = error.getInstanceLocation().toString();
    if ("required".equals(error.getKeyword()) && error.getProperty() != null) return at + "." + error.getProperty() + " is required";
    if ("enum".equals(error.getKeyword()) && error.getSchemaNode() != null) {
      List<String> allowed = new ArrayList<>();
      error.getSchemaNode().forEach(value -> allowed.add(value.asString()));
      return at + " must be one of " + String.join(", ", allowed) + ", was " + error.getInstanceNode();
    }
    String message = error.getMessage();
    return message.startsWith(at) ? message : at + ": " + message;
  }

  /** The first fenced block that is a JSON object, else the outermost braces of the answer. */
  private static Optional<String> jsonText(String answer) {
    for (Fences.Block block : Fences.blocks(answer)) {
      if ((block.language().isEmpty() || block.language().equals("json")) && block.body().strip().startsWith("{")) {
        return Optional.of(block.body());
      }
    }
    int start = answer.indexOf('{');
    int end = answer.lastIndexOf('}');
    return start >= 0 && end > start ? Optional.of(answer.substring(start, end + 1)) : Optional.empty();
  }
}
