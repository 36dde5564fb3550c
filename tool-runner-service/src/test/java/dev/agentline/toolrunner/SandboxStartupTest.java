package dev.agentline.toolrunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentline.toolrunner.sandbox.CommandRunner;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The start-up check, as the launcher starts the service: no sandbox, no service, unless
 * configuration opts out explicitly. No broker is needed: the check runs before any consumer starts.
 */
@ExtendWith(OutputCaptureExtension.class)
class SandboxStartupTest {
  @TempDir Path temp;

  ConfigurableApplicationContext start(String... extra) {
    String[] args = new String[extra.length + 3];
    args[0] = "--spring.kafka.bootstrap-servers=127.0.0.1:1";
    args[1] = "--spring.main.web-application-type=none";
    args[2] = "--agentline.workspace.root=" + temp.resolve("workspaces");
    System.arraycopy(extra, 0, args, 3, extra.length);
    return new SpringApplicationBuilder(ToolRunnerApplication.class).run(args);
  }

  @Test
  void theServiceDoesNotStartWhenTheSandboxCannotAndSaysHowToOptOut() {
    assertThatThrownBy(() -> start("--agentline.sandbox.bwrap=/nonexistent/bwrap"))
        .rootCause()
        .hasMessageStartingWith("the sandbox for test and lint commands cannot start: cannot run /nonexistent/bwrap: ")
        .hasMessageEndingWith("Install bubblewrap (Debian: apt-get install -y bubblewrap) or point agentline.sandbox.bwrap at it;"
            + " to run commands WITHOUT a sandbox, set agentline.sandbox.mode=off explicitly");
  }

  @Test
  void withTheSandboxOffItStartsAndWarnsLoudly(CapturedOutput output) {
    try (ConfigurableApplicationContext context = start("--agentline.sandbox.bwrap=/nonexistent/bwrap", "--agentline.sandbox.mode=off")) {
      assertThat(context.getBean(CommandRunner.class).sandbox().isolated()).isFalse();
    }
    assertThat(output.getOut()).containsPattern("WARN .*agentline.sandbox.mode=off: test, lint and dependency-resolution commands run UNSANDBOXED");
  }

  @Test
  void byDefaultCommandsRunInBubblewrap(CapturedOutput output) {
    try (ConfigurableApplicationContext context = start()) {
      assertThat(context.getBean(CommandRunner.class).sandbox().isolated()).isTrue();
    }
    assertThat(output.getOut()).contains("test and lint commands run in bubblewrap bwrap");
  }
}
