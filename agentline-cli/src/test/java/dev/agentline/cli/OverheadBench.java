package dev.agentline.cli;

import dev.agentline.schemas.TaskEvent;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.util.FileSystemUtils;

/**
 * The orchestration-overhead benchmark (issue 10 §3) and the load run (§2), on one embedded system (in-process
 * broker, planner, worker, tool runner, audit) whose every model is the demo cassette: an instant model.
 *
 * <p>{@code overhead}: the raw produce → consume round trip on the same broker, then the step round trip as the
 * planner measures it (StepRequest emitted → its StepResult processed) with one task at a time and with
 * {@code concurrency} tasks in flight, after a warm-up; p50/p99 of each, their ratio to the raw round trip, and
 * the CPU per step (this process's CPU time over the phase / steps in it: broker, all services, git work of the
 * tool runner included). Then {@code concurrency} tasks in flight again, with models that take {@code model-ms} to
 * answer ({@link PacedModels}), served by a worker with a consumer a task in flight; the overhead there is the step
 * round trip less the model's time.
 *
 * <p>{@code load}: {@code tasks} tasks submitted at once; all must end DONE (else exit 1); wall time, tasks/s and
 * the step overhead percentiles.
 *
 * <p>Run by {@code agentline-cli/bench/overhead.sh} and {@code agentline-cli/bench/load.sh}. Arguments after the
 * numbers of the form {@code service:--key=value} ({@code planner}, {@code worker}, {@code tool-runner}, {@code audit})
 * or {@code broker:key=value} change one setting, to try a configuration without rebuilding.
 */
public final class OverheadBench {
  private static final Duration PATIENCE = Duration.ofMinutes(10);

  /** The step legs observer when {@code -Dbench.legs=true}. */
  private static StepLegs legs;

  private OverheadBench() {}

  public static void main(String[] args) throws Exception {
    String mode = args.length > 0 ? args[0] : "overhead";
    List<String> numbers = new ArrayList<>();
    Map<String, List<String>> extra = new HashMap<>(Map.of("tool-runner", new ArrayList<>(List.of("--agentline.tool-runner.concurrency=6"))));
    Map<String, String> broker = new HashMap<>();
    for (int i = 1; i < args.length; i++) {
      int colon = args[i].indexOf(':');
      if (colon < 0) {
        numbers.add(args[i]);
      } else if (args[i].startsWith("broker:")) {
        String[] kv = args[i].substring(colon + 1).split("=", 2);
        broker.put(kv[0], kv[1]);
      } else {
        List<String> serviceArgs = extra.computeIfAbsent(args[i].substring(0, colon), k -> new ArrayList<>());
        String setting = args[i].substring(colon + 1);
        serviceArgs.removeIf(a -> a.split("=", 2)[0].equals(setting.split("=", 2)[0]));
        serviceArgs.add(setting);
      }
    }
    quietLogging();
    EmbeddedSystem.lowerCompilerPriority(); // as the launcher does
    Path dir = Files.createTempDirectory("agentline-bench");
    // the broker's logs, PostgreSQL and the workspaces of a run take 2-3 GB: gone however the run ends (but kill -9)
    Runtime.getRuntime().addShutdownHook(new Thread(() -> FileSystemUtils.deleteRecursively(dir.toFile()), "bench-cleanup"));
    Path cassette = SampleRepository.copyResource("demo/cassette.yaml", dir);
    System.out.printf(Locale.ROOT, "agentline %s benchmark: %d cores, instant (replayed) models, exactly-once planner; settings %s %s%n",
        mode, Runtime.getRuntime().availableProcessors(), extra, broker);
    try (EmbeddedSystem system = EmbeddedSystem.start(new EmbeddedSystem.Settings(dir.resolve("system"), cassette, 6, 0, 0, false, extra, broker), m -> {});
        TaskDriver driver = new TaskDriver(system, dir)) {
      StepTimes steps = new StepTimes(system.context("planner").getBean(MeterRegistry.class));
      legs = Boolean.getBoolean("bench.legs") ? new StepLegs(system.bootstrapServers()) : null;
      boolean ok = mode.equals("load")
          ? load(driver, steps, number(numbers, 0, 100))
          : overhead(driver, steps, number(numbers, 0, 40), number(numbers, 1, 100), number(numbers, 2, 20), number(numbers, 3, 40),
              Duration.ofMillis(number(numbers, 4, 2000)));
      System.out.flush();
      if (!ok) System.exit(1);
    }
    System.exit(0);
  }

  private static boolean overhead(TaskDriver driver, StepTimes steps, int singleTasks, int concurrentTasks, int concurrency, int pacedTasks,
      Duration modelLatency) throws Exception {
    double[] raw = RawRoundTrip.measure(driver.system().bootstrapServers(), 500, 1500);
    double rawP50 = RawRoundTrip.percentile(raw, 50);
    double rawP99 = RawRoundTrip.percentile(raw, 99);
    System.out.printf(Locale.ROOT, "raw produce→consume round trip: p50 %6.2f ms  p99 %6.2f ms  (%d round trips)%n", rawP50, rawP99, raw.length);

    boolean ok = warmUp(driver, concurrency);

    Phase single = phase(driver, steps, singleTasks, 1, 0);
    Phase many = phase(driver, steps, concurrentTasks, concurrency, 0);
    List<Phase> phases = new ArrayList<>(List.of(single, many));
    if (pacedTasks > 0) phases.addAll(pacedPhases(driver, steps, pacedTasks, concurrency, modelLatency));
    System.out.println();
    System.out.println("step overhead: the step round trip, less the model's own time where the model is not instant");
    System.out.println("                                               p50 ms   p99 ms   max ms   steps   p50/raw  p99/raw  CPU ms/step  steps/s");
    System.out.printf(Locale.ROOT, "%-44s %8.2f %8.2f %8s %7d%n", "raw Kafka round trip", rawP50, rawP99, "", raw.length);
    for (Phase phase : phases) {
      StepTimes.Sample s = phase.overhead();
      String label = String.format(Locale.ROOT, "step, %2d in flight%s%s", phase.inFlight(),
          phase.modelMillis() > 0 ? String.format(Locale.ROOT, ", %d ms model", phase.modelMillis()) : "", phase.staggered() ? ", staggered" : "");
      System.out.printf(Locale.ROOT, "%-44s %8.2f %8.2f %8.1f %7d %8.1fx %7.1fx %11.2f %8.1f%n", label, s.p50(), s.p99(), s.max(),
          s.steps(), s.p50() / rawP50, s.p99() / rawP99, phase.cpuMsPerStep(), phase.stepsPerSecond());
    }
    System.out.println("targets: step p50 <= 10 ms, p99 <= 25 ms with 1 and 20 tasks in flight");
    return ok && phases.stream().allMatch(p -> p.failures().isEmpty());
  }

  /**
   * {@code tasks} tasks, {@code concurrency} in flight, whose models each take {@code modelLatency} before answering,
   * as a provider does ({@link PacedModels}). With instant models the tasks in flight form a closed loop that keeps
   * both cores busy, so a step there waits for the CPU that the other tasks' git work, audit and broker take; here
   * the same number of tasks is paced by its models, and the overhead is the step round trip less the model's time.
   * The steps are served by a worker started for this phase with {@code concurrency} consumers a role (a replica
   * per task, as ops would scale for slow models); the first worker stops. {@code concurrency} tasks warm it up first.
   *
   * <p>Twice: the {@code concurrency} tasks submitted at once, and then submitted {@code modelLatency / concurrency}
   * apart. Submitted at once, with every model taking the same time, the tasks go in lockstep: each model step of all
   * of them ends in the same few milliseconds, and their next steps' work (the planner's, the tool runner's git work and
   * tests, the audit's) comes as one burst, which tickets arriving at different times would not make.
   */
  private static List<Phase> pacedPhases(TaskDriver driver, StepTimes steps, int tasks, int concurrency, Duration modelLatency)
      throws Exception {
    EmbeddedSystem system = driver.system();
    PacedModels.latency = modelLatency;
    system.startWorker(List.of("--spring.main.sources=" + PacedModels.class.getName(),
        "--agentline.worker.consumers-per-role=" + concurrency));
    system.stopWorker("worker");
    System.out.printf(Locale.ROOT, "models now take %d ms; %d consumers a role; warm-up: %d tasks at once%n", modelLatency.toMillis(),
        concurrency, concurrency);
    // the new worker's first steps (its consumers joining their share groups, its code paths compiled) are not measured,
    // as the other phases' are not
    boolean warm = TaskDriver.failures(driver.run(driver.origins(concurrency), concurrency, PATIENCE)).isEmpty();
    Phase lockstep = phase(driver, steps, tasks, concurrency, modelLatency.toMillis(), Duration.ZERO);
    Phase staggered = phase(driver, steps, tasks, concurrency, modelLatency.toMillis(), modelLatency.dividedBy(concurrency));
    return warm ? List.of(lockstep, staggered) : List.of(lockstep.failing("the paced warm-up's tasks did not all end DONE"), staggered);
  }

  /**
   * Rounds of 5 tasks one at a time and then {@code concurrency} at once, until the JIT compilers settle: a round in
   * which they took under {@value #SETTLED_JIT_SHARE} of one core, at most {@value #MAX_WARM_UP_ROUNDS} rounds. The
   * whole system in one JVM is ~24 000 compiled methods; after one round the compilers still took half of the two cores
   * while steps were measured, which is not how a service that has run for a while behaves.
   */
  private static boolean warmUp(TaskDriver driver, int concurrency) throws Exception {
    boolean ok = true;
    for (int round = 1; round <= MAX_WARM_UP_ROUNDS; round++) {
      long jit = jitMillis();
      long start = System.nanoTime();
      ok &= TaskDriver.failures(driver.run(driver.origins(5), 1, PATIENCE)).isEmpty();
      ok &= TaskDriver.failures(driver.run(driver.origins(concurrency), concurrency, PATIENCE)).isEmpty();
      double share = jitShareSince(jit, start);
      System.out.printf(Locale.ROOT, "warm-up round %d: 5 tasks one at a time, then %d at once; JIT compilers took %.0f %% of a core%n",
          round, concurrency, share * 100);
      if (share < SETTLED_JIT_SHARE) break;
    }
    return ok;
  }

  private static final double SETTLED_JIT_SHARE = 0.15;
  private static final int MAX_WARM_UP_ROUNDS = Integer.getInteger("bench.max-warm-up-rounds", 60);

  /** The share of one core the JIT compilers have taken since {@code jitMillis} and {@code startNanos} were read. */
  private static double jitShareSince(long jitMillis, long startNanos) {
    return (jitMillis() - jitMillis) / ((System.nanoTime() - startNanos) / 1e6);
  }

  /** Time the JIT compilers have spent compiling, summed over their threads. */
  private static long jitMillis() {
    return ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
  }

  private static boolean load(TaskDriver driver, StepTimes steps, int tasks) throws Exception {
    System.out.println("warm-up: 5 tasks at once");
    driver.run(driver.origins(5), 5, PATIENCE);
    Phase phase = phase(driver, steps, tasks, tasks, 0);
    System.out.printf(Locale.ROOT, "%d tasks submitted at once: %d DONE in %.1f s = %.2f tasks/s; %.1f model steps/s%n", tasks,
        tasks - phase.failures().size(), phase.seconds(), tasks / phase.seconds(), phase.stepsPerSecond());
    System.out.println("step overhead (StepRequest emitted → StepResult processed, as the planner sees it): " + phase.sample().format());
    System.out.printf(Locale.ROOT, "CPU per model step (whole process: broker, services, git): %.2f ms%n", phase.cpuMsPerStep());
    phase.failures().forEach(f -> System.out.println("NOT DONE: " + f));
    return phase.failures().isEmpty();
  }

  /** One measured run of {@code tasks} tasks, {@code inFlight} at a time, whose model calls each take {@code modelMillis}. */
  private static Phase phase(TaskDriver driver, StepTimes steps, int tasks, int inFlight, long modelMillis) throws Exception {
    return phase(driver, steps, tasks, inFlight, modelMillis, Duration.ZERO);
  }

  /** Like the above, the first {@code inFlight} tasks submitted {@code stagger} apart. */
  private static Phase phase(TaskDriver driver, StepTimes steps, int tasks, int inFlight, long modelMillis, Duration stagger) throws Exception {
    List<Path> origins = driver.origins(tasks);
    System.out.printf(Locale.ROOT, "measuring: %d tasks, %d in flight%s%n", tasks, inFlight,
        stagger.isZero() ? "" : String.format(Locale.ROOT, ", the first %d submitted %d ms apart", inFlight, stagger.toMillis()));
    steps.reset();
    Map<String, Double> commitsBefore = legs != null ? new CommitTimes().snapshot() : null;
    BrokerRequests.Snapshot requestsBefore = legs != null ? new BrokerRequests().snapshot() : null;
    ThreadCpu threadCpu = Boolean.getBoolean("bench.cpu") ? new ThreadCpu() : null;
    long cpu = ThreadCpu.processCpuNanos();
    long jit = jitMillis();
    long start = System.nanoTime();
    List<TaskEvent> ends = driver.run(origins, inFlight, PATIENCE, stagger);
    List<String> failures = TaskDriver.failures(ends);
    double seconds = (System.nanoTime() - start) / 1e9;
    long cpuNanos = ThreadCpu.processCpuNanos() - cpu;
    StepTimes.Sample sample = steps.sample();
    System.out.printf(Locale.ROOT, "  %s; %.1f s; JIT compilers took %.0f %% of a core%n", sample.format(), seconds,
        jitShareSince(jit, start) * 100);
    if (threadCpu != null) System.out.print(threadCpu.format(sample.steps()));
    if (legs != null) {
      System.out.print(legs.format(ends.stream().map(e -> e.getMeta().getTaskId()).collect(java.util.stream.Collectors.toSet())));
      System.out.print(CommitTimes.format(commitsBefore, new CommitTimes().snapshot()));
      System.out.print(BrokerRequests.format(requestsBefore, new BrokerRequests().snapshot(), sample.steps()));
    }
    return new Phase(inFlight, sample, seconds, cpuNanos / 1e6 / Math.max(1, sample.steps()), failures, modelMillis, !stagger.isZero());
  }

  /** One measured run; {@code modelMillis} is what each model call took (0: instant); {@code staggered}: its first tasks came apart. */
  private record Phase(int inFlight, StepTimes.Sample sample, double seconds, double cpuMsPerStep, List<String> failures, long modelMillis,
      boolean staggered) {
    Phase failing(String failure) {
      List<String> all = new ArrayList<>(failures);
      all.add(failure);
      return new Phase(inFlight, sample, seconds, cpuMsPerStep, all, modelMillis, staggered);
    }

    double stepsPerSecond() {
      return sample.steps() / seconds;
    }

    /** The step round trips less the model's time: every model call took the same time, so each percentile moves by it. */
    StepTimes.Sample overhead() {
      return new StepTimes.Sample(sample.steps(), sample.p50() - modelMillis, sample.p99() - modelMillis, sample.max() - modelMillis);
    }
  }

  private static int number(List<String> numbers, int index, int otherwise) {
    return numbers.size() > index ? Integer.parseInt(numbers.get(index)) : otherwise;
  }

  /** Warnings only, before the broker starts (the services get {@code logging.level.root=WARN}). */
  private static void quietLogging() {
    ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(ch.qos.logback.classic.Level.WARN);
  }
}
