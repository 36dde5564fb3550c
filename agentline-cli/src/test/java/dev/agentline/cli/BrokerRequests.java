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
  private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();

  /**
   * Running totals since the broker started.
   *
   * @param requests per request type: {count, local ms, total ms}
   * @param bytesIn per topic: bytes written to it
   */
  record Snapshot(Map<String, double[]> requests, Map<String, Double> bytesIn) {}

  Snapshot snapshot() {
    Map<String, double[]> requests = new TreeMap<>();
    for (ObjectName name : names("kafka.network:type=RequestMetrics,name=LocalTimeMs,request=*")) total(name, 1, requests);
    for (ObjectName name : names("kafka.network:type=RequestMetrics,name=TotalTimeMs,request=*")) total(name, 2, requests);
    Map<String, Double> bytesIn = new TreeMap<>();
    for (ObjectName name : names("kafka.server:type=BrokerTopicMetrics,name=BytesInPerSec,topic=*")) {
      bytesIn.put(name.getKeyProperty("topic"), attribute(name, "Count"));
    }
    return new Snapshot(requests, bytesIn);
  }

  private void total(ObjectName histogram, int slot, Map<String, double[]> into) {
    double count = attribute(histogram, "Count");
    double[] row = into.computeIfAbsent(histogram.getKeyProperty("request"), r -> new double[3]);
    row[0] = count;
    row[slot] = count * attribute(histogram, "Mean");
  }

  private Iterable<ObjectName> names(String pattern) {
    try {
      return server.queryNames(new ObjectName(pattern), null);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private double attribute(ObjectName name, String attribute) {
    try {
      return ((Number) server.getAttribute(name, attribute)).doubleValue();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The phase's requests by type, the busiest handler time first, and its bytes by topic; what had none in the phase is left out. */
  static String format(Snapshot before, Snapshot after, long steps) {
    record Row(String request, double count, double local, double total) {}
    List<Row> rows = new ArrayList<>();
    after.requests().forEach((request, a) -> {
      double[] b = before.requests().getOrDefault(request, new double[3]);
      if (a[0] > b[0]) rows.add(new Row(request, a[0] - b[0], a[1] - b[1], a[2] - b[2]));
    });
    rows.sort((x, y) -> Double.compare(y.local(), x.local()));
    StringBuilder out = new StringBuilder("  broker requests a step: count | handler ms | total ms (queues, waits and sending too)\n");
    double n = Math.max(1, steps);
    for (Row row : rows) {
      out.append(String.format(Locale.ROOT, "    %-28s %8.1f %10.2f %10.1f%n", row.request(), row.count() / n, row.local() / n,
          row.total() / n));
    }
    out.append("  bytes written a step, by topic (KB)\n");
    after.bytesIn().entrySet().stream()
        .map(e -> Map.entry(e.getKey(), e.getValue() - before.bytesIn().getOrDefault(e.getKey(), 0.0)))
        .filter(e -> e.getValue() > 0)
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .forEach(e -> out.append(String.format(Locale.ROOT, "    %-50s %8.2f%n", e.getKey(), e.getValue() / n / 1024)));
    return out.toString();
  }
}
