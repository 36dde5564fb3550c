package dev.agentline.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A lower CPU priority (a higher nice value) for the threads and processes that do batch work: the tool runner's
 * requests (git work, and the tests and linters they start, which inherit it) and the audit's ingest, indexer and
 * embedded database, and the JIT compilers of the one-JVM launcher. Where all services share a machine (the embedded
 * system), they then yield the CPU to the step path (planner, worker, broker) and take what is left: a model step no
 * longer waits behind another task's git work, and the tasks go nearly as fast as before (agentline-cli/README.md,
 * session 16). Deployed apart, each service has its own CPUs and this changes little.
 *
 * <p>Linux only, best effort: a thread finds its own id in {@code /proc/thread-self} and {@code renice} sets it
 * (lowering a priority needs no privilege). Elsewhere, or when that fails, it logs once and does nothing.
 * {@code nice} 0 leaves everything as it is.
 */
public final class CpuPriority {
  private static final Logger log = LoggerFactory.getLogger(CpuPriority.class);
  private static final Path THREAD_SELF = Path.of("/proc/thread-self");

  private final int nice;
  private final String what;
  private final ThreadLocal<Boolean> lowered = ThreadLocal.withInitial(() -> false);
  private volatile boolean failed;

  /**
   * @param nice the nice value to set, 0 (nothing changes) to 19 (the lowest priority)
   * @param what whose work it is, for the log
   */
  public CpuPriority(int nice, String what) {
    if (nice < 0 || nice > 19) throw new IllegalArgumentException("a nice value for " + what + " is 0 to 19, not " + nice);
    this.nice = nice;
    this.what = what;
  }

  public int nice() {
    return nice;
  }

  /** Lowers the calling thread's priority, the first time it is called on that thread; then costs a thread-local read. */
  public void lowerThisThread() {
    if (nice == 0 || failed || lowered.get()) return;
    lowered.set(true);
    try {
      // "<pid>/task/<tid>"
      renice(Files.readSymbolicLink(THREAD_SELF).getFileName().toString());
    } catch (IOException | UnsupportedOperationException e) {
      giveUp(e.toString());
    }
  }

  /**
   * Lowers the priority of this process's threads whose names Linux shows (cut to 15 characters) start with one of
   * {@code prefixes}: for threads the JVM starts, such as its JIT compilers ({@code "C1 CompilerThre"},
   * {@code "C2 CompilerThre"}). Threads started later keep their priority. Returns how many it lowered.
   */
  public int lowerThreadsNamed(String... prefixes) {
    if (nice == 0 || failed) return 0;
    int count = 0;
    try {
      for (Map.Entry<Path, String> thread : threadNames().entrySet()) {
        for (String prefix : prefixes) {
          if (thread.getValue().startsWith(prefix)) {
            renice(thread.getKey().getFileName().toString());
            count++;
            break;
          }
        }
      }
    } catch (IOException | UnsupportedOperationException e) {
      giveUp(e.toString());
    }
    return failed ? 0 : count;
  }

  /**
   * This process's threads as Linux shows them: each one's {@code /proc/self/task/<tid>} directory and its name, cut to
   * 15 characters. A thread that ends while they are read is left out.
   */
  public static Map<Path, String> threadNames() throws IOException {
    Map<Path, String> names = new LinkedHashMap<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
      for (Path task : tasks.toList()) {
        try {
          names.put(task, Files.readString(task.resolve("comm")).strip());
        } catch (IOException ended) {
          // the thread ended meanwhile
        }
      }
    }
    return names;
  }

  /** The nice value of a process or thread, from its {@code /proc} directory (e.g. {@code /proc/self}). */
  public static int niceOf(Path proc) throws IOException {
    return niceInStat(Files.readString(proc.resolve("stat")));
  }

  /** The nice value in the text of a {@code /proc/…/stat} file: field 19, counted after the name in brackets, which may hold spaces. */
  public static int niceInStat(String stat) {
    return Integer.parseInt(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[16]);
  }

  /** Lowers the priority of a running process and of its descendants; those it starts later inherit it. */
  public void lowerProcessTree(long pid) {
    if (nice == 0 || failed) return;
    ProcessHandle.of(pid).ifPresent(root -> {
      try (Stream<ProcessHandle> tree = Stream.concat(Stream.of(root), root.descendants())) {
        tree.forEach(process -> renice(Long.toString(process.pid())));
      }
    });
  }

  private void renice(String id) {
    if (failed) return;
    try {
      // an absolute value without -n: util-linux, BSD and busybox read it the same way
      Process renice = new ProcessBuilder("renice", Integer.toString(nice), "-p", id).redirectErrorStream(true).start();
      String output = new String(renice.getInputStream().readAllBytes()).strip();
      if (!renice.waitFor(10, TimeUnit.SECONDS) || renice.exitValue() != 0) {
        // a process that ended meanwhile is no failure
        if (ProcessHandle.of(Long.parseLong(id)).map(ProcessHandle::isAlive).orElse(false)) giveUp("renice " + id + ": " + output);
      }
    } catch (IOException e) {
      giveUp(e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void giveUp(String why) {
    if (failed) return;
    failed = true;
    log.warn("cannot lower the CPU priority of {} to nice {} ({}); it keeps the priority it has", what, nice, why);
  }
}
