package dev.agentline.worker.cost;

import dev.agentline.platform.models.ModelSpec;
import dev.agentline.schemas.Usage;

/**
 * Token counts and what they cost. A call is priced by its role's {@link ModelSpec} (USD per
 * million input and output tokens); a step's usage is the sum over every call it made.
 */
public final class Usages {
  private Usages() {}

  public static Usage of(ModelSpec spec, int inputTokens, int outputTokens) {
    return Usage.newBuilder()
        .setInputTokens(inputTokens)
        .setOutputTokens(outputTokens)
        .setCostUsd(spec.costUsd(inputTokens, outputTokens))
        .build();
  }

  public static Usage none() {
    return Usage.newBuilder().build();
  }

  public static Usage sum(Usage a, Usage b) {
    return Usage.newBuilder()
        .setInputTokens(a.getInputTokens() + b.getInputTokens())
        .setOutputTokens(a.getOutputTokens() + b.getOutputTokens())
        .setCostUsd(a.getCostUsd() + b.getCostUsd())
        .build();
  }
}
