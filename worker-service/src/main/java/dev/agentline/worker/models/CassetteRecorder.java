package dev.agentline.worker.models;

import dev.agentline.worker.roles.Roles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * Record mode: appends every real answer to a cassette file as one interaction (role, kind, step,
 * attempt, reask, response, usage), so a run with real models can be replayed offline. The file is
 * a valid cassette after every append: it ends with the block list {@code interactions:}, and each
 * append is one write of whole list items, made under a lock per file (several roles and consumers
 * record into one file).
 */
public final class CassetteRecorder {
  static final String HEADER = "# agentline cassette, recorded by worker-service (record mode). Replay it with\n"
      + "# agentline.models.config-file=<this file>.\ninteractions:\n";
  private static final Map<Path, Object> LOCKS = new ConcurrentHashMap<>();
  private static final YAMLMapper YAML = YAMLMapper.builder()
      .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
      .enable(YAMLWriteFeature.LITERAL_BLOCK_STYLE)
      .enable(YAMLWriteFeature.MINIMIZE_QUOTES)
      .disable(YAMLWriteFeature.SPLIT_LINES)
      .build();

  private final Path file;
  private final Object lock;

  /** Opens (creates, or rewrites in block style when it already holds interactions) the cassette at {@code file}. */
  public CassetteRecorder(Path file) {
    this.file = file.toAbsolutePath().normalize();
    this.lock = LOCKS.computeIfAbsent(this.file, f -> new Object());
    synchronized (lock) {
      try {
        List<Object> existing = new ArrayList<>();
        if (Files.exists(this.file) && Files.size(this.file) > 0) {
          JsonNode tree = YamlSource.parse(Files.readString(this.file), "record file " + this.file);
          if (!tree.has("interactions")) throw new IllegalStateException("record file " + this.file + " exists and is not a cassette (no interactions)");
          Cassette.fromTree(tree, this.file.getFileName().toString());
          tree.get("interactions").forEach(existing::add);
        }
        if (this.file.getParent() != null) Files.createDirectories(this.file.getParent());
        Files.writeString(this.file, HEADER + (existing.isEmpty() ? "" : YAML.writeValueAsString(existing)), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot open the record file " + this.file, e);
      }
    }
  }

  public Path file() {
    return file;
  }

  public void append(ModelRequest request, ModelResponse response) {
    Map<String, Object> interaction = new LinkedHashMap<>();
    interaction.put("role", Roles.slug(request.role()));
    interaction.put("kind", request.kind().name().toLowerCase(Locale.ROOT));
    interaction.put("step", request.stepId());
    interaction.put("attempt", request.attempt());
    interaction.put("reask", request.reask());
    interaction.put("response", response.text());
    interaction.put("usage", Map.of("inputTokens", response.inputTokens(), "outputTokens", response.outputTokens()));
    String item = YAML.writeValueAsString(List.of(interaction));
    synchronized (lock) {
      try {
        Files.writeString(file, item, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot append to the record file " + file, e);
      }
    }
  }
}
