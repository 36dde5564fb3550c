package dev.agentline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The README's first command, as a newcomer runs it. */
class DemoCommandTest {
  @TempDir Path dir;

  @Test
  void theDemoEndsDoneAndPrintsTheOutcome() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DemoCommand demo = new DemoCommand();
    demo.out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    int exit = new CommandLine(demo).execute("--workdir", dir.toString());

    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(exit).as(out).isZero();
    assertThat(out).contains("on main, `sh run-tests.sh` fails (exit 1)", "-> RECEIVED", "-> PLANNING", "-> EXECUTING", "-> VALIDATING",
        "-> SUMMARIZING", "-> PR_OPENED", "-> DONE");
    assertThat(out).containsPattern("task t-[0-9a-f]{8} DONE: Calculator.add subtracts instead of adding");
    assertThat(out).containsPattern("branch: +agentline/t-[0-9a-f]{8}");
    assertThat(out).contains("s1 code-edit DONE", "s2 test-write DONE", "final tests:  tests passed", "/api/audit/search?q=", "wall time:");
  }
}
