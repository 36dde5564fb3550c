package dev.agentline.toolrunner.sandbox;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Runs one shell command ({@code sh -c}) of RUN_TESTS or LINT in a workspace: the command must be
 * on the {@link CommandAllowList} ({@link CommandRefusedException} otherwise); the workspace's
 * dependencies are resolved first when they need to be ({@link DependencyResolution}, with network);
 * then the command runs in the {@link Sandbox} without network, stdout and stderr merged, no stdin,
 * with a deadline after which the whole process tree is killed. Only the tail of the output is kept.
 */
public final class CommandRunner {
  private static final int RESOLUTION_TAIL_CHARS = 1500;

  private final int tailChars;
  private final Sandbox sandbox;
  private final CommandAllowList allowed;
  private final DependencyResolution resolution;

  /**
   * Sandboxed by default: bubblewrap from PATH with the default caches, environment and CPU limit;
   * any command allowed and no dependency resolution (the service configures both).
   */
  public CommandRunner(int tailChars) {
    this(tailChars, Sandbox.defaults(), CommandAllowList.ANY, DependencyResolution.none());
  }

  public CommandRunner(int tailChars, Sandbox sandbox, CommandAllowList allowed, DependencyResolution resolution) {
    if (tailChars < 1) throw new IllegalArgumentException("tailChars must be >= 1, was " + tailChars);
    this.tailChars = tailChars;
    this.sandbox = sandbox;
    this.allowed = allowed;
    this.resolution = resolution;
  }

  /**
   * What a finished (or killed) command left behind. exitCode is -1 when it was killed on timeout.
   * {@code notes}: lines for the tool's output about what happened around the command (dependency
   * resolution, the CPU limit), each ending with a line break; empty when there is nothing to say.
   */
  public record Outcome(int exitCode, boolean timedOut, String outputTail, Duration duration, String notes) {
    public Outcome(int exitCode, boolean timedOut, String outputTail, Duration duration) {
      this(exitCode, timedOut, outputTail, duration, "");
    }
  }

  public Sandbox sandbox() {
    return sandbox;
  }

  /**
   * Checks the command against the allow-list, resolves dependencies if needed, and runs it
   * without network. Throws IOException only when it could not be started at all.
   */
  public Outcome run(String command, Path workingDir, Duration timeout) throws IOException {
    allowed.check(command);
    StringBuilder notes = new StringBuilder();
    resolveDependencies(workingDir, notes);
    ProcessRun.Result result = ProcessRun.run(sandbox.command(command, workingDir, false), sandbox.environment(), workingDir, timeout,
        tailChars);
    if (!result.timedOut() && result.exitCode() == Sandbox.CPU_LIMIT_EXIT) {
      notes.append("exit ").append(Sandbox.CPU_LIMIT_EXIT).append(": a process used more than the CPU-time limit of ")
          .append(sandbox.cpuSeconds()).append(" s (agentline.sandbox.cpu-seconds) and was stopped\n");
    }
    return new Outcome(result.exitCode(), result.timedOut(), result.output(), result.duration(), notes.toString());
  }

  private void resolveDependencies(Path workspace, StringBuilder notes) throws IOException {
    Optional<String> found = resolution.commandFor(workspace);
    if (found.isEmpty()) return;
    String command = found.get();
    String fingerprint = DependencyResolution.fingerprint(workspace, command);
    if (resolution.isCurrent(workspace, fingerprint)) return;
    try {
      allowed.check(command);
    } catch (CommandRefusedException e) {
      if (resolution.configured()) throw new CommandRefusedException("dependency resolution: " + e.getMessage());
      notes.append("dependency resolution skipped: ").append(e.getMessage()).append('\n');
      return;
    }
    ProcessRun.Result result = ProcessRun.run(sandbox.command(command, workspace, true), sandbox.environment(), workspace,
        resolution.timeout(), RESOLUTION_TAIL_CHARS);
    String took = String.format(Locale.ROOT, "%.1f s", result.duration().toMillis() / 1000.0);
    if (!result.timedOut() && result.exitCode() == 0) {
      resolution.resolved(workspace, fingerprint);
      notes.append("dependencies resolved with network before the run (build files new or changed): `").append(command)
          .append("` in ").append(took).append('\n');
      return;
    }
    notes.append("dependency resolution with network failed: `").append(command).append("` ")
        .append(result.timedOut() ? "timed out after " + resolution.timeout().toSeconds() + " s" : "exited with " + result.exitCode() + " in " + took)
        .append("; the command then ran without network anyway, and resolution is tried again before the next run");
    String output = result.output().strip();
    notes.append(output.isEmpty() ? "\n" : ". Its output ends:\n" + output + "\n");
  }
}
