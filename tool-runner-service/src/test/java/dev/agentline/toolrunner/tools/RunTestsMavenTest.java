package dev.agentline.toolrunner.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentline.schemas.TestFailure;
import dev.agentline.schemas.TestOutcome;
import dev.agentline.schemas.TestRun;
import dev.agentline.schemas.ToolName;
import dev.agentline.schemas.ToolRequest;
import dev.agentline.toolrunner.TestRepos;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootVersion;

/**
 * RUN_TESTS on a real Maven build: a small JUnit 5 project generated in the test, built offline
 * ({@code mvn -o}, so it also works in a sandbox without network). Its parent is the Spring Boot
 * parent this build itself uses, so Surefire, the compiler plugin and JUnit are the versions
 * already in the local repository.
 */
class RunTestsMavenTest extends ToolTestSupport {
  private static final String COMMAND = "mvn -B -o -q test";

  @BeforeEach
  void mavenProject() throws Exception {
    origin = TestRepos.origin(temp.resolve("calc"), Map.of(
        ".gitignore", "target/\n",
        "pom.xml", """
            <?xml version="1.0" encoding="UTF-8"?>
            <project xmlns="http://maven.apache.org/POM/4.0.0">
              <modelVersion>4.0.0</modelVersion>
              <parent>
                <groupId>org.springframework.boot</groupId>
                <artifactId>spring-boot-starter-parent</artifactId>
                <version>%s</version>
                <relativePath/>
              </parent>
              <groupId>demo</groupId>
              <artifactId>calc</artifactId>
              <version>1.0</version>
              <properties><java.version>17</java.version></properties>
              <dependencies>
                <dependency><groupId>org.junit.jupiter</groupId><artifactId>junit-jupiter</artifactId><scope>test</scope></dependency>
              </dependencies>
            </project>
            """.formatted(SpringBootVersion.getVersion()),
        "src/main/java/demo/Calc.java", """
            package demo;

            public final class Calc {
              public int add(int a, int b) {
                return a == 2 ? a + b + 1 : a + b;
              }
            }
            """,
        "src/test/java/demo/CalcTest.java", """
            package demo;

            import static org.junit.jupiter.api.Assertions.assertEquals;

            import org.junit.jupiter.api.Test;

            class CalcTest {
              @Test
              void addsSmallNumbers() {
                assertEquals(2, new Calc().add(1, 1));
              }

              @Test
              void addsTwoAndTwo() {
                assertEquals(4, new Calc().add(2, 2), "2 + 2");
              }
            }
            """));
  }

  @Test
  void failingTestReachesTheResultAndOneTestCanBeRunAlone() {
    TestRun all = runOk(tests(null)).getTests();

    assertThat(all.getPassed()).isFalse();
    assertThat(all.getExitCode()).isNotZero();
    assertThat(all.getReportsFound()).isTrue();
    assertThat(all.getPassedTests()).isEqualTo(1);
    assertThat(all.getFailedTests()).isEqualTo(1);
    TestFailure failure = all.getFailures().get(0);
    assertThat(all.getFailures()).hasSize(1);
    assertThat(failure.getTestClass()).isEqualTo("demo.CalcTest");
    assertThat(failure.getTestName()).isEqualTo("addsTwoAndTwo");
    assertThat(failure.getOutcome()).isEqualTo(TestOutcome.FAILED);
    assertThat(failure.getMessage()).isEqualTo("2 + 2 ==> expected: <4> but was: <5>");
    assertThat(failure.getTrace()).contains("at demo.CalcTest.addsTwoAndTwo(CalcTest.java:15)");
    assertThat(all.getSummary()).matches("1 passed, 1 failed, 0 errored, 0 skipped in \\d+\\.\\d s: CalcTest.addsTwoAndTwo");

    // the failing test's report of the first run is still in target/: it must not count now
    TestRun one = runOk(tests("CalcTest#addsSmallNumbers")).getTests();

    assertThat(one.getPassed()).as(one.getSummary() + "\n" + one.getOutputTail()).isTrue();
    assertThat(one.getPassedTests()).isEqualTo(1);
    assertThat(one.getFailedTests()).isZero();
    assertThat(one.getFailures()).isEmpty();

    TestRun none = runOk(tests("CalcTest#noSuchTest")).getTests();

    assertThat(none.getExitCode()).as(none.getOutputTail()).isZero();
    assertThat(none.getPassed()).isFalse();
    assertThat(none.getSummary()).startsWith("no test ran: the selector CalcTest#noSuchTest matched no test (exit 0)");
  }

  private ToolRequest.Builder tests(String selector) {
    return request(ToolName.RUN_TESTS).setCommand(COMMAND).setTestSelector(selector).setTimeoutSeconds(120);
  }
}
