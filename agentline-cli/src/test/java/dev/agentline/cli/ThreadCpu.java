package dev.agentline.cli;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a phase's CPU went, by thread (a diagnostic of the benchmark, {@code -Dbench.cpu=true}): the CPU time of each
 * live thread at the start and at the end, grouped by the thread's name with its numbers taken out (the broker's
 * request handlers, a service's consumers, the tool runner's workers each make one group). What no live thread
 * accounts for — the JVM's own threads (collector, compiler) and threads that ended within the phase — is one line.
 */
final class ThreadCpu {
  private final Map<Long, Long> cpuAtStart = new HashMap<>();
  private final long processAtStart;

  ThreadCpu() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    for (long id : threads.getAllThreadIds()) {
      long cpu = threads.getThreadCpuTime(id);
      if (cpu > 0) cpuAtStart.put(id, cpu);
    }
    processAtStart = processCpuNanos();
  }

  /** The CPU per step of each group that took at least 0.1 ms a step, largest first. */
  String format(long steps) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Map<String, Long> byGroup = new TreeMap<>();
    long accounted = 0;
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info == null) continue;
      long cpu = threads.getThreadCpuTime(info.getThreadId());
      if (cpu <= 0) continue;
      long used = cpu - cpuAtStart.getOrDefault(info.getThreadId(), 0L);
      byGroup.merge(group(info.getThreadName()), used, Long::sum);
      accounted += used;
    }
    byGroup.put("(JVM's own threads, threads that ended)", processCpuNanos() - processAtStart - accounted);
    StringBuilder out = new StringBuilder("  CPU ms a step by thread group:\n");
    byGroup.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .filter(e -> e.getValue() / 1e6 / Math.max(1, steps) >= 0.1)
        .forEach(e -> out.append(String.format(Locale.ROOT, "    %7.2f  %s%n", e.getValue() / 1e6 / Math.max(1, steps), e.getKey())));
    return out.toString();
  }

  /** The name without its numbers and ids: {@code data-plane-kafka-request-handler-3} → {@code data-plane-kafka-request-handler-#}. */
  static String group(String threadName) {
    return threadName.replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "<id>").replaceAll("\\d+", "#");
  }

  /** This process's CPU time so far, all its threads (the JVM's own included). */
  static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }
}
