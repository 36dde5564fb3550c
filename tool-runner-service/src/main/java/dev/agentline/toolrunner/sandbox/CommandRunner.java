package dev.agentline.toolrunner.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one shell command ({@code sh -c}) in a workspace with stdout and stderr merged, no stdin,
 * and a deadline; on timeout the whole process tree is killed, so a test run cannot outlive its
 * request. Only the tail of the output is kept.
 */
public final class CommandRunner {
  private final int tailChars;

  public CommandRunner(int tailChars) {
    if (tailChars < 1) throw new IllegalArgumentException("tailChars must be >= 1, was " + tailChars);
    this.tailChars = tailChars;
  }

  /** What a finished (or killed) command left behind. exitCode is -1 when it was killed on timeout. */
  public record Outcome(int exitCode, boolean timedOut, String outputTail, Duration duration) {}

  /** Runs the command; throws IOException only when it could not be started at all. */
  public Outcome run(String command, Path workingDir, Duration timeout) throws IOException {
    long start = System.nanoTime();
    ProcessBuilder builder = new ProcessBuilder(List.of("sh", "-c", command))
        .directory(workingDir.toFile())
        .redirectErrorStream(true)
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
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
      throw new IOException("interrupted while running: " + command, e);
    }
    if (!finished) killTree(process);
    int exit = finished ? process.exitValue() : -1;
    try {
      // A grandchild that escaped the kill may still hold the pipe; do not wait for it forever.
      reader.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return new Outcome(exit, !finished, tail.text(), Duration.ofNanos(System.nanoTime() - start));
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
