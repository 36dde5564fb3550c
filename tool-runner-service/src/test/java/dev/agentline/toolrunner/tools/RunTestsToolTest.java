package dev.agentline.toolrunner.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentline.schemas.TestRun;
import dev.agentline.schemas.ToolName;
import dev.agentline.schemas.ToolResult;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RunTestsToolTest extends ToolTestSupport {

  @Test
  void reportsPassingTestsRunInTheWorkspace() {
    ToolResult result = runOk(request(ToolName.RUN_TESTS).setCommand("sh test.sh && echo all good"));

    TestRun tests = result.getTests();
    assertThat(tests.getPassed()).isTrue();
    assertThat(tests.getExitCode()).isZero();
    assertThat(tests.getTimedOut()).isFalse();
    assertThat(tests.getOutputTail()).isEqualTo("all good\n");
    assertThat(tests.getSummary()).matches("tests passed \\(exit 0\\) in \\d+\\.\\d s");
    assertThat(result.getOutput()).isEqualTo(tests.getSummary());
  }

  @Test
  void reportsFailingTestsWithTheLastOutputLineAndStaysOk() {
    ToolResult result = runOk(request(ToolName.RUN_TESTS).setCommand("echo compiling; echo 'FAILED: GreeterTest' >&2; echo; exit 3"));

    TestRun tests = result.getTests();
    assertThat(tests.getPassed()).isFalse();
    assertThat(tests.getExitCode()).isEqualTo(3);
    assertThat(tests.getOutputTail()).contains("compiling").contains("FAILED: GreeterTest");
    assertThat(tests.getSummary()).matches("tests failed \\(exit 3\\) in \\d+\\.\\d s: FAILED: GreeterTest");
  }

  @Test
  void killsTheProcessTreeOnTimeout() {
    long start = System.nanoTime();

    ToolResult result = runOk(request(ToolName.RUN_TESTS).setCommand("sleep 5 & sleep 5; wait").setTimeoutSeconds(1));

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
    TestRun tests = result.getTests();
    assertThat(tests.getTimedOut()).isTrue();
    assertThat(tests.getPassed()).isFalse();
    assertThat(tests.getSummary()).isEqualTo("timed out after 1 s");
    assertThat(ProcessHandle.current().descendants().filter(p -> p.info().command().orElse("").endsWith("sleep"))).isEmpty();
  }

  @Test
  void keepsOnlyTheTailOfLongOutput() {
    ToolResult result = runOk(request(ToolName.RUN_TESTS).setCommand("seq 1 20000"));

    String tail = result.getTests().getOutputTail();
    assertThat(tail).hasSize(4000).endsWith("\n20000\n");
  }

  @Test
  void failsWithoutACommand() {
    ToolResult result = run(request(ToolName.RUN_TESTS));

    assertThat(result.getOk()).isFalse();
    assertThat(result.getError()).isEqualTo("RUN_TESTS needs a command");
  }

  @Test
  void capsTheRequestedTimeoutAtTheMaximum() {
    ToolLimits limits = new ToolLimits(4000, Duration.ofSeconds(30), Duration.ofSeconds(60));

    assertThat(limits.testTimeout(0)).isEqualTo(Duration.ofSeconds(30));
    assertThat(limits.testTimeout(10)).isEqualTo(Duration.ofSeconds(10));
    assertThat(limits.testTimeout(3600)).isEqualTo(Duration.ofSeconds(60));
  }
}
