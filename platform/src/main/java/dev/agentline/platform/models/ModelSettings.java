package dev.agentline.platform.models;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Part of a models configuration: the keys one layer sets (the file's defaults, a role's entry, an
 * inline override); null means "not set here". {@link ModelCatalog} merges layers into a
 * {@link ModelSpec} per role.
 *
 * <p>The provider-bound keys (model, base-url, api-key, api-key-env, price, cassette) belong to the
 * provider they were written for: a layer that switches to another provider does not inherit them.
 */
public record ModelSettings(
    String provider,
    String model,
    String baseUrl,
    String apiKeyEnv,
    String apiKey,
    Double temperature,
    Integer maxOutputTokens,
    Integer contextTokens,
    Duration timeout,
    Double inputUsdPerMillion,
    Double outputUsdPerMillion,
    Path cassette) {

  public static final ModelSettings NONE = new ModelSettings(null, null, null, null, null, null, null, null, null, null, null, null);

  /** These settings with every key {@code other} sets replaced. */
  public ModelSettings overriddenBy(ModelSettings other) {
    boolean sameProvider = other.provider == null || Objects.equals(other.provider, provider);
    ModelSettings base = sameProvider ? this : withoutProviderBoundKeys();
    return new ModelSettings(
        pick(other.provider, base.provider),
        pick(other.model, base.model),
        pick(other.baseUrl, base.baseUrl),
        other.apiKey != null ? null : pick(other.apiKeyEnv, base.apiKeyEnv),
        other.apiKeyEnv != null ? other.apiKey : pick(other.apiKey, base.apiKey),
        pick(other.temperature, base.temperature),
        pick(other.maxOutputTokens, base.maxOutputTokens),
        pick(other.contextTokens, base.contextTokens),
        pick(other.timeout, base.timeout),
        pick(other.inputUsdPerMillion, base.inputUsdPerMillion),
        pick(other.outputUsdPerMillion, base.outputUsdPerMillion),
        pick(other.cassette, base.cassette));
  }

  private ModelSettings withoutProviderBoundKeys() {
    return new ModelSettings(provider, null, null, null, null, temperature, maxOutputTokens, contextTokens, timeout, null, null, null);
  }

  private static <T> T pick(T preferred, T fallback) {
    return preferred != null ? preferred : fallback;
  }
}
