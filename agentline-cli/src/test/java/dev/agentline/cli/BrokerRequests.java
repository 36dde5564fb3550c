package dev.agentline.cli;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * What the in-process broker did for a phase, by request type (a diagnostic of the benchmark, with
 * {@code -Dbench.legs=true}): requests a step, and the time a step spent in the broker's request handlers ({@code LocalTimeMs})
 * and in all (queues, handler, waiting for the fetch or the purgatory, sending: {@code TotalTimeMs}). From the broker's own
 * JMX histograms, read before and after the phase: their count times their mean is a running total. And the bytes written a step
 * to each topic.
 */
final class BrokerRequests {
  private static final String PATTERN = "kafka.network:type=RequestMetrics,name=%s,request=*";
  private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();

  /** Per request type: {count, local ms, total ms}; per topic ("topic " + name): {bytes in, 0, 0}; since the broker started. */
  Map<String, double[]> snapshot() {
    Map<String, double[]> totals = new TreeMap<>();
    read("LocalTimeMs", 1, totals);
    read("TotalTimeMs", 2, totals);
    try {
      for (ObjectName name : server.queryNames(new ObjectName("kafka.server:type=BrokerTopicMetrics,name=BytesInPerSec,topic=*"), null)) {
        totals.put("topic " + name.getKeyProperty("topic"), new double[] {((Number) server.getAttribute(name, "Count")).doubleValue(), 0, 0});
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return totals;
  }

  private void read(String metric, int slot, Map<String, double[]> into) {
    try {
      for (ObjectName name : server.queryNames(new ObjectName(String.format(PATTERN, metric)), null)) {
        long count = ((Number) server.getAttribute(name, "Count")).longValue();
        double mean = ((Number) server.getAttribute(name, "Mean")).doubleValue();
        double[] row = into.computeIfAbsent(name.getKeyProperty("request"), r -> new double[3]);
        row[0] = count;
        row[slot] = count * mean;
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The phase's requests by type, the busiest handler time first; types with no request in the phase are left out. */
  static String format(Map<String, double[]> before, Map<String, double[]> after, long steps) {
    record Row(String request, double count, double local, double total) {}
    List<Row> rows = new ArrayList<>();
    List<Row> topics = new ArrayList<>();
    after.forEach((request, a) -> {
      double[] b = before.getOrDefault(request, new double[3]);
      if (a[0] > b[0]) (request.startsWith("topic ") ? topics : rows).add(new Row(request, a[0] - b[0], a[1] - b[1], a[2] - b[2]));
    });
    topics.sort((x, y) -> Double.compare(y.count(), x.count()));
    rows.sort((x, y) -> Double.compare(y.local(), x.local()));
    StringBuilder out = new StringBuilder("  broker requests a step: count | handler ms | total ms (queues, waits and sending too)\n");
    double n = Math.max(1, steps);
    for (Row row : rows) {
      out.append(String.format(Locale.ROOT, "    %-28s %8.1f %10.2f %10.1f%n", row.request(), row.count() / n, row.local() / n,
          row.total() / n));
    }
    out.append("  bytes written a step, by topic (KB)\n");
    for (Row topic : topics) {
      out.append(String.format(Locale.ROOT, "    %-50s %8.2f%n", topic.request().substring("topic ".length()), topic.count() / n / 1024));
    }
    return out.toString();
  }
}
