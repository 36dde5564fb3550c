package dev.agentline.platform;

import static dev.agentline.platform.CpuPriority.niceOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** Nice values read back from /proc, as the kernel has them. */
@EnabledOnOs(OS.LINUX)
class CpuPriorityTest {

  @Test
  void aThreadLowersOnlyItselfAndTheCommandsItStarts() throws Exception {
    CpuPriority priority = new CpuPriority(7, "a test");
    int before = niceOf(Path.of("/proc/thread-self"));

    CompletableFuture<int[]> lowered = CompletableFuture.supplyAsync(() -> {
      priority.lowerThisThread();
      priority.lowerThisThread(); // the second call finds it done
      try {
        Process child = new ProcessBuilder("sleep", "5").start();
        try {
          return new int[] {niceOf(Path.of("/proc/thread-self")), niceOf(Path.of("/proc/" + child.pid()))};
        } finally {
          child.destroy();
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }, runnable -> new Thread(runnable, "lowered").start());

    assertThat(lowered.get(30, TimeUnit.SECONDS)).containsExactly(7, 7);
    assertThat(niceOf(Path.of("/proc/thread-self"))).as("the calling thread").isEqualTo(before);
  }

  @Test
  void aProcessTreeIsLoweredWholeAndWhatItStartsLaterInheritsIt() throws Exception {
    // a shell that starts one child now and another when told, as a postmaster starts backends
    Process shell = new ProcessBuilder("sh", "-c", "sleep 30 & read line; sleep 30 & wait").start();
    try {
      ProcessHandle first = awaitChildren(shell, 1);
      new CpuPriority(12, "a test").lowerProcessTree(shell.pid());
      shell.getOutputStream().write("go\n".getBytes());
      shell.getOutputStream().flush();
      ProcessHandle second = awaitChildren(shell, 2);

      assertThat(niceOf(Path.of("/proc/" + shell.pid()))).isEqualTo(12);
      assertThat(niceOf(Path.of("/proc/" + first.pid()))).isEqualTo(12);
      assertThat(niceOf(Path.of("/proc/" + second.pid()))).isEqualTo(12);
    } finally {
      shell.descendants().forEach(ProcessHandle::destroy);
      shell.destroy();
    }
  }

  @Test
  void threadsAreFoundByTheirNameAsLinuxShowsIt() throws Exception {
    CountDownLatch done = new CountDownLatch(1);
    Thread named = new Thread(() -> {
      try {
        done.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "low-priority-helper-1"); // Linux keeps "low-priority-he"
    named.start();
    try {
      // the new thread gives itself its native name once it runs: wait for Linux to show it
      for (int i = 0; i < 500 && threadNamed("low-priority-he").isEmpty(); i++) Thread.sleep(10);
      int lowered = new CpuPriority(9, "a test").lowerThreadsNamed("low-priority-he", "no-such-thread");

      assertThat(lowered).isEqualTo(1);
      assertThat(niceOf(threadNamed("low-priority-he").orElseThrow())).isEqualTo(9);
      assertThat(niceOf(Path.of("/proc/thread-self"))).as("the caller").isNotEqualTo(9);
    } finally {
      done.countDown();
      named.join();
    }
  }

  @Test
  void niceZeroChangesNothing() throws Exception {
    Process child = new ProcessBuilder("sleep", "5").start();
    try {
      new CpuPriority(0, "a test").lowerProcessTree(child.pid());
      assertThat(niceOf(Path.of("/proc/" + child.pid()))).isEqualTo(niceOf(Path.of("/proc/self")));
    } finally {
      child.destroy();
    }
  }

  @Test
  void aNiceValueOutsideZeroToNineteenIsRefusedNamingWhoseItIs() {
    assertThatThrownBy(() -> new CpuPriority(20, "the tool runner's requests"))
        .hasMessage("a nice value for the tool runner's requests is 0 to 19, not 20");
    assertThatThrownBy(() -> new CpuPriority(-1, "x")).isInstanceOf(IllegalArgumentException.class);
  }

  /** The youngest child once there are {@code n}. */
  private static ProcessHandle awaitChildren(Process process, int n) throws InterruptedException {
    for (int i = 0; i < 500; i++) {
      var children = process.children().sorted((a, b) -> Long.compare(a.pid(), b.pid())).toList();
      if (children.size() >= n) return children.get(children.size() - 1);
      Thread.sleep(10);
    }
    throw new AssertionError("the shell did not start " + n + " children");
  }

  /** The /proc directory of this process's thread that Linux shows under {@code name}, if there is one. */
  private static Optional<Path> threadNamed(String name) throws Exception {
    return CpuPriority.threadNames().entrySet().stream().filter(t -> t.getValue().equals(name)).map(Map.Entry::getKey).findFirst();
  }
}
