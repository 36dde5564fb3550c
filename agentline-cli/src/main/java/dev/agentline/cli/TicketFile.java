package dev.agentline.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * A ticket written by hand, in YAML or JSON:
 *
 * <pre>
 * key: CALC-7                                           # optional; the ticket's key in its tracker, names the branch
 * title: Calculator.add subtracts instead of adding      # required
 * description: |                                         # optional
 *   ...
 * acceptanceCriteria:                                    # optional list
 *   - add(2, 3) returns 5
 * testCommand: sh run-tests.sh                           # optional here, then --test-command is required
 * baseBranch: main                                       # optional, default main
 * budget: {maxTokens: 200000, maxCostUsd: 1.50}          # optional; either may be left out
 * labels: [database]                                     # optional; the planner's approval policy may look at them
 * workType: bugfix                                       # optional: feature, bugfix, refactor, migration, add-endpoint, add-field
 * goal: add returns the sum of its arguments             # optional, one sentence
 * constraints: [no new dependencies]                     # optional list
 * interfaces: [Calculator.add(int, int)]                 # optional list: interfaces that must not break
 * </pre>
 *
 * <p>The requester (who asked for the task, and so may not approve its plan) is not in the file: the CLI sets it
 * with {@link #requestedBy}.
 */
public record TicketFile(String title, String description, List<String> acceptanceCriteria, String testCommand, String baseBranch,
    Long maxTokens, Double maxCostUsd, List<String> labels, String requester, String key, Spec spec) {

  public TicketFile {
    labels = labels == null ? List.of() : List.copyOf(labels);
    if (spec == null) spec = Spec.NONE;
  }

  /** The rest of the task spec: the work type (its template shapes the plan), goal, constraints, interfaces that must not break. */
  public record Spec(String workType, String goal, List<String> constraints, List<String> interfaces) {
    public static final Spec NONE = new Spec(null, null, List.of(), List.of());

    public Spec {
      constraints = constraints == null ? List.of() : List.copyOf(constraints);
      interfaces = interfaces == null ? List.of() : List.copyOf(interfaces);
    }
  }

  public TicketFile(String title, String description, List<String> acceptanceCriteria, String testCommand, String baseBranch,
      Long maxTokens, Double maxCostUsd, List<String> labels, String requester, String key) {
    this(title, description, acceptanceCriteria, testCommand, baseBranch, maxTokens, maxCostUsd, labels, requester, key, Spec.NONE);
  }

  public TicketFile(String title, String description, List<String> acceptanceCriteria, String testCommand, String baseBranch) {
    this(title, description, acceptanceCriteria, testCommand, baseBranch, null, null);
  }

  public TicketFile(String title, String description, List<String> acceptanceCriteria, String testCommand, String baseBranch,
      Long maxTokens, Double maxCostUsd) {
    this(title, description, acceptanceCriteria, testCommand, baseBranch, maxTokens, maxCostUsd, List.of(), null, null);
  }

  /** This ticket as asked for by {@code requester}. */
  public TicketFile requestedBy(String requester) {
    return new TicketFile(title, description, acceptanceCriteria, testCommand, baseBranch, maxTokens, maxCostUsd, labels, requester, key, spec);
  }

  /** A ticket file that cannot be used; the message says what is wrong. */
  public static final class InvalidTicketException extends Exception {
    InvalidTicketException(String message) {
      super(message);
    }
  }

  public static TicketFile read(Path file) throws InvalidTicketException {
    if (!Files.isRegularFile(file)) throw new InvalidTicketException("ticket file " + file + " does not exist");
    Object parsed;
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      parsed = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
    } catch (IOException | YAMLException e) {
      throw new InvalidTicketException("ticket file " + file + " is not valid YAML or JSON: " + e.getMessage().lines().findFirst().orElse(""));
    }
    if (!(parsed instanceof Map<?, ?> map)) throw new InvalidTicketException("ticket file " + file + " must hold a mapping with a title");
    List<String> known = List.of("key", "title", "description", "acceptanceCriteria", "testCommand", "baseBranch", "budget", "labels",
        "workType", "goal", "constraints", "interfaces");
    for (Object key : map.keySet()) {
      if (!known.contains(String.valueOf(key))) {
        throw new InvalidTicketException("ticket file " + file + ": unknown field '" + key + "' (known: " + String.join(", ", known) + ")");
      }
    }
    String title = text(map, "title", file);
    if (title == null || title.isBlank()) throw new InvalidTicketException("ticket file " + file + ": field 'title' is required");
    List<String> acceptance = texts(map, "acceptanceCriteria", file);
    String description = text(map, "description", file);
    String baseBranch = text(map, "baseBranch", file);
    Long maxTokens = null;
    Double maxCostUsd = null;
    Object budget = map.get("budget");
    if (budget instanceof Map<?, ?> limits) {
      for (Object key : limits.keySet()) {
        if (!List.of("maxTokens", "maxCostUsd").contains(String.valueOf(key))) {
          throw new InvalidTicketException("ticket file " + file + ": unknown field 'budget." + key + "' (known: maxTokens, maxCostUsd)");
        }
      }
      Number tokens = positive(limits.get("maxTokens"), "budget.maxTokens", file);
      maxTokens = tokens == null ? null : tokens.longValue();
      Number cost = positive(limits.get("maxCostUsd"), "budget.maxCostUsd", file);
      maxCostUsd = cost == null ? null : cost.doubleValue();
    } else if (budget != null) {
      throw new InvalidTicketException("ticket file " + file + ": field 'budget' must be a mapping with maxTokens and/or maxCostUsd");
    }
    return new TicketFile(title.strip(), description == null ? "" : description.strip(), acceptance,
        text(map, "testCommand", file), baseBranch == null || baseBranch.isBlank() ? "main" : baseBranch, maxTokens, maxCostUsd,
        texts(map, "labels", file), null, text(map, "key", file),
        new Spec(text(map, "workType", file), text(map, "goal", file), texts(map, "constraints", file), texts(map, "interfaces", file)));
  }

  private static List<String> texts(Map<?, ?> map, String field, Path file) throws InvalidTicketException {
    Object value = map.get(field);
    List<String> texts = new ArrayList<>();
    if (value instanceof List<?> list) {
      for (Object item : list) texts.add(String.valueOf(item));
    } else if (value != null) {
      throw new InvalidTicketException("ticket file " + file + ": field '" + field + "' must be a list of strings");
    }
    return List.copyOf(texts);
  }

  private static Number positive(Object value, String field, Path file) throws InvalidTicketException {
    if (value == null) return null;
    if (!(value instanceof Number number) || number.doubleValue() <= 0) {
      throw new InvalidTicketException("ticket file " + file + ": field '" + field + "' must be a positive number, was " + value);
    }
    return number;
  }

  private static String text(Map<?, ?> map, String field, Path file) throws InvalidTicketException {
    Object value = map.get(field);
    if (value == null) return null;
    if (value instanceof Map || value instanceof List) {
      throw new InvalidTicketException("ticket file " + file + ": field '" + field + "' must be text");
    }
    return String.valueOf(value);
  }
}
