package dev.agentline.worker.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScalingTableTest {
  private static final ScalingTable.Row ONE = new ScalingTable.Row(1, 50, 10.0, List.of(50));

  @Test
  void efficiencyIsThroughputAgainstReplicasTimesTheOneReplicaThroughput() {
    ScalingTable.Row eight = new ScalingTable.Row(8, 400, 11.0, List.of(50, 50, 50, 50, 50, 50, 50, 50));

    assertThat(eight.stepsPerSecond()).isCloseTo(36.36, within(0.01));
    assertThat(ScalingTable.efficiency(eight, ONE)).isCloseTo(36.36 / 40, within(0.001));
  }

  @Test
  void theTablePrintsOneRowPerConfigurationAndNamesIdleReplicas() {
    ScalingTable.Row two = new ScalingTable.Row(2, 100, 20.0, List.of(100));

    assertThat(ScalingTable.format(List.of(ONE, two)).lines()).containsExactly(
        "| replicas | steps | seconds | steps/s | efficiency vs linear | steps per replica (min-max) |",
        "|---:|---:|---:|---:|---:|---|",
        "| 1 | 50 | 10.00 | 5.00 | 100.0 % | 50-50 |",
        "| 2 | 100 | 20.00 | 5.00 | 50.0 % | 0-100 (1 idle) |");
  }
}
