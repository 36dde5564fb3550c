package dev.agentline.toolrunner.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentline.schemas.TestOutcome;
import dev.agentline.schemas.TestRun;
import dev.agentline.schemas.ToolName;
import dev.agentline.schemas.ToolResult;
import dev.agentline.toolrunner.TestRepos;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RunTestsToolTest extends ToolTestSupport {
  private static final String REPORTS = "target/surefire-reports";
  private static final String PASSING_REPORT = "<testsuite name=\"demo.GreeterTest\"><testcase name=\"greets\" classname=\"demo.GreeterTest\"/></testsuite>";

  /** Build output is ignored, as in a real repository, so the workspace keeps it between requests. */
  @BeforeEach
  void ignoreBuildOutput() throws Exception {
    TestRepos.pushToOrigin(origin, temp.resolve("ignore"), "main", "ignore build output", tree -> {
      Files.writeString(tree.resolve(".gitignore"), "target/\n");
      // a stand-in for the Maven wrapper that prints what it was asked and runs no test
      Path mvnw = Files.writeString(tree.resolve("mvnw"), "#!/bin/sh\necho \"mvnw $*\"\n");
      Files.setPosixFilePermissions(mvnw, PosixFilePermissions.fromString("rwxr-xr-x"));
    });
  }

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
  void aRunInterruptedBecauseTheServiceStopsIsNotAnswered() throws Exception {
    prepare();
    CompletableFuture<ToolResult> run = new CompletableFuture<>();
    Thread thread = new Thread(() -> {
      try {
        run.complete(runner.run(request(ToolName.RUN_TESTS).setCommand("sleep 5").build()));
      } catch (RuntimeException e) {
        run.completeExceptionally(e);
      }
    });
    thread.start();
    Thread.sleep(1000);
    thread.interrupt();

    assertThatThrownBy(() -> run.get(10, TimeUnit.SECONDS)).cause().isInstanceOf(ToolRunInterrupted.class)
        .hasMessageContaining("RUN_TESTS").hasMessageContaining("left unanswered");
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

  @Test
  void readsTheJUnitReportsTheRunWrote() throws Exception {
    ToolResult result = runOk(request(ToolName.RUN_TESTS).setCommand(copyReport("surefire/TEST-demo.CalcTest.xml") + "; echo 'BUILD FAILURE'; exit 1"));

    TestRun tests = result.getTests();
    assertThat(tests.getPassed()).isFalse();
    assertThat(tests.getReportsFound()).isTrue();
    assertThat(tests.getPassedTests()).isEqualTo(1);
    assertThat(tests.getFailedTests()).isEqualTo(1);
    assertThat(tests.getErroredTests()).isEqualTo(1);
    assertThat(tests.getSkippedTests()).isEqualTo(1);
    assertThat(tests.getFailures()).hasSize(2);
    assertThat(tests.getFailures().get(0).getTestClass()).isEqualTo("demo.CalcTest");
    assertThat(tests.getFailures().get(0).getTestName()).isEqualTo("addsTwoAndTwo");
    assertThat(tests.getFailures().get(0).getMessage()).isEqualTo("2 + 2 ==> expected: <4> but was: <5>");
    assertThat(tests.getFailures().get(1).getOutcome()).isEqualTo(TestOutcome.ERRORED);
    assertThat(tests.getSummary()).matches("1 passed, 1 failed, 1 errored, 1 skipped in \\d+\\.\\d s: CalcTest.addsTwoAndTwo, CalcTest.throwsOnPurpose");
    assertThat(result.getOutput()).isEqualTo(tests.getSummary());
  }

  @Test
  void aPreviousRunsFailureDoesNotLeakIntoTheNext() throws Exception {
    TestRun first = runOk(request(ToolName.RUN_TESTS).setCommand(copyReport("surefire/TEST-demo.CalcTest.xml") + "; exit 1")).getTests();
    assertThat(first.getFailures()).isNotEmpty();
    assertThat(workspaceFile(REPORTS + "/TEST-demo.CalcTest.xml")).exists();

    TestRun second = runOk(request(ToolName.RUN_TESTS).setCommand(writeReport("TEST-demo.GreeterTest.xml", PASSING_REPORT))).getTests();

    assertThat(second.getPassed()).isTrue();
    assertThat(second.getFailures()).isEmpty();
    assertThat(second.getFailedTests() + second.getErroredTests()).isZero();
    assertThat(second.getPassedTests()).isEqualTo(1);
    assertThat(second.getSummary()).matches("1 passed, 0 failed, 0 errored, 0 skipped in \\d+\\.\\d s");
    assertThat(workspaceFile(REPORTS + "/TEST-demo.CalcTest.xml")).doesNotExist();

    TestRun third = runOk(request(ToolName.RUN_TESTS).setCommand("true")).getTests();
    assertThat(third.getReportsFound()).isFalse();
    assertThat(third.getPassedTests()).isZero();
    assertThat(third.getSummary()).matches("tests passed \\(exit 0\\) in \\d+\\.\\d s");
  }

  @Test
  void failuresInTheReportsFailTheRunEvenWhenTheCommandExitsZero() throws Exception {
    TestRun tests = runOk(request(ToolName.RUN_TESTS).setCommand(copyReport("surefire/TEST-demo.SetupTest.xml") + "; true")).getTests();

    assertThat(tests.getExitCode()).isZero();
    assertThat(tests.getPassed()).isFalse();
    assertThat(tests.getSummary()).matches("3 passed, 1 failed, 0 errored, 0 skipped in \\d+\\.\\d s: SetupTest.positive\\(int\\)\\[3\\]"
        + " \\(the command exited 0, but the reports show failures\\)");
  }

  @Test
  void aFailingCommandWithCleanReportsSaysWhy() throws Exception {
    TestRun tests = runOk(request(ToolName.RUN_TESTS).setCommand(writeReport("TEST-demo.GreeterTest.xml", PASSING_REPORT)
        + "; echo '[ERROR] COMPILATION ERROR in module web'; exit 2")).getTests();

    assertThat(tests.getPassed()).isFalse();
    assertThat(tests.getSummary()).matches("1 passed, 0 failed, 0 errored, 0 skipped in \\d+\\.\\d s;"
        + " the command failed \\(exit 2\\): \\[ERROR\\] COMPILATION ERROR in module web");
  }

  @Test
  void anUnreadableReportIsNotedNotFatal() throws Exception {
    TestRun tests = runOk(request(ToolName.RUN_TESTS).setCommand(writeReport("TEST-demo.Cut.xml", "<testsuite name=\"demo.Cut\"><testcase"))).getTests();

    assertThat(tests.getPassed()).isTrue();
    assertThat(tests.getReportsFound()).isFalse();
    assertThat(tests.getSummary()).matches("tests passed \\(exit 0\\) in \\d+\\.\\d s;"
        + " skipped 1 unreadable report: target/surefire-reports/TEST-demo.Cut.xml: not well-formed XML \\(.+\\)");
  }

  @Test
  void aTimedOutRunKeepsTheReportsWrittenBeforeTheKill() throws Exception {
    TestRun tests = runOk(request(ToolName.RUN_TESTS).setCommand(copyReport("surefire/TEST-demo.CalcTest.xml") + "; sleep 5").setTimeoutSeconds(1)).getTests();

    assertThat(tests.getTimedOut()).isTrue();
    assertThat(tests.getPassed()).isFalse();
    assertThat(tests.getFailures()).hasSize(2);
    assertThat(tests.getSummary()).isEqualTo("timed out after 1 s; reports written before that: 1 passed, 1 failed, 1 errored, 1 skipped:"
        + " CalcTest.addsTwoAndTwo, CalcTest.throwsOnPurpose");
  }

  @Test
  void putsTheSelectorQuotedAtThePlaceholder() {
    TestRun one = runOk(request(ToolName.RUN_TESTS).setCommand("echo running {test}").setTestSelector("Outer$Inner#add*")).getTests();
    TestRun all = runOk(request(ToolName.RUN_TESTS).setCommand("echo running {test}")).getTests();

    assertThat(one.getOutputTail()).isEqualTo("running Outer$Inner#add*\n");
    assertThat(all.getOutputTail()).isEqualTo("running\n");
  }

  @Test
  void aNarrowedMavenRunThatRanNoTestDidNotPass() {
    TestRun tests = runOk(request(ToolName.RUN_TESTS).setCommand("./mvnw -q test").setTestSelector("NoSuchTest#nothing")).getTests();

    assertThat(tests.getOutputTail()).isEqualTo("mvnw -q test -Dtest=NoSuchTest#nothing -Dsurefire.failIfNoSpecifiedTests=false\n");
    assertThat(tests.getExitCode()).isZero();
    assertThat(tests.getPassed()).isFalse();
    assertThat(tests.getSummary()).matches("no test ran: the selector NoSuchTest#nothing matched no test \\(exit 0\\) in \\d+\\.\\d s:"
        + " mvnw -q test -Dtest=NoSuchTest#nothing -Dsurefire.failIfNoSpecifiedTests=false");
  }

  @Test
  void refusesASelectorItCannotUseWithoutRunningAnything() {
    ToolResult invalid = run(request(ToolName.RUN_TESTS).setCommand("./mvnw test").setTestSelector("Foo; touch pwned"));
    ToolResult unnarrowable = run(request(ToolName.RUN_TESTS).setCommand("sh test.sh").setTestSelector("GreeterTest"));

    assertThat(invalid.getOk()).isFalse();
    assertThat(invalid.getError()).startsWith("test selector \"Foo; touch pwned\" is not valid");
    assertThat(unnarrowable.getOk()).isFalse();
    assertThat(unnarrowable.getError()).contains("cannot narrow the test command to GreeterTest", "{test} placeholder");
    assertThat(workspaceFile("pwned")).doesNotExist();
  }

  /** A shell command that copies a report from test resources into the workspace's report directory. */
  private static String copyReport(String resource) throws URISyntaxException {
    Path report = Path.of(RunTestsToolTest.class.getResource("/junit-reports/" + resource).toURI());
    return "mkdir -p " + REPORTS + " && cp '" + report + "' " + REPORTS + "/";
  }

  private static String writeReport(String name, String xml) {
    return "mkdir -p " + REPORTS + " && printf '%s' '" + xml + "' > " + REPORTS + "/" + name;
  }
}
