package dev.agentline.cli;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Where the planner's exactly-once commit spends its time (a diagnostic of the benchmark, with {@code -Dbench.legs=true}):
 * the Kafka clients' own JMX totals, read before and after a phase. Per stream thread: commits, records processed
 * and the time in each part of the loop; per transactional producer: the time in flush, sendOffsetsToTransaction and
 * commitTransaction.
 */
final class CommitTimes {
  private static final String[] THREAD = {"commit-total", "process-total", "poll-total", "commit-latency-avg", "process-latency-avg",
      "poll-latency-avg", "punctuate-latency-avg", "commit-ratio", "process-ratio", "poll-ratio", "punctuate-ratio"};
  private static final String[] PRODUCER = {"flush-time-ns-total", "txn-send-offsets-time-ns-total", "txn-commit-time-ns-total",
      "txn-begin-time-ns-total", "record-send-total", "request-total"};
  private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();

  Map<String, Double> snapshot() {
    Map<String, Double> values = new TreeMap<>();
    read("kafka.streams:type=stream-thread-metrics,*", THREAD, values);
    read("kafka.producer:type=producer-metrics,client-id=agentline-planner*", PRODUCER, values);
    return values;
  }

  private void read(String pattern, String[] attributes, Map<String, Double> into) {
    try {
      for (ObjectName name : server.queryNames(new ObjectName(pattern), null)) {
        String who = name.getKeyProperty("thread-id") != null ? name.getKeyProperty("thread-id") : name.getKeyProperty("client-id");
        who = who.replaceAll(".*StreamThread-", "thread-");
        for (String attribute : attributes) {
          try {
            Object v = server.getAttribute(name, attribute);
            if (v instanceof Number n && !Double.isNaN(n.doubleValue())) into.put(who + " " + attribute, n.doubleValue());
          } catch (Exception absent) {
            // not every client has every metric
          }
        }
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Totals as the difference over the phase; averages and ratios as the clients report them at its end (their recent window). */
  static String format(Map<String, Double> before, Map<String, Double> after) {
    StringBuilder out = new StringBuilder("  planner commit diagnostics (JMX):\n");
    after.forEach((key, value) -> {
      boolean total = key.endsWith("-total");
      double shown = total ? value - before.getOrDefault(key, 0.0) : value;
      if (key.endsWith("-ns-total")) {
        out.append(String.format(Locale.ROOT, "    %-60s %12.1f ms%n", key, shown / 1e6));
      } else {
        out.append(String.format(Locale.ROOT, "    %-60s %12.3f%n", key, shown));
      }
    });
    return out.toString();
  }
}
