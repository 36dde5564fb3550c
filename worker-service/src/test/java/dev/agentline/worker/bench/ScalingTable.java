package dev.agentline.worker.bench;

import java.util.List;
import java.util.Locale;

/** The scaling benchmark's table: throughput per replica count and its efficiency against linear. */
final class ScalingTable {
  private ScalingTable() {}

  /** One configuration: {@code steps} answered in {@code seconds} by {@code replicas}; {@code perReplica} = steps each answered. */
  record Row(int replicas, int steps, double seconds, List<Integer> perReplica) {
    double stepsPerSecond() {
      return steps / seconds;
    }
  }

  /**
   * Efficiency of a row = its steps/s ÷ (its replicas × steps/s of one replica), where the
   * one-replica figure is the first row's steps/s divided by its replica count.
   */
  static double efficiency(Row row, Row base) {
    double perReplica = base.stepsPerSecond() / base.replicas();
    return row.stepsPerSecond() / (row.replicas() * perReplica);
  }

  static String format(List<Row> rows) {
    StringBuilder out = new StringBuilder();
    out.append("| replicas | steps | seconds | steps/s | efficiency vs linear | steps per replica (min-max) |\n");
    out.append("|---:|---:|---:|---:|---:|---|\n");
    if (rows.isEmpty()) return out.toString();
    Row base = rows.get(0);
    for (Row row : rows) {
      int min = row.perReplica().stream().mapToInt(Integer::intValue).min().orElse(0);
      int max = row.perReplica().stream().mapToInt(Integer::intValue).max().orElse(0);
      int idle = row.replicas() - row.perReplica().size();
      out.append(String.format(Locale.ROOT, "| %d | %d | %.2f | %.2f | %.1f %% | %d-%d%s |%n",
          row.replicas(), row.steps(), row.seconds(), row.stepsPerSecond(), 100 * efficiency(row, base),
          idle > 0 ? 0 : min, max, idle > 0 ? " (" + idle + " idle)" : ""));
    }
    return out.toString();
  }
}
