package dev.agentline.worker.models;

import java.time.Duration;
import java.util.Objects;

/**
 * The raw answer of a model and what it cost in tokens and time.
 *
 * @param stopReason why the model stopped, in the provider's words ({@code end_turn}, {@code stop},
 *     {@code max_tokens}, {@code length}); null when unknown
 */
public record ModelResponse(String text, String provider, String model, int inputTokens, int outputTokens, Duration latency, String stopReason) {
  public ModelResponse {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(latency, "latency");
    if (inputTokens < 0 || outputTokens < 0) throw new IllegalArgumentException("token counts must be >= 0");
  }

  /** A rough token count (4 characters a token) for providers that do not report usage. */
  public static int estimateTokens(String text) {
    return text == null || text.isEmpty() ? 0 : (text.length() + 3) / 4;
  }
}
