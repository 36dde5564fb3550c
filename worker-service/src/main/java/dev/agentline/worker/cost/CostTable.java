package dev.agentline.worker.cost;

import dev.agentline.schemas.Usage;
import java.util.Map;
import java.util.TreeMap;

/**
 * Prices per model name. A model without a price costs 0 (replayed answers, local models). A
 * dated name a provider reports ({@code gpt-4o-mini-2024-07-18}) takes the price of its base name.
 */
public final class CostTable {
  private static final double PER_TOKEN = 1.0 / 1_000_000;

  private final Map<String, Price> prices;

  public CostTable(Map<String, Price> prices) {
    this.prices = new TreeMap<>(prices);
  }

  public static CostTable free() {
    return new CostTable(Map.of());
  }

  public Price priceOf(String model) {
    Price exact = prices.get(model);
    if (exact != null) return exact;
    String best = null;
    for (String name : prices.keySet()) {
      if (model.startsWith(name + "-") && (best == null || name.length() > best.length())) best = name;
    }
    return best == null ? Price.FREE : prices.get(best);
  }

  public double costUsd(String model, int inputTokens, int outputTokens) {
    Price price = priceOf(model);
    return (inputTokens * price.input() + outputTokens * price.output()) * PER_TOKEN;
  }

  public Usage usage(String model, int inputTokens, int outputTokens) {
    return Usage.newBuilder()
        .setInputTokens(inputTokens)
        .setOutputTokens(outputTokens)
        .setCostUsd(costUsd(model, inputTokens, outputTokens))
        .build();
  }
}
