package dev.agentline.platform.models;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * How one role's model calls are made and priced: provider, model, sampling, limits and the price
 * per million tokens. Resolved by {@link ModelCatalog}; it never holds an API key, only the name of
 * the environment variable that does ({@link #apiKeyEnv}).
 *
 * @param provider {@code anthropic}, {@code openai}, {@code openai-compatible} or {@code replay}
 * @param model the model name sent to the provider; null for {@code replay}
 * @param baseUrl the provider's API root; null for {@code replay}
 * @param apiKeyEnv the environment variable holding the key; null when the provider needs none
 * @param temperature null leaves the provider's default
 * @param maxOutputTokens the most tokens one answer may have
 * @param timeout the longest one model call may take
 * @param contextTokens the role's context budget: what the worker fits files, search hits, map and
 *     analysis into (estimated as characters / 4)
 * @param cassette the recorded answers for {@code replay}, else null
 */
public record ModelSpec(
    String provider,
    String model,
    String baseUrl,
    String apiKeyEnv,
    Double temperature,
    int maxOutputTokens,
    Duration timeout,
    double inputUsdPerMillion,
    double outputUsdPerMillion,
    int contextTokens,
    Path cassette) {

  public static final String ANTHROPIC = "anthropic";
  public static final String OPENAI = "openai";
  public static final String OPENAI_COMPATIBLE = "openai-compatible";
  public static final String REPLAY = "replay";
  public static final Set<String> PROVIDERS = Set.of(ANTHROPIC, OPENAI, OPENAI_COMPATIBLE, REPLAY);

  private static final double PER_TOKEN = 1.0 / 1_000_000;

  public ModelSpec {
    if (provider == null || !PROVIDERS.contains(provider)) {
      throw new IllegalArgumentException("provider must be one of anthropic, openai, openai-compatible, replay, was " + provider);
    }
    if (temperature != null && (temperature.isNaN() || temperature < 0 || temperature > 2)) {
      throw new IllegalArgumentException("temperature must be between 0 and 2, was " + temperature);
    }
    if (maxOutputTokens < 1) throw new IllegalArgumentException("max-output-tokens must be >= 1, was " + maxOutputTokens);
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout must be positive, was " + timeout);
    checkPrice("price.input", inputUsdPerMillion);
    checkPrice("price.output", outputUsdPerMillion);
    if (contextTokens < 1) throw new IllegalArgumentException("context-tokens must be >= 1, was " + contextTokens);
  }

  /** What a call with these token counts costs, in US dollars. */
  public double costUsd(long inputTokens, long outputTokens) {
    return (inputTokens * inputUsdPerMillion + outputTokens * outputUsdPerMillion) * PER_TOKEN;
  }

  /**
   * The most one call can cost when the prompt fills the context budget and the answer uses every
   * output token: what a caller reserves before dispatching. A step that re-asks makes two calls.
   */
  public double maxCallCostUsd() {
    return costUsd(contextTokens, maxOutputTokens);
  }

  /** The most tokens (in + out) one call can use, with the same assumption as {@link #maxCallCostUsd}. */
  public long maxCallTokens() {
    return (long) contextTokens + maxOutputTokens;
  }

  /** For logs: provider and model (or cassette), never a key. */
  public String describe() {
    if (REPLAY.equals(provider)) return "replay " + cassette;
    return provider + " " + model + " at " + baseUrl;
  }

  private static void checkPrice(String key, double value) {
    if (Double.isNaN(value) || Double.isInfinite(value) || value < 0) {
      throw new IllegalArgumentException(key + " must be a number >= 0 (USD per million tokens), was " + value);
    }
  }
}
