package dev.agentline.worker.models;

import dev.agentline.schemas.Role;
import dev.agentline.worker.cost.CostTable;
import dev.agentline.worker.cost.Price;
import dev.agentline.worker.roles.Roles;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Turns {@code agentline.models} (and the YAML file it names) into one model client per role and
 * the price table. Every error names the key to fix.
 */
public final class ModelsSetup {
  static final String KEY = "agentline.models";
  static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);
  private static final Set<String> SETTING_KEYS = Set.of("provider", "cassette", "base-url", "api-key", "api-key-env", "model", "timeout");
  private static final Set<String> FILE_KEYS = Set.of("provider", "cassette", "base-url", "api-key", "api-key-env", "model", "timeout", "roles", "prices");
  private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)?");

  private final Map<Role, ModelSettings> byRole;
  private final Map<String, Price> prices;

  private ModelsSetup(Map<Role, ModelSettings> byRole, Map<String, Price> prices) {
    this.byRole = byRole;
    this.prices = prices;
  }

  /** @param env looks up environment variables (for {@code api-key-env}) */
  public static ModelsSetup from(ModelsProperties properties, Function<String, String> env) {
    ModelSettings fileBase = ModelSettings.NONE;
    Map<Role, ModelSettings> fileRoles = new EnumMap<>(Role.class);
    Map<String, Price> prices = new LinkedHashMap<>();
    if (blank(properties.configFile()) && blank(properties.provider())) {
      throw new IllegalStateException("set " + KEY + ".config-file to a cassette or models config (or " + KEY + ".provider to replay or openai)");
    }
    if (!blank(properties.configFile())) {
      String where = KEY + ".config-file (" + properties.configFile() + ")";
      YamlSource source;
      try {
        source = YamlSource.read(properties.configFile());
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException(where + ": " + e.getMessage(), e);
      }
      if (Cassette.isCassette(source.tree())) {
        fileBase = new ModelSettings(ReplayModelClient.PROVIDER, properties.configFile(), null, null, null, null, null);
      } else {
        fileBase = settings(source.tree(), source, where, FILE_KEYS);
        JsonNode roles = source.tree().get("roles");
        if (roles != null && !roles.isNull()) {
          for (Iterator<String> names = roles.propertyNames().iterator(); names.hasNext(); ) {
            String name = names.next();
            fileRoles.put(role(name, where + ": roles." + name), settings(roles.get(name), source, where + ": roles." + name, SETTING_KEYS));
          }
        }
        JsonNode filePrices = source.tree().get("prices");
        if (filePrices != null && !filePrices.isNull()) {
          for (Iterator<String> names = filePrices.propertyNames().iterator(); names.hasNext(); ) {
            String model = names.next();
            JsonNode price = filePrices.get(model);
            try {
              prices.put(model, new Price(price.path("input").asDouble(0), price.path("output").asDouble(0)));
            } catch (IllegalArgumentException e) {
              throw new IllegalStateException(where + ": prices." + model + ": " + e.getMessage(), e);
            }
          }
        }
      }
    }
    prices.putAll(properties.prices());

    ModelSettings inlineBase = new ModelSettings(properties.provider(), properties.cassette(), properties.baseUrl(),
        properties.apiKey(), null, properties.model(), properties.timeout());
    Map<Role, ModelSettings> inlineRoles = new EnumMap<>(Role.class);
    properties.roles().forEach((name, r) -> inlineRoles.put(role(name, KEY + ".roles." + name),
        new ModelSettings(r.provider(), r.cassette(), r.baseUrl(), r.apiKey(), null, r.model(), r.timeout())));

    Map<Role, ModelSettings> byRole = new EnumMap<>(Role.class);
    for (Role role : Role.values()) {
      ModelSettings merged = fileBase.overriddenBy(inlineBase)
          .overriddenBy(fileRoles.getOrDefault(role, ModelSettings.NONE))
          .overriddenBy(inlineRoles.getOrDefault(role, ModelSettings.NONE));
      byRole.put(role, complete(merged, role, env));
    }
    return new ModelsSetup(byRole, prices);
  }

  /** One client per role; roles with the same settings share one client. */
  public ModelClient client() {
    Map<ModelSettings, ModelClient> built = new HashMap<>();
    Map<Role, ModelClient> clients = new EnumMap<>(Role.class);
    byRole.forEach((role, settings) -> clients.put(role, built.computeIfAbsent(settings, ModelsSetup::build)));
    return new RoleRoutedModelClient(clients);
  }

  public CostTable costTable() {
    return new CostTable(prices);
  }

  /** For the startup log: which provider and model answers a role (never the key). */
  public String describe(Role role) {
    ModelSettings s = byRole.get(role);
    return ReplayModelClient.PROVIDER.equals(s.provider())
        ? "replay " + s.cassette()
        : s.provider() + " " + s.model() + " at " + s.baseUrl();
  }

  private static ModelClient build(ModelSettings s) {
    if (ReplayModelClient.PROVIDER.equals(s.provider())) return new ReplayModelClient(Cassette.load(s.cassette()));
    return new OpenAiModelClient(s.baseUrl(), s.apiKey(), s.model(), s.timeout());
  }

  private static ModelSettings complete(ModelSettings s, Role role, Function<String, String> env) {
    String key = KEY + ".roles." + Roles.slug(role);
    String provider = s.provider() == null ? null : s.provider().trim().toLowerCase(Locale.ROOT);
    if (provider == null) throw new IllegalStateException(key + ".provider (or " + KEY + ".provider) is not set: use replay or openai");
    Duration timeout = s.timeout() != null ? s.timeout() : DEFAULT_TIMEOUT;
    if (timeout.isNegative() || timeout.isZero()) throw new IllegalStateException(KEY + ".timeout must be positive, was " + timeout);
    switch (provider) {
      case ReplayModelClient.PROVIDER -> {
        if (blank(s.cassette())) throw new IllegalStateException(KEY + ".cassette is required for provider replay (role " + Roles.slug(role) + ")");
        return new ModelSettings(provider, s.cassette(), null, null, null, null, timeout);
      }
      case OpenAiModelClient.PROVIDER -> {
        if (blank(s.model())) throw new IllegalStateException(KEY + ".model is required for provider openai (role " + Roles.slug(role) + ")");
        String apiKey = s.apiKey();
        if (apiKey == null && s.apiKeyEnv() != null) {
          apiKey = env.apply(s.apiKeyEnv());
          if (blank(apiKey)) throw new IllegalStateException("environment variable " + s.apiKeyEnv() + " (api-key-env in " + KEY + ".config-file) is not set");
        }
        if (blank(apiKey)) {
          throw new IllegalStateException(KEY + ".api-key (or api-key-env in the models config) is required for provider openai (role "
              + Roles.slug(role) + "); servers that ignore it accept any text");
        }
        String baseUrl = blank(s.baseUrl()) ? DEFAULT_BASE_URL : s.baseUrl();
        return new ModelSettings(provider, null, baseUrl, apiKey, null, s.model(), timeout);
      }
      default -> throw new IllegalStateException(key + ".provider must be replay or openai, was " + s.provider());
    }
  }

  private static ModelSettings settings(JsonNode node, YamlSource source, String where, Set<String> allowed) {
    if (node == null || !node.isObject()) throw new IllegalStateException(where + " must be a mapping");
    for (Iterator<String> names = node.propertyNames().iterator(); names.hasNext(); ) {
      String name = names.next();
      if (!allowed.contains(name)) throw new IllegalStateException(where + ": unknown key '" + name + "' (known: " + allowed + ")");
    }
    String cassette = text(node, "cassette");
    return new ModelSettings(text(node, "provider"), cassette == null ? null : source.resolve(cassette), text(node, "base-url"),
        text(node, "api-key"), text(node, "api-key-env"), text(node, "model"), duration(text(node, "timeout"), where + ": timeout"));
  }

  private static Role role(String name, String where) {
    Role role = Roles.fromSlug(name);
    if (role == null) throw new IllegalStateException(where + ": no such role (" + Roles.allSlugs() + ")");
    return role;
  }

  static Duration duration(String text, String where) {
    if (text == null) return null;
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
      throw new IllegalStateException(where + " must be like 90s, 2m or PT90S, was " + text, e);
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asString();
  }

  private static boolean blank(String text) {
    return text == null || text.isBlank();
  }
}
