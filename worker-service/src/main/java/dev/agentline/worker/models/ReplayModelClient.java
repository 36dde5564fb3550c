package dev.agentline.worker.models;

import dev.agentline.worker.roles.Roles;
import java.time.Duration;
import java.util.Locale;

/**
 * Serves recorded answers from a {@link Cassette}: runs are reproducible offline and in tests.
 * A request no interaction matches is a permanent failure naming what was asked.
 */
public final class ReplayModelClient implements ModelClient {
  public static final String PROVIDER = "replay";

  private final Cassette cassette;

  public ReplayModelClient(Cassette cassette) {
    this.cassette = cassette;
  }

  public String model() {
    return "cassette:" + cassette.name();
  }

  @Override
  public ModelResponse call(ModelRequest request) {
    long started = System.nanoTime();
    Cassette.Interaction answer = cassette.answerFor(request).orElseThrow(() -> new ModelException(
        "no cassette answer in " + cassette.name() + " for role " + Roles.slug(request.role())
            + ", kind " + request.kind().name().toLowerCase(Locale.ROOT) + ", step " + request.stepId()
            + ", attempt " + request.attempt() + (request.reask() > 0 ? ", reask " + request.reask() : ""),
        PROVIDER, model()));
    int input = answer.inputTokens() != null ? answer.inputTokens() : ModelResponse.estimateTokens(request.promptText());
    int output = answer.outputTokens() != null ? answer.outputTokens() : ModelResponse.estimateTokens(answer.response());
    return new ModelResponse(answer.response(), PROVIDER, model(), input, output, Duration.ofNanos(System.nanoTime() - started), null);
  }
}
