package dev.agentline.toolrunner.tools;

import dev.agentline.schemas.TestRun;
import dev.agentline.schemas.ToolRequest;
import dev.agentline.schemas.ToolResult;
import dev.agentline.toolrunner.sandbox.CommandRunner;
import dev.agentline.toolrunner.workspace.Workspace;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;

/**
 * RUN_TESTS: runs the command with {@code sh -c} in the workspace (stdout and stderr merged,
 * process tree killed on timeout). The result is ok whenever the command ran, passing or not; the
 * verdict is in {@link TestRun}. Only a command that cannot be started is ok=false.
 */
final class RunTestsTool implements Tool {
  private final ToolLimits limits;
  private final CommandRunner runner;

  RunTestsTool(ToolLimits limits, CommandRunner runner) {
    this.limits = limits;
    this.runner = runner;
  }

  @Override
  public ToolResult.Builder run(Workspace workspace, ToolRequest request) {
    String command = request.getCommand();
    if (command == null || command.isBlank()) throw new ToolFailure("RUN_TESTS needs a command");
    Duration timeout = limits.testTimeout(request.getTimeoutSeconds());
    CommandRunner.Outcome outcome;
    try {
      outcome = runner.run(command, workspace.dir(), timeout);
    } catch (IOException e) {
      throw new ToolFailure("cannot run the test command: " + e.getMessage(), e);
    }
    TestRun run = testRun(outcome, timeout);
    return Tool.ok(outcome.notes() + run.getSummary()).setTests(run);
  }

  static TestRun testRun(CommandRunner.Outcome outcome, Duration timeout) {
    boolean passed = !outcome.timedOut() && outcome.exitCode() == 0;
    return TestRun.newBuilder()
        .setExitCode(outcome.exitCode())
        .setPassed(passed)
        .setTimedOut(outcome.timedOut())
        .setSummary(summary(outcome, timeout))
        .setOutputTail(outcome.outputTail())
        .setDurationMs(outcome.duration().toMillis())
        .build();
  }

  static String summary(CommandRunner.Outcome outcome, Duration timeout) {
    if (outcome.timedOut()) return "timed out after " + timeout.toSeconds() + " s";
    String took = String.format(Locale.ROOT, "%.1f s", outcome.duration().toMillis() / 1000.0);
    if (outcome.exitCode() == 0) return "tests passed (exit 0) in " + took;
    String last = Text.lastNonEmptyLine(outcome.outputTail());
    return "tests failed (exit " + outcome.exitCode() + ") in " + took + (last.isEmpty() ? "" : ": " + last);
  }
}
