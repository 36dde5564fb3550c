package dev.agentline.toolrunner.sandbox;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one argument list with exactly the given environment, stdout and stderr merged, no stdin,
 * and a deadline; on timeout the whole process tree is killed. Only the tail of the output is kept.
 */
final class ProcessRun {
  private ProcessRun() {}

  /** exitCode is -1 when the process was killed on timeout. */
  record Result(int exitCode, boolean timedOut, String output, Duration duration) {}

  /** Throws IOException only when the process could not be started at all. */
  static Result run(List<String> args, Map<String, String> environment, Path workingDir, Duration timeout, int tailChars)
      throws IOException {
    long start = System.nanoTime();
    ProcessBuilder builder = new ProcessBuilder(args)
        .directory(workingDir.toFile())
        .redirectErrorStream(true)
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    builder.environment().clear();
    builder.environment().putAll(environment);
    Process process = builder.start();
    TailBuffer tail = new TailBuffer(tailChars);
    Thread reader = new Thread(() -> drain(process.getInputStream(), tail), "tool-runner-output");
    reader.setDaemon(true);
    reader.start();
    boolean finished;
    try {
      finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      killTree(process);
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running: " + String.join(" ", args), e);
    }
    if (!finished) killTree(process);
    int exit = finished ? process.exitValue() : -1;
    try {
      // A grandchild that escaped the kill may still hold the pipe; do not wait for it forever.
      reader.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return new Result(exit, !finished, tail.text(), Duration.ofNanos(System.nanoTime() - start));
  }

  private static void killTree(Process process) {
    // Collect descendants first: once the shell dies its children are re-parented and lost to us.
    List<ProcessHandle> descendants = process.descendants().toList();
    process.destroyForcibly();
    descendants.forEach(ProcessHandle::destroyForcibly);
    try {
      process.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void drain(InputStream in, TailBuffer tail) {
    try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
      char[] buf = new char[8192];
      for (int n; (n = reader.read(buf)) >= 0; ) tail.append(buf, n);
    } catch (IOException closedByKill) {
      // the process was killed; what was read so far is the output
    }
  }

  /** Keeps the last {@code capacity} characters written to it. */
  static final class TailBuffer {
    private final int capacity;
    private final StringBuilder text = new StringBuilder();

    TailBuffer(int capacity) {
      this.capacity = capacity;
    }

    synchronized void append(char[] chars, int length) {
      text.append(chars, 0, length);
      // Trim in chunks so a chatty process does not cause a copy per read.
      if (text.length() > 2 * capacity) text.delete(0, text.length() - capacity);
    }

    synchronized String text() {
      return text.length() > capacity ? text.substring(text.length() - capacity) : text.toString();
    }
  }
}
