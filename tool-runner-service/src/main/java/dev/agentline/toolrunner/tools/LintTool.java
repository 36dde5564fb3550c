package dev.agentline.toolrunner.tools;

import dev.agentline.schemas.TestRun;
import dev.agentline.schemas.ToolRequest;
import dev.agentline.schemas.ToolResult;
import dev.agentline.toolrunner.sandbox.CommandRunner;
import dev.agentline.toolrunner.workspace.Workspace;
import java.time.Duration;

/**
 * LINT: runs the request's lint or format-check command as RUN_TESTS runs tests (same runner, same
 * timeout rules), without reading test reports. ok whenever the command ran; the verdict is the
 * exit code, in {@link TestRun#getPassed()}; summary {@code lint passed},
 * {@code lint failed (exit 1): <last output line>} or {@code lint timed out after 30 s}.
 */
final class LintTool implements Tool {
  private final ToolLimits limits;
  private final CommandRunner runner;

  LintTool(ToolLimits limits, CommandRunner runner) {
    this.limits = limits;
    this.runner = runner;
  }

  @Override
  public ToolResult.Builder run(Workspace workspace, ToolRequest request) {
    String command = Commands.required(request);
    Duration timeout = limits.testTimeout(request.getTimeoutSeconds());
    CommandRunner.Outcome outcome = Commands.run(runner, "lint", command, workspace.dir(), timeout);
    TestRun run = TestRun.newBuilder()
        .setExitCode(outcome.exitCode())
        .setPassed(!outcome.timedOut() && outcome.exitCode() == 0)
        .setTimedOut(outcome.timedOut())
        .setSummary(summary(outcome, timeout))
        .setOutputTail(outcome.outputTail())
        .setDurationMs(outcome.duration().toMillis())
        .build();
    return Tool.ok(outcome.notes() + run.getSummary()).setTests(run);
  }

  static String summary(CommandRunner.Outcome outcome, Duration timeout) {
    if (outcome.timedOut()) return "lint timed out after " + timeout.toSeconds() + " s";
    if (outcome.exitCode() == 0) return "lint passed";
    String last = Text.lastNonEmptyLine(outcome.outputTail());
    return "lint failed (exit " + outcome.exitCode() + ")" + (last.isEmpty() ? "" : ": " + last);
  }
}
