package dev.agentline.platform.models;

import dev.agentline.schemas.Role;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Which model answers each role, and what its calls may cost. Read from a models config (below) or
 * a cassette (a file with top-level {@code interactions}: every role replays it). Both the planner
 * (to reserve the worst-case cost of a call before dispatching it) and the worker (to make the
 * call) load it, so it checks the configuration but never looks for API keys.
 *
 * <pre>
 * defaults:                     # every role inherits; top-level keys work too
 *   provider: openai-compatible # anthropic | openai | openai-compatible | replay
 *   base-url: http://localhost:11434/v1
 *   model: qwen2.5-coder
 *   temperature: 0.2
 *   max-output-tokens: 2048
 *   context-tokens: 8000
 *   timeout: 60s
 *   price: {input: 0.15, output: 0.60}   # USD per million tokens
 * roles:
 *   manager: {provider: anthropic, model: claude-sonnet-4-5, api-key-env: ANTHROPIC_API_KEY, price: {input: 3, output: 15}}
 * prices:                       # optional: price by model name when a role names none
 *   gpt-4o: {input: 2.5, output: 10}
 * record: recorded-cassette.yaml
 * </pre>
 *
 * Paths (cassette, record) are relative to the file's folder.
 */
public final class ModelCatalog {
  public static final int DEFAULT_MAX_OUTPUT_TOKENS = 4096;
  public static final int DEFAULT_CONTEXT_TOKENS = 8000;
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);
  public static final String ANTHROPIC_BASE_URL = "https://api.anthropic.com/v1/";
  public static final String OPENAI_BASE_URL = "https://api.openai.com/v1";
  /** A path that names a classpath resource rather than a file (used by the worker for bundled cassettes). */
  public static final String CLASSPATH = "classpath:";

  private static final Set<String> SETTING_KEYS = Set.of(
      "provider", "model", "base-url", "api-key-env", "api-key", "temperature", "max-output-tokens", "context-tokens", "timeout", "price",
      "cassette");
  private static final Set<String> FILE_KEYS;
  private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)?");

  static {
    java.util.HashSet<String> keys = new java.util.HashSet<>(SETTING_KEYS);
    keys.addAll(List.of("defaults", "roles", "prices", "record"));
    FILE_KEYS = Set.copyOf(keys);
  }

  private final String source;
  private final ModelSettings defaults;
  private final Map<Role, ModelSettings> roles;
  private final Map<String, double[]> prices;
  private final Path recordTo;
  private final Map<Role, ModelSpec> specs;

  private ModelCatalog(String source, ModelSettings defaults, Map<Role, ModelSettings> roles, Map<String, double[]> prices, Path recordTo,
      boolean complete) {
    this.source = source;
    this.defaults = defaults;
    this.roles = roles;
    this.prices = prices;
    this.recordTo = recordTo;
    this.specs = new EnumMap<>(Role.class);
    for (Role role : Role.values()) specs.put(role, resolve(role, complete));
  }

  /**
   * Reads a models config or a cassette.
   *
   * @throws IllegalArgumentException naming the file and the key when the file is missing, not YAML or wrong
   */
  public static ModelCatalog load(Path file) {
    Path path = file.toAbsolutePath().normalize();
    String text;
    try {
      text = Files.readString(path);
    } catch (IOException e) {
      throw new IllegalArgumentException(path + ": cannot read the models config: " + e.getMessage(), e);
    }
    return parse(text, path.toString(), path.getParent());
  }

  /**
   * Reads a models config or a cassette given as text.
   *
   * @param source names the text in error messages (and is the cassette path when the text is a cassette)
   * @param folder what relative paths inside resolve against; null leaves them as written
   */
  public static ModelCatalog parse(String yaml, String source, Path folder) {
    Map<String, Object> tree = mapping(yamlTree(yaml, source), source);
    if (tree.containsKey("interactions")) {
      ModelSettings replay = new ModelSettings(ModelSpec.REPLAY, null, null, null, null, null, null, null, null, null, null, Path.of(source));
      return new ModelCatalog(source, replay, Map.of(), Map.of(), null, true);
    }
    Reader reader = new Reader(source, folder);
    reader.checkKeys(tree, "", FILE_KEYS);
    ModelSettings defaults = reader.settings(tree, "", false);
    if (tree.get("defaults") != null) defaults = defaults.overriddenBy(reader.settings(reader.map(tree.get("defaults"), "defaults"), "defaults.", true));
    Map<Role, ModelSettings> roles = new EnumMap<>(Role.class);
    if (tree.get("roles") != null) {
      reader.map(tree.get("roles"), "roles").forEach((name, value) -> {
        Role role = role(name);
        if (role == null) throw reader.error("roles." + name, "no such role (" + roleNames() + ")");
        roles.put(role, reader.settings(reader.map(value, "roles." + name), "roles." + name + ".", true));
      });
    }
    Map<String, double[]> prices = new TreeMap<>();
    if (tree.get("prices") != null) {
      reader.map(tree.get("prices"), "prices").forEach((model, value) -> prices.put(model, reader.price(value, "prices." + model)));
    }
    Path recordTo = reader.path(tree.get("record"), "record");
    return new ModelCatalog(source, defaults, roles, prices, recordTo, true);
  }

  /** No configuration: every role costs 0, may answer 4096 tokens and has a context budget of 8000 tokens. */
  public static ModelCatalog defaults() {
    ModelSettings none = new ModelSettings(ModelSpec.REPLAY, null, null, null, null, null, null, null, null, null, null, null);
    return new ModelCatalog("built-in defaults", none, Map.of(), Map.of(), null, false);
  }

  /**
   * This catalog with inline settings layered on: {@code all} over the defaults, {@code perRole}
   * over each role's entry (so a role's entry in the file still beats an inline setting for all roles).
   *
   * @param where names the inline source in error messages, e.g. {@code agentline.models}
   * @param recordTo replaces the file's {@code record} when not null
   */
  public ModelCatalog overriddenBy(ModelSettings all, Map<Role, ModelSettings> perRole, Path recordTo, String where) {
    Map<Role, ModelSettings> merged = new EnumMap<>(Role.class);
    for (Role role : Role.values()) {
      ModelSettings layered = roles.getOrDefault(role, ModelSettings.NONE).overriddenBy(perRole.getOrDefault(role, ModelSettings.NONE));
      if (!layered.equals(ModelSettings.NONE)) merged.put(role, layered);
    }
    return new ModelCatalog(source + " + " + where, defaults.overriddenBy(all), merged, prices, recordTo != null ? recordTo : this.recordTo, true);
  }

  public ModelSpec spec(Role role) {
    return specs.get(role);
  }

  /** Where record mode appends every real answer, if it is on. */
  public Optional<Path> recordTo() {
    return Optional.ofNullable(recordTo);
  }

  /** A key written into the configuration itself ({@code api-key}); prefer {@code api-key-env}. */
  public Optional<String> apiKey(Role role) {
    return Optional.ofNullable(defaults.overriddenBy(roles.getOrDefault(role, ModelSettings.NONE)).apiKey());
  }

  /** The file (or other source) this catalog was read from. */
  public String source() {
    return source;
  }

  private ModelSpec resolve(Role role, boolean complete) {
    ModelSettings s = defaults.overriddenBy(roles.getOrDefault(role, ModelSettings.NONE));
    String key = roles.containsKey(role) ? "roles." + slug(role) + "." : "";
    String provider = s.provider();
    if (provider == null) throw error(key + "provider", "is not set (anthropic, openai, openai-compatible or replay)");
    if (!ModelSpec.PROVIDERS.contains(provider)) {
      throw error(key + "provider", "must be one of anthropic, openai, openai-compatible, replay, was " + provider);
    }
    String baseUrl = s.baseUrl();
    String apiKeyEnv = s.apiKeyEnv();
    switch (provider) {
      case ModelSpec.ANTHROPIC -> {
        if (baseUrl == null) baseUrl = ANTHROPIC_BASE_URL;
        if (apiKeyEnv == null && s.apiKey() == null) apiKeyEnv = "ANTHROPIC_API_KEY";
      }
      case ModelSpec.OPENAI -> {
        if (baseUrl == null) baseUrl = OPENAI_BASE_URL;
        if (apiKeyEnv == null && s.apiKey() == null) apiKeyEnv = "OPENAI_API_KEY";
      }
      default -> { }
    }
    if (complete) {
      if (ModelSpec.REPLAY.equals(provider) && s.cassette() == null) throw error(key + "cassette", "is required for provider replay (role " + slug(role) + ")");
      if (!ModelSpec.REPLAY.equals(provider) && blank(s.model())) {
        throw error(key + "model", "is required for provider " + provider + " (role " + slug(role) + ")");
      }
      if (ModelSpec.OPENAI_COMPATIBLE.equals(provider) && blank(baseUrl)) {
        throw error(key + "base-url", "is required for provider openai-compatible (role " + slug(role) + ")");
      }
    }
    double[] price = s.inputUsdPerMillion() != null || s.outputUsdPerMillion() != null
        ? new double[] {orZero(s.inputUsdPerMillion()), orZero(s.outputUsdPerMillion())}
        : priceOf(s.model());
    try {
      return new ModelSpec(provider, ModelSpec.REPLAY.equals(provider) ? null : s.model(), ModelSpec.REPLAY.equals(provider) ? null : baseUrl,
          ModelSpec.REPLAY.equals(provider) ? null : apiKeyEnv, s.temperature(),
          s.maxOutputTokens() != null ? s.maxOutputTokens() : DEFAULT_MAX_OUTPUT_TOKENS, s.timeout() != null ? s.timeout() : DEFAULT_TIMEOUT,
          price[0], price[1], s.contextTokens() != null ? s.contextTokens() : DEFAULT_CONTEXT_TOKENS, s.cassette());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(source + ": role " + slug(role) + ": " + e.getMessage(), e);
    }
  }

  /** The price of a model by name; a dated name ({@code gpt-4o-mini-2024-07-18}) takes its base name's price. */
  private double[] priceOf(String model) {
    if (model == null) return new double[] {0, 0};
    if (prices.containsKey(model)) return prices.get(model);
    String best = null;
    for (String name : prices.keySet()) {
      if (model.startsWith(name + "-") && (best == null || name.length() > best.length())) best = name;
    }
    return best == null ? new double[] {0, 0} : prices.get(best);
  }

  private IllegalArgumentException error(String key, String problem) {
    return new IllegalArgumentException(source + ": " + key + " " + problem);
  }

  private static Object yamlTree(String yaml, String source) {
    try {
      return new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
    } catch (YAMLException e) {
      throw new IllegalArgumentException(source + ": not valid YAML: " + e.getMessage(), e);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> mapping(Object tree, String source) {
    if (!(tree instanceof Map<?, ?> map)) throw new IllegalArgumentException(source + ": not a YAML mapping (a models config or a cassette)");
    Map<String, Object> result = new LinkedHashMap<>();
    map.forEach((k, v) -> result.put(String.valueOf(k), v));
    return result;
  }

  static Role role(String name) {
    String normalized = name.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    for (Role role : Role.values()) if (role.name().equals(normalized)) return role;
    return null;
  }

  static String slug(Role role) {
    return role.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  private static String roleNames() {
    return String.join(" | ", java.util.Arrays.stream(Role.values()).map(ModelCatalog::slug).toList());
  }

  private static boolean blank(String text) {
    return text == null || text.isBlank();
  }

  private static double orZero(Double value) {
    return value == null ? 0 : value;
  }

  /**
   * Parses a duration: {@code 90s}, {@code 500ms}, {@code 2m}, {@code 1h}, a bare number of seconds or ISO-8601 ({@code PT90S}).
   *
   * @throws IllegalArgumentException when the text is none of these
   */
  public static Duration duration(String text) {
    Matcher simple = SIMPLE_DURATION.matcher(text.trim());
    if (simple.matches()) {
      long n = Long.parseLong(simple.group(1));
      String unit = simple.group(2) == null ? "s" : simple.group(2);
      return switch (unit) {
        case "ms" -> Duration.ofMillis(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofSeconds(n);
      };
    }
    try {
      return Duration.parse(text.trim());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("must be like 90s, 500ms, 2m or PT90S, was " + text, e);
    }
  }

  /** Reads typed values out of the YAML tree; every error names the source and the key. */
  private record Reader(String source, Path folder) {

    IllegalArgumentException error(String key, String problem) {
      return new IllegalArgumentException(source + ": " + key + " " + problem);
    }

    void checkKeys(Map<String, Object> map, String prefix, Set<String> allowed) {
      for (String name : map.keySet()) {
        if (!allowed.contains(name)) throw error(prefix + name, "is not a models config key (known: " + new java.util.TreeSet<>(allowed) + ")");
      }
    }

    Map<String, Object> map(Object value, String key) {
      if (!(value instanceof Map<?, ?>)) throw error(key, "must be a mapping");
      return mapping(value, source + ": " + key);
    }

    ModelSettings settings(Map<String, Object> map, String prefix, boolean checkKeys) {
      if (checkKeys) checkKeys(map, prefix, SETTING_KEYS);
      double[] price = map.get("price") == null ? null : price(map.get("price"), prefix + "price");
      String provider = text(map.get("provider"), prefix + "provider");
      if (provider != null) {
        provider = provider.trim().toLowerCase(Locale.ROOT);
        if (!ModelSpec.PROVIDERS.contains(provider)) throw error(prefix + "provider", "must be one of anthropic, openai, openai-compatible, replay, was " + provider);
      }
      Double temperature = number(map.get("temperature"), prefix + "temperature");
      if (temperature != null && (temperature < 0 || temperature > 2)) throw error(prefix + "temperature", "must be between 0 and 2, was " + temperature);
      return new ModelSettings(
          provider,
          text(map.get("model"), prefix + "model"),
          text(map.get("base-url"), prefix + "base-url"),
          text(map.get("api-key-env"), prefix + "api-key-env"),
          text(map.get("api-key"), prefix + "api-key"),
          temperature,
          positive(map.get("max-output-tokens"), prefix + "max-output-tokens"),
          positive(map.get("context-tokens"), prefix + "context-tokens"),
          timeout(map.get("timeout"), prefix + "timeout"),
          price == null ? null : price[0],
          price == null ? null : price[1],
          path(map.get("cassette"), prefix + "cassette"));
    }

    double[] price(Object value, String key) {
      Map<String, Object> map = map(value, key);
      checkKeys(map, key + ".", Set.of("input", "output"));
      Double input = number(map.get("input"), key + ".input");
      Double output = number(map.get("output"), key + ".output");
      if (input != null && input < 0) throw error(key + ".input", "must be >= 0 (USD per million tokens), was " + input);
      if (output != null && output < 0) throw error(key + ".output", "must be >= 0 (USD per million tokens), was " + output);
      return new double[] {orZero(input), orZero(output)};
    }

    String text(Object value, String key) {
      if (value == null) return null;
      if (value instanceof Map<?, ?> || value instanceof List<?>) throw error(key, "must be text");
      return String.valueOf(value);
    }

    Double number(Object value, String key) {
      if (value == null) return null;
      if (value instanceof Number n) return n.doubleValue();
      try {
        return Double.parseDouble(String.valueOf(value).trim());
      } catch (NumberFormatException e) {
        throw error(key, "must be a number, was " + value);
      }
    }

    Integer positive(Object value, String key) {
      if (value == null) return null;
      if (!(value instanceof Integer || value instanceof Long) && !String.valueOf(value).trim().matches("\\d+")) {
        throw error(key, "must be a whole number >= 1, was " + value);
      }
      long n = Long.parseLong(String.valueOf(value).trim());
      if (n < 1 || n > Integer.MAX_VALUE) throw error(key, "must be a whole number >= 1, was " + value);
      return (int) n;
    }

    Duration timeout(Object value, String key) {
      if (value == null) return null;
      Duration d;
      try {
        d = duration(String.valueOf(value));
      } catch (IllegalArgumentException e) {
        throw error(key, e.getMessage());
      }
      if (d.isZero() || d.isNegative()) throw error(key, "must be positive, was " + value);
      return d;
    }

    Path path(Object value, String key) {
      String text = text(value, key);
      if (text == null) return null;
      if (text.startsWith(CLASSPATH) || folder == null || Path.of(text).isAbsolute()) return Path.of(text);
      return folder.resolve(text).normalize();
    }
  }
}
