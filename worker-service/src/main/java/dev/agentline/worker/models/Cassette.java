package dev.agentline.worker.models;

import dev.agentline.schemas.Role;
import dev.agentline.schemas.StepKind;
import dev.agentline.worker.roles.Roles;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Recorded model answers. Matching is stateless (the first interaction whose given fields all
 * match answers), so any number of worker replicas give the same answer to the same request.
 */
public final class Cassette {
  private static final Set<String> FIELDS = Set.of("role", "kind", "step", "attempt", "reask", "contains", "response", "usage");

  private static final String KINDS = String.join(" | ",
      java.util.Arrays.stream(StepKind.values()).map(k -> k.name().toLowerCase(Locale.ROOT)).toList());

  private final String name;
  private final List<Interaction> interactions;

  public Cassette(String name, List<Interaction> interactions) {
    this.name = name;
    this.interactions = List.copyOf(interactions);
  }

  /** Reads a cassette file: a path or {@code classpath:<resource>}. */
  public static Cassette load(String location) {
    YamlSource source = YamlSource.read(location);
    return fromTree(source.tree(), source.fileName());
  }

  public static Cassette parse(String yaml, String name) {
    return fromTree(YamlSource.parse(yaml, "cassette " + name), name);
  }

  static boolean isCassette(JsonNode tree) {
    return tree.has("interactions");
  }

  static Cassette fromTree(JsonNode tree, String name) {
    JsonNode list = tree.get("interactions");
    if (list != null && list.isNull()) return new Cassette(name, List.of());
    if (list == null || !list.isArray()) throw new IllegalArgumentException("cassette " + name + ": interactions must be a list");
    List<Interaction> interactions = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      interactions.add(interaction(list.get(i), "cassette " + name + ": interactions[" + i + "]"));
    }
    return new Cassette(name, interactions);
  }

  public String name() {
    return name;
  }

  public List<Interaction> interactions() {
    return interactions;
  }

  public Optional<Interaction> answerFor(ModelRequest request) {
    return interactions.stream().filter(interaction -> interaction.matches(request)).findFirst();
  }

  private static Interaction interaction(JsonNode node, String where) {
    if (node == null || !node.isObject()) throw new IllegalArgumentException(where + " must be a mapping");
    for (Iterator<String> names = node.propertyNames().iterator(); names.hasNext(); ) {
      String field = names.next();
      if (!FIELDS.contains(field)) throw new IllegalArgumentException(where + "." + field + " is not a cassette field (known: " + FIELDS + ")");
    }
    String roleName = text(node, "role", where);
    if (roleName == null) throw new IllegalArgumentException(where + ".role is required (" + Roles.allSlugs() + ")");
    Role role = Roles.fromSlug(roleName);
    if (role == null) throw new IllegalArgumentException(where + ".role must be one of " + Roles.allSlugs() + ", was " + roleName);
    String kindName = text(node, "kind", where);
    StepKind kind = null;
    if (kindName != null) {
      try {
        kind = StepKind.valueOf(kindName.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + ".kind must be one of " + KINDS + ", was " + kindName);
      }
    }
    Integer attempt = null;
    if (node.hasNonNull("attempt")) {
      if (!node.get("attempt").canConvertToInt() || node.get("attempt").asInt() < 1) {
        throw new IllegalArgumentException(where + ".attempt must be a number >= 1, was " + node.get("attempt"));
      }
      attempt = node.get("attempt").asInt();
    }
    Integer reask = null;
    if (node.hasNonNull("reask")) {
      if (!node.get("reask").canConvertToInt() || node.get("reask").asInt() < 0 || node.get("reask").asInt() > 1) {
        throw new IllegalArgumentException(where + ".reask must be 0 (the first answer) or 1 (the re-ask), was " + node.get("reask"));
      }
      reask = node.get("reask").asInt();
    }
    String response = text(node, "response", where);
    if (response == null) throw new IllegalArgumentException(where + ".response is required");
    Integer inputTokens = null;
    Integer outputTokens = null;
    JsonNode usage = node.get("usage");
    if (usage != null && !usage.isNull()) {
      inputTokens = tokens(usage, "inputTokens", where);
      outputTokens = tokens(usage, "outputTokens", where);
    }
    return new Interaction(role, kind, text(node, "step", where), attempt, reask, text(node, "contains", where), response, inputTokens, outputTokens);
  }

  private static String text(JsonNode node, String field, String where) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) return null;
    if (!value.isValueNode()) throw new IllegalArgumentException(where + "." + field + " must be text");
    return value.asString();
  }

  private static Integer tokens(JsonNode usage, String field, String where) {
    JsonNode value = usage.get(field);
    if (value == null || value.isNull()) return null;
    if (!value.canConvertToInt() || value.asInt() < 0) {
      throw new IllegalArgumentException(where + ".usage." + field + " must be a number >= 0, was " + value);
    }
    return value.asInt();
  }

  /** One recorded answer; null fields match anything. */
  public record Interaction(
      Role role, StepKind kind, String step, Integer attempt, Integer reask, String contains, String response, Integer inputTokens,
      Integer outputTokens) {

    boolean matches(ModelRequest request) {
      return role == request.role()
          && (kind == null || kind == request.kind())
          && (step == null || step.equals(request.stepId()))
          && (attempt == null || attempt == request.attempt())
          && (reask == null || reask == request.reask())
          && (contains == null || request.promptText().contains(contains));
    }
  }
}
