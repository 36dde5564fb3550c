package dev.agentline.worker.models;

import dev.agentline.platform.models.ModelCatalog;
import dev.agentline.platform.models.ModelSettings;
import dev.agentline.platform.models.ModelSpec;
import dev.agentline.schemas.Role;
import dev.agentline.worker.roles.Roles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Turns {@code agentline.models} (and the file it names) into the {@link ModelCatalog} and one
 * model client per role. This is where API keys are looked up: a role whose provider needs a key
 * whose environment variable is missing or empty stops the worker from starting, naming both.
 */
public final class ModelsSetup {
  static final String KEY = "agentline.models";

  private final ModelCatalog catalog;
  private final Map<Role, String> apiKeys;

  private ModelsSetup(ModelCatalog catalog, Map<Role, String> apiKeys) {
    this.catalog = catalog;
    this.apiKeys = apiKeys;
  }

  /** @param env looks up environment variables (for {@code api-key-env}) */
  public static ModelsSetup from(ModelsProperties properties, Function<String, String> env) {
    if (blank(properties.configFile()) && blank(properties.provider())) {
      throw new IllegalStateException("set " + KEY + ".config-file to a cassette or models config (or " + KEY
          + ".provider to anthropic, openai, openai-compatible or replay)");
    }
    Map<Role, ModelSettings> perRole = new EnumMap<>(Role.class);
    properties.roles().forEach((name, settings) -> {
      Role role = Roles.fromSlug(name);
      if (role == null) throw new IllegalStateException(KEY + ".roles." + name + ": no such role (" + Roles.allSlugs() + ")");
      perRole.put(role, settings.settings());
    });
    ModelCatalog catalog;
    try {
      ModelCatalog base = blank(properties.configFile()) ? ModelCatalog.defaults() : read(properties.configFile());
      catalog = base.overriddenBy(properties.settings(), perRole, blank(properties.recordTo()) ? null : Path.of(properties.recordTo()), KEY);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(KEY + (blank(properties.configFile()) ? "" : ".config-file (" + properties.configFile() + ")") + ": "
          + e.getMessage(), e);
    }
    Map<Role, String> keys = new EnumMap<>(Role.class);
    for (Role role : Role.values()) {
      ModelSpec spec = catalog.spec(role);
      String key = catalog.apiKey(role).orElse(null);
      if (key == null && spec.apiKeyEnv() != null) {
        key = env.apply(spec.apiKeyEnv());
        if (blank(key)) {
          throw new IllegalStateException("environment variable " + spec.apiKeyEnv() + " is not set: role " + Roles.slug(role) + " uses provider "
              + spec.provider() + " with api-key-env " + spec.apiKeyEnv());
        }
      }
      if (key != null) keys.put(role, key);
    }
    return new ModelsSetup(catalog, keys);
  }

  private static ModelCatalog read(String location) {
    if (!location.startsWith(ModelCatalog.CLASSPATH)) return ModelCatalog.load(Path.of(location));
    String resource = location.substring(ModelCatalog.CLASSPATH.length()).replaceFirst("^/", "");
    try (InputStream in = ModelsSetup.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) throw new IllegalArgumentException("no classpath resource " + resource);
      return ModelCatalog.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), location, null);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + location + ": " + e.getMessage(), e);
    }
  }

  public ModelCatalog catalog() {
    return catalog;
  }

  /**
   * One client per role (roles with the same spec and key share one): provider clients retry
   * transient faults by {@code retry}; with record mode on, every real answer is appended to the
   * record cassette.
   */
  public ModelClient client(RetryPolicy retry, RetryingModelClient.Sleeper sleeper, Clock clock) {
    Map<Object, ModelClient> built = new HashMap<>();
    Map<Role, ModelClient> clients = new EnumMap<>(Role.class);
    for (Role role : Role.values()) {
      ModelSpec spec = catalog.spec(role);
      String key = apiKeys.get(role);
      clients.put(role, built.computeIfAbsent(java.util.Arrays.asList(spec, key), k -> build(spec, key, retry, sleeper, clock)));
    }
    ModelClient routed = new RoleRoutedModelClient(clients);
    return catalog.recordTo().<ModelClient>map(file -> new RecordingModelClient(routed, new CassetteRecorder(file))).orElse(routed);
  }

  /** For the startup log: which provider and model answers a role (never the key). */
  public String describe(Role role) {
    return catalog.spec(role).describe();
  }

  private static ModelClient build(ModelSpec spec, String apiKey, RetryPolicy retry, RetryingModelClient.Sleeper sleeper, Clock clock) {
    if (ModelSpec.REPLAY.equals(spec.provider())) return new ReplayModelClient(Cassette.load(Objects.requireNonNull(spec.cassette()).toString()));
    return new RetryingModelClient(ChatModelClient.of(spec, apiKey, clock), retry, sleeper);
  }

  private static boolean blank(String text) {
    return text == null || text.isBlank();
  }
}
