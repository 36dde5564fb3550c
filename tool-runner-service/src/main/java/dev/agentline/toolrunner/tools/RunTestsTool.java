package dev.agentline.toolrunner.tools;

import dev.agentline.schemas.TestRun;
import dev.agentline.schemas.ToolRequest;
import dev.agentline.schemas.ToolResult;
import dev.agentline.toolrunner.sandbox.CommandRunner;
import dev.agentline.toolrunner.tools.reports.JUnitReports;
import dev.agentline.toolrunner.workspace.Workspace;
import java.io.IOException;
import java.time.Duration;

/**
 * RUN_TESTS: runs the repository's test command in the workspace (through the tool runner's
 * {@link CommandRunner}: stdout and stderr merged, process tree killed on timeout), narrowed to
 * {@code testSelector} when one is given ({@link TestSelector}), and reads the JUnit XML reports
 * the run wrote ({@link JUnitReports}: reports of earlier runs are deleted first, so a previous
 * run's failure never shows up in this one) into counts and failures.
 *
 * <p>The verdict ({@link TestRun#getPassed()}): the command exited 0 within its timeout, the
 * reports show no failed or errored test, and a narrowed Maven or Gradle run ran at least one test.
 * Exit 0 with failures in the reports ({@code -Dmaven.test.failure.ignore}, {@code || true}) is a
 * failure: the reports say what the tests did. Without reports the exit code alone decides.
 *
 * <p>The result is ok whenever the command ran, passing or not; ok=false only when it cannot be
 * started, or the selector is not valid or cannot be applied to the command.
 */
final class RunTestsTool implements Tool {
  static final int MAX_NAMES_IN_SUMMARY = 5;

  private final ToolLimits limits;
  private final CommandRunner runner;

  RunTestsTool(ToolLimits limits, CommandRunner runner) {
    this.limits = limits;
    this.runner = runner;
  }

  @Override
  public ToolResult.Builder run(Workspace workspace, ToolRequest request) throws IOException {
    TestSelector.Narrowed command = TestSelector.narrow(Commands.required(request), request.getTestSelector());
    Duration timeout = limits.testTimeout(request.getTimeoutSeconds());
    JUnitReports reports = JUnitReports.clearStale(workspace.dir(), workspace.trackedFiles());
    CommandRunner.Outcome outcome = Commands.run(runner, "test", command.command(), workspace.dir(), timeout);
    String mustRunATest = command.reportsExpected() ? request.getTestSelector().strip() : null;
    TestRun run = testRun(outcome, timeout, reports.collect(), mustRunATest);
    return Tool.ok(outcome.notes() + run.getSummary()).setTests(run);
  }

  /** {@code selector}: set when the run had to run at least one test (a narrowed Maven/Gradle run). */
  static TestRun testRun(CommandRunner.Outcome outcome, Duration timeout, JUnitReports.Totals reports, String selector) {
    boolean nothingMatched = selector != null && reports.passed() + reports.failing() == 0;
    boolean passed = !outcome.timedOut() && outcome.exitCode() == 0 && reports.failing() == 0 && !nothingMatched;
    return TestRun.newBuilder()
        .setExitCode(outcome.exitCode())
        .setPassed(passed)
        .setTimedOut(outcome.timedOut())
        .setSummary(summary(outcome, timeout, reports, nothingMatched ? selector : null))
        .setOutputTail(outcome.outputTail())
        .setDurationMs(outcome.duration().toMillis())
        .setReportsFound(reports.found())
        .setPassedTests(reports.passed())
        .setFailedTests(reports.failed())
        .setErroredTests(reports.errored())
        .setSkippedTests(reports.skipped())
        .setFailures(reports.failures())
        .build();
  }

  /**
   * {@code 12 passed, 2 failed, 1 errored, 3 skipped in 8.2 s: FooTest.adds, …} with reports;
   * {@code tests passed (exit 0) in 1.3 s} / {@code tests failed (exit 1) in 0.9 s: <last output line>}
   * without; {@code timed out after 30 s} first when killed; notes on unreadable reports last.
   */
  static String summary(CommandRunner.Outcome outcome, Duration timeout, JUnitReports.Totals reports, String unmatchedSelector) {
    String took = Commands.seconds(outcome.duration());
    String last = Text.lastNonEmptyLine(outcome.outputTail());
    String lastLine = last.isEmpty() ? "" : ": " + last;
    StringBuilder text = new StringBuilder();
    if (outcome.timedOut()) {
      text.append("timed out after ").append(timeout.toSeconds()).append(" s");
      if (reports.found()) text.append("; reports written before that: ").append(reports.counts());
    } else if (unmatchedSelector != null) {
      text.append("no test ran: the selector ").append(unmatchedSelector).append(" matched no test (exit ")
          .append(outcome.exitCode()).append(") in ").append(took).append(lastLine);
    } else if (reports.found()) {
      text.append(reports.counts()).append(" in ").append(took);
    } else if (outcome.exitCode() == 0) {
      text.append("tests passed (exit 0) in ").append(took);
    } else {
      text.append("tests failed (exit ").append(outcome.exitCode()).append(") in ").append(took).append(lastLine);
    }
    if (reports.failing() > 0) text.append(": ").append(reports.failingNames(MAX_NAMES_IN_SUMMARY));
    if (!outcome.timedOut() && reports.found() && unmatchedSelector == null) {
      if (outcome.exitCode() == 0 && reports.failing() > 0) text.append(" (the command exited 0, but the reports show failures)");
      if (outcome.exitCode() != 0 && reports.failing() == 0) text.append("; the command failed (exit ").append(outcome.exitCode()).append(")").append(lastLine);
    }
    for (String note : reports.notes()) text.append("; ").append(note);
    return text.toString();
  }
}
