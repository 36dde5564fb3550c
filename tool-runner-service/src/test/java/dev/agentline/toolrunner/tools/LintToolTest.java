package dev.agentline.toolrunner.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentline.schemas.TestRun;
import dev.agentline.schemas.ToolName;
import dev.agentline.schemas.ToolResult;
import org.junit.jupiter.api.Test;

class LintToolTest extends ToolTestSupport {

  @Test
  void passesWhenTheLintCommandExitsZero() {
    ToolResult result = runOk(request(ToolName.LINT).setCommand("sh test.sh && echo 'no issues'"));

    TestRun lint = result.getTests();
    assertThat(lint.getPassed()).isTrue();
    assertThat(lint.getSummary()).isEqualTo("lint passed");
    assertThat(lint.getOutputTail()).isEqualTo("no issues\n");
    assertThat(result.getOutput()).isEqualTo("lint passed");
  }

  @Test
  void failsWithTheLastOutputLineAndStaysOk() {
    ToolResult result = runOk(request(ToolName.LINT).setCommand("echo checking; echo 'src/Greeter.java:3: missing final newline' >&2; exit 1"));

    TestRun lint = result.getTests();
    assertThat(lint.getPassed()).isFalse();
    assertThat(lint.getExitCode()).isEqualTo(1);
    assertThat(lint.getSummary()).isEqualTo("lint failed (exit 1): src/Greeter.java:3: missing final newline");
  }

  @Test
  void readsNoTestReports() {
    ToolResult result = runOk(request(ToolName.LINT).setCommand(
        "mkdir -p target/surefire-reports && echo '<testsuite name=\"A\"><testcase name=\"a\" classname=\"A\"><failure/></testcase></testsuite>'"
            + " > target/surefire-reports/TEST-A.xml"));

    assertThat(result.getTests().getPassed()).isTrue();
    assertThat(result.getTests().getReportsFound()).isFalse();
    assertThat(result.getTests().getFailures()).isEmpty();
  }

  @Test
  void timesOutLikeATestRun() {
    ToolResult result = runOk(request(ToolName.LINT).setCommand("sleep 5").setTimeoutSeconds(1));

    assertThat(result.getTests().getTimedOut()).isTrue();
    assertThat(result.getTests().getPassed()).isFalse();
    assertThat(result.getTests().getSummary()).isEqualTo("lint timed out after 1 s");
  }

  @Test
  void failsWithoutACommand() {
    ToolResult result = run(request(ToolName.LINT));

    assertThat(result.getOk()).isFalse();
    assertThat(result.getError()).isEqualTo("LINT needs a command");
  }
}
