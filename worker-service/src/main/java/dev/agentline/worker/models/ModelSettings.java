package dev.agentline.worker.models;

import java.time.Duration;

/** The model settings of one role, merged from the config file and the inline keys; null = not set. */
record ModelSettings(String provider, String cassette, String baseUrl, String apiKey, String apiKeyEnv, String model, Duration timeout) {
  static final ModelSettings NONE = new ModelSettings(null, null, null, null, null, null, null);

  /** These settings with every field {@code other} sets replaced. */
  ModelSettings overriddenBy(ModelSettings other) {
    return new ModelSettings(
        pick(other.provider, provider),
        pick(other.cassette, cassette),
        pick(other.baseUrl, baseUrl),
        other.apiKey != null ? other.apiKey : other.apiKeyEnv != null ? null : apiKey,
        other.apiKey != null ? null : pick(other.apiKeyEnv, apiKeyEnv),
        pick(other.model, model),
        pick(other.timeout, timeout));
  }

  private static <T> T pick(T preferred, T fallback) {
    return preferred != null ? preferred : fallback;
  }
}
