package dev.agentline.planner.workflow;

import dev.agentline.schemas.TestFailure;
import dev.agentline.schemas.TestRun;

/** A test run as text for a model's feedback: the summary, each failing test with its message, then the output's tail. */
final class TestReport {
  static final int MAX_FAILURES = 10;

  private TestReport() {}

  static String describe(TestRun tests) {
    StringBuilder text = new StringBuilder(tests.getSummary());
    if (!tests.getFailures().isEmpty()) {
      text.append("\nFailing tests:");
      tests.getFailures().stream().limit(MAX_FAILURES).forEach(f -> text.append("\n- ").append(name(f)).append(" (")
          .append(f.getOutcome().name().toLowerCase(java.util.Locale.ROOT)).append(")").append(f.getMessage().isBlank() ? "" : ": " + f.getMessage().strip()));
      if (tests.getFailures().size() > MAX_FAILURES) text.append("\n- … ").append(tests.getFailures().size() - MAX_FAILURES).append(" more");
    }
    if (!tests.getOutputTail().isBlank()) text.append('\n').append(tests.getOutputTail());
    return text.toString();
  }

  static String name(TestFailure failure) {
    return failure.getTestClass() + "." + failure.getTestName();
  }
}
