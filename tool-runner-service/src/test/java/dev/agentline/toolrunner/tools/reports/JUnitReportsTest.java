package dev.agentline.toolrunner.tools.reports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentline.schemas.TestFailure;
import dev.agentline.schemas.TestOutcome;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real report shapes (Surefire 3.5, Failsafe, Gradle) from test resources, in a workspace laid out like a multi-module build. */
class JUnitReportsTest {
  @TempDir Path workspace;

  @Test
  void readsASurefireReportIntoCountsAndFailures() throws Exception {
    place("surefire/TEST-demo.CalcTest.xml", "target/surefire-reports");

    JUnitReports.Totals totals = collect();

    assertThat(totals.reports()).isEqualTo(1);
    assertThat(totals.counts()).isEqualTo("1 passed, 1 failed, 1 errored, 1 skipped");
    assertThat(totals.failures()).hasSize(2);
    TestFailure failed = totals.failures().get(0);
    assertThat(failed.getTestClass()).isEqualTo("demo.CalcTest");
    assertThat(failed.getTestName()).isEqualTo("addsTwoAndTwo");
    assertThat(failed.getOutcome()).isEqualTo(TestOutcome.FAILED);
    assertThat(failed.getMessage()).isEqualTo("2 + 2 ==> expected: <4> but was: <5>");
    assertThat(failed.getTrace()).startsWith("org.opentest4j.AssertionFailedError: 2 + 2 ==> expected: <4> but was: <5>\n")
        .endsWith("\tat demo.CalcTest.addsTwoAndTwo(CalcTest.java:7)");
    TestFailure errored = totals.failures().get(1);
    assertThat(errored.getTestName()).isEqualTo("throwsOnPurpose");
    assertThat(errored.getOutcome()).isEqualTo(TestOutcome.ERRORED);
    assertThat(errored.getMessage()).isEqualTo("boom <&> \"x\"");
    assertThat(errored.getTrace()).doesNotContain("some output");
    assertThat(totals.failingNames(5)).isEqualTo("CalcTest.addsTwoAndTwo, CalcTest.throwsOnPurpose");
    assertThat(totals.notes()).isEmpty();
  }

  @Test
  void countsParameterizedAndNestedCasesOneByOne() throws Exception {
    place("surefire/TEST-demo.SetupTest.xml", "target/surefire-reports");

    JUnitReports.Totals totals = collect();

    assertThat(totals.counts()).isEqualTo("3 passed, 1 failed, 0 errored, 0 skipped");
    assertThat(totals.failures()).singleElement().satisfies(failure -> {
      assertThat(failure.getTestName()).isEqualTo("positive(int)[3]");
      assertThat(failure.getMessage()).isEqualTo("n=3 ==> expected: <true> but was: <false>");
    });
  }

  @Test
  void aClassLevelErrorIsOneErroredTestNamedByItsClass() throws Exception {
    place("surefire/TEST-demo.BrokenSetupTest.xml", "target/surefire-reports");

    JUnitReports.Totals totals = collect();

    assertThat(totals.counts()).isEqualTo("0 passed, 0 failed, 1 errored, 0 skipped");
    assertThat(totals.failures().get(0).getTestName()).isEmpty();
    assertThat(totals.failures().get(0).getTrace()).contains("at demo.BrokenSetupTest.setUp(BrokenSetupTest.java:5)");
    assertThat(totals.failingNames(5)).isEqualTo("BrokenSetupTest");
  }

  @Test
  void readsGradleReports() throws Exception {
    place("gradle/TEST-com.example.parser.ParserTest.xml", "build/test-results/test");

    JUnitReports.Totals totals = collect();

    assertThat(totals.counts()).isEqualTo("1 passed, 1 failed, 0 errored, 1 skipped");
    TestFailure failure = totals.failures().get(0);
    assertThat(failure.getTestClass()).isEqualTo("com.example.parser.ParserTest");
    assertThat(failure.getTestName()).isEqualTo("rejectsUnclosedBrace()");
    assertThat(failure.getMessage()).isEqualTo("java.lang.AssertionError: \nExpecting code to raise a throwable.");
    assertThat(failure.getTrace()).contains("at app//com.example.parser.ParserTest.rejectsUnclosedBrace(ParserTest.java:31)");
  }

  @Test
  void keepsTheTestsOwnFrameWhenItIsDeeperThanTheFirstLines() throws Exception {
    place("failsafe/TEST-com.example.orders.OrderServiceIT.xml", "orders/target/failsafe-reports");

    TestFailure failure = collect().failures().get(0);

    List<String> lines = failure.getTrace().lines().toList();
    assertThat(lines).hasSize(JUnitReports.MAX_TRACE_LINES + 2);
    assertThat(lines.get(0)).isEqualTo("java.lang.NullPointerException: Cannot invoke \"java.util.List.isEmpty()\" because \"lines\" is null");
    assertThat(lines.get(1)).isEqualTo("\tat com.example.orders.Order.total(Order.java:44)");
    assertThat(lines.subList(10, 12)).containsExactly("\t...",
        "\tat com.example.orders.OrderServiceIT.refusesAnOrderWithoutLines(OrderServiceIT.java:38)");
    assertThat(failure.getTrace()).doesNotContain("chatty Spring Boot start-up log");
  }

  @Test
  void aTestThatPassedOnARerunIsPassedAndARerunFailureCountsOnce() throws Exception {
    place("surefire/TEST-demo.FlakyTest.xml", "target/surefire-reports");

    JUnitReports.Totals totals = collect();

    assertThat(totals.counts()).isEqualTo("1 passed, 1 failed, 0 errored, 0 skipped");
    assertThat(totals.failures()).extracting(TestFailure::getTestName).containsExactly("alwaysFails");
  }

  @Test
  void findsTheReportsOfEveryModuleButNotFixturesOrCopies() throws Exception {
    place("surefire/TEST-demo.CalcTest.xml", "core/target/surefire-reports");
    place("surefire/TEST-demo.SetupTest.xml", "core/target/surefire-reports");
    place("failsafe/TEST-com.example.orders.OrderServiceIT.xml", "services/orders/target/failsafe-reports");
    place("gradle/TEST-com.example.parser.ParserTest.xml", "cli/build/test-results/test");
    for (String decoy : List.of(".git/TEST-demo.CalcTest.xml", "core/src/test/resources/TEST-demo.CalcTest.xml",
        "core/target/test-classes/TEST-demo.CalcTest.xml", "cli/build/resources/test/TEST-demo.CalcTest.xml",
        "web/node_modules/reporter/TEST-demo.CalcTest.xml", "fixtures/TEST-demo.CalcTest.xml")) {
      place("surefire/TEST-demo.CalcTest.xml", decoy.substring(0, decoy.lastIndexOf('/')));
    }
    Files.createDirectories(workspace.resolve("linked"));
    Files.createSymbolicLink(workspace.resolve("linked/TEST-demo.Linked.xml"), resource("surefire/TEST-demo.CalcTest.xml"));

    List<Path> found = JUnitReports.find(workspace, Set.of("fixtures/TEST-demo.CalcTest.xml"));

    assertThat(found).map(path -> workspace.relativize(path).toString()).containsExactly(
        "cli/build/test-results/test/TEST-com.example.parser.ParserTest.xml",
        "core/target/surefire-reports/TEST-demo.CalcTest.xml",
        "core/target/surefire-reports/TEST-demo.SetupTest.xml",
        "services/orders/target/failsafe-reports/TEST-com.example.orders.OrderServiceIT.xml");
    JUnitReports.Totals totals = JUnitReports.read(workspace, found, List.of());
    assertThat(totals.reports()).isEqualTo(4);
    assertThat(totals.counts()).isEqualTo("6 passed, 3 failed, 2 errored, 2 skipped");
    assertThat(totals.failingNames(3)).isEqualTo("ParserTest.rejectsUnclosedBrace(), CalcTest.addsTwoAndTwo, CalcTest.throwsOnPurpose, … and 2 more");
  }

  @Test
  void clearingBeforeARunDeletesEarlierReportsOnly() throws Exception {
    Path stale = place("surefire/TEST-demo.CalcTest.xml", "core/target/surefire-reports");
    Path fixture = place("surefire/TEST-demo.CalcTest.xml", "core/src/test/resources");
    Path tracked = place("surefire/TEST-demo.CalcTest.xml", "fixtures");

    JUnitReports reports = JUnitReports.clearStale(workspace, List.of("fixtures/TEST-demo.CalcTest.xml"));

    assertThat(stale).doesNotExist();
    assertThat(fixture).exists();
    assertThat(tracked).exists();
    assertThat(reports.collect().found()).isFalse();
    place("surefire/TEST-demo.SetupTest.xml", "core/target/surefire-reports");
    assertThat(reports.collect().counts()).isEqualTo("3 passed, 1 failed, 0 errored, 0 skipped");
  }

  @Test
  void skipsUnreadableReportsWithANoteAndNeverReadsExternalEntities() throws Exception {
    place("surefire/TEST-demo.CalcTest.xml", "target/surefire-reports");
    place("malformed/TEST-demo.TruncatedTest.xml", "target/surefire-reports");
    place("malformed/TEST-demo.NotAReport.xml", "target/surefire-reports");
    place("malformed/TEST-demo.ExternalEntity.xml", "target/surefire-reports");
    Files.writeString(workspace.resolve("target/surefire-reports/TEST-demo.Empty.xml"), "");

    JUnitReports.Totals totals = collect();

    assertThat(totals.reports()).isEqualTo(1);
    assertThat(totals.counts()).isEqualTo("1 passed, 1 failed, 1 errored, 1 skipped");
    assertThat(totals.notes()).singleElement().asString()
        .startsWith("skipped 4 unreadable reports: target/surefire-reports/TEST-demo.Empty.xml: not well-formed XML (")
        .contains("target/surefire-reports/TEST-demo.ExternalEntity.xml: not well-formed XML (")
        .contains("target/surefire-reports/TEST-demo.NotAReport.xml: root element is <project>, not <testsuite> or <testsuites>")
        .endsWith("; and 1 more");
    String hostname = Files.exists(Path.of("/etc/hostname")) ? Files.readString(Path.of("/etc/hostname")).strip() : "";
    if (!hostname.isEmpty()) {
      assertThat(totals.failures()).noneMatch(failure -> failure.getTrace().contains(hostname) || failure.getMessage().contains(hostname));
    }
  }

  @Test
  void capsMessagesAndKeepsAtMostTheFirstFailures() throws Exception {
    String longMessage = "x".repeat(2000);
    String cases = IntStream.range(0, 40)
        .mapToObj(i -> "<testcase name=\"case" + i + "\" classname=\"demo.ManyTest\"><failure message=\"" + longMessage + "\">trace " + i + "</failure></testcase>")
        .collect(Collectors.joining("\n"));
    Path dir = Files.createDirectories(workspace.resolve("target/surefire-reports"));
    Files.writeString(dir.resolve("TEST-demo.ManyTest.xml"), "<testsuite name=\"demo.ManyTest\">\n" + cases + "\n</testsuite>\n");

    JUnitReports.Totals totals = collect();

    assertThat(totals.failed()).isEqualTo(40);
    assertThat(totals.failures()).hasSize(JUnitReports.MAX_FAILURES);
    assertThat(totals.failures().get(0).getMessage()).hasSize(JUnitReports.MAX_MESSAGE_CHARS).endsWith("x…");
    assertThat(totals.failingNames(2)).isEqualTo("ManyTest.case0, ManyTest.case1, … and 38 more");
  }

  @Test
  void aMessageMissingFromTheAttributeIsTheTracesFirstLine() throws Exception {
    Path dir = Files.createDirectories(workspace.resolve("target/surefire-reports"));
    Files.writeString(dir.resolve("TEST-demo.Junit4Test.xml"), """
        <?xml version="1.0" encoding="UTF-8"?>
        <testsuites>
          <testsuite name="demo.Junit4Test" tests="1" failures="1">
            <testcase name="works" classname="demo.Junit4Test">
              <failure type="java.lang.AssertionError"><![CDATA[java.lang.AssertionError: expected:<1> but was:<2>
        \tat org.junit.Assert.fail(Assert.java:89)
        \tat demo.Junit4Test.works(Junit4Test.java:9)
        ]]></failure>
            </testcase>
          </testsuite>
        </testsuites>
        """);

    TestFailure failure = collect().failures().get(0);

    assertThat(failure.getMessage()).isEqualTo("java.lang.AssertionError: expected:<1> but was:<2>");
    assertThat(failure.getTrace()).endsWith("at demo.Junit4Test.works(Junit4Test.java:9)");
  }

  private JUnitReports.Totals collect() throws IOException {
    return JUnitReports.read(workspace, JUnitReports.find(workspace, Set.of()), List.of());
  }

  /** Copies a report from test resources into {@code dir} of the workspace. */
  private Path place(String resource, String dir) throws IOException, URISyntaxException {
    Path target = Files.createDirectories(workspace.resolve(dir)).resolve(Path.of(resource).getFileName());
    return Files.copy(resource(resource), target);
  }

  private static Path resource(String name) throws URISyntaxException {
    return Path.of(JUnitReportsTest.class.getResource("/junit-reports/" + name).toURI());
  }
}
