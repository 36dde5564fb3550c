package dev.agentline.worker.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.agentline.schemas.Usage;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CostTableTest {
  private final CostTable table = new CostTable(Map.of("gpt-4o", new Price(2.5, 10), "gpt-4o-mini", new Price(0.15, 0.6)));

  @Test
  void chargesPerMillionInputAndOutputTokens() {
    assertThat(table.costUsd("gpt-4o", 1_000_000, 0)).isCloseTo(2.5, within(1e-9));
    assertThat(table.costUsd("gpt-4o", 1200, 300)).isCloseTo(0.003 + 0.003, within(1e-12));
  }

  @Test
  void aDatedModelNameTakesThePriceOfItsLongestBaseName() {
    assertThat(table.priceOf("gpt-4o-mini-2024-07-18")).isEqualTo(new Price(0.15, 0.6));
    assertThat(table.priceOf("gpt-4o-2024-08-06")).isEqualTo(new Price(2.5, 10));
  }

  @Test
  void unpricedModelsAndCassettesCostNothing() {
    assertThat(table.costUsd("cassette:demo.yaml", 5000, 5000)).isZero();
    assertThat(CostTable.free().costUsd("gpt-4o", 5000, 5000)).isZero();
  }

  @Test
  void fillsTheUsageRecord() {
    Usage usage = table.usage("gpt-4o-mini", 1_000_000, 1_000_000);

    assertThat(usage.getInputTokens()).isEqualTo(1_000_000);
    assertThat(usage.getOutputTokens()).isEqualTo(1_000_000);
    assertThat(usage.getCostUsd()).isCloseTo(0.75, within(1e-9));
  }

  @Test
  void negativePricesAreRefused() {
    assertThatThrownBy(() -> new Price(-1, 0)).hasMessage("input price must be >= 0, was -1.0");
  }
}
