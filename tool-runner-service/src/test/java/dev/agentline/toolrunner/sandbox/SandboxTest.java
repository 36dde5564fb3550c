package dev.agentline.toolrunner.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real bubblewrap sandbox (Debian package bubblewrap) around real shell commands. */
class SandboxTest {
  static final Duration TIMEOUT = Duration.ofSeconds(30);
  static final Map<String, String> ENV = Map.of("PATH", System.getenv("PATH"), "HOME", System.getProperty("user.home"),
      "AGENTLINE_PROBE", "passed through");

  @TempDir Path temp;
  Path workspace;
  Path cache;

  @BeforeEach
  void createWorkspaceAndCache() throws IOException {
    workspace = Files.createDirectories(temp.resolve("workspaces/t1"));
    cache = Files.createDirectories(temp.resolve("cache"));
  }

  Sandbox sandbox(int cpuSeconds) {
    return Sandbox.bubblewrap("bwrap", List.of(cache), List.of(temp.resolve("workspaces")), ENV, cpuSeconds);
  }

  CommandRunner.Outcome run(Sandbox sandbox, String command) throws IOException {
    return new CommandRunner(4000, sandbox, CommandAllowList.ANY, DependencyResolution.none()).run(command, workspace, TIMEOUT);
  }

  @Test
  void aSandboxedCommandCannotConnectToAServerThatTheSameCommandReachesUnsandboxed() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
      server.setSoTimeout(3000);
      String connect = "bash -c 'exec 3<>/dev/tcp/127.0.0.1/" + server.getLocalPort() + " && echo connected'";

      CommandRunner.Outcome sandboxed = run(sandbox(60), connect);

      assertThat(sandboxed.exitCode()).isNotZero();
      assertThat(sandboxed.outputTail()).contains("Connection refused").doesNotContain("connected\n");
      assertThat(accepted(server)).as("connection from the sandbox").isFalse();

      CommandRunner.Outcome unsandboxed = run(Sandbox.none(ENV, 60), connect);

      assertThat(unsandboxed.exitCode()).as(unsandboxed.outputTail()).isZero();
      assertThat(unsandboxed.outputTail()).isEqualTo("connected\n");
      assertThat(accepted(server)).as("connection without the sandbox").isTrue();
    }
  }

  private static boolean accepted(ServerSocket server) throws IOException {
    try (Socket ignored = server.accept()) {
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    }
  }

  @Test
  void theSandboxHasNoNetworkInterfaceButItsOwnLoopback() throws Exception {
    CommandRunner.Outcome outcome = run(sandbox(60), "tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' '");

    assertThat(outcome.outputTail()).isEqualTo("lo\n");
  }

  @Test
  void onlyTheWorkspaceTheCachesAndTmpAreWritable() throws Exception {
    // outside /tmp, in this module's build directory, which the test JVM itself can write
    Path outside = Path.of("target").toAbsolutePath().resolve("sandbox-probe-" + UUID.randomUUID());
    Files.createDirectories(workspace.resolve(".git"));

    CommandRunner.Outcome outcome = run(sandbox(60), "echo ws > inside.txt; echo c > " + cache + "/cached.txt; echo t > /tmp/scratch.txt && echo tmp ok; "
        + "echo x > " + outside + "; echo x > $HOME/agentline-probe-" + outside.getFileName() + "; echo hook > .git/hooks-probe; true");

    assertThat(Files.readString(workspace.resolve("inside.txt"))).isEqualTo("ws\n");
    assertThat(Files.readString(cache.resolve("cached.txt"))).isEqualTo("c\n");
    assertThat(outcome.outputTail()).contains("tmp ok");
    assertThat(outside).doesNotExist();
    assertThat(Path.of(System.getProperty("user.home"), "agentline-probe-" + outside.getFileName())).doesNotExist();
    assertThat(workspace.resolve(".git/hooks-probe")).as(".git stays read-only").doesNotExist();
    assertThat(outcome.outputTail().lines().filter(line -> line.contains("Read-only file system"))).hasSize(3);
  }

  @Test
  void otherWorkspacesAndHiddenDirectoriesAreNotVisible() throws Exception {
    Path other = Files.createDirectories(temp.resolve("workspaces/t2"));
    Files.writeString(other.resolve("secret.txt"), "t2's code");
    Files.writeString(workspace.resolve("mine.txt"), "t1's code");

    CommandRunner.Outcome outcome = run(sandbox(60), "cat mine.txt; echo; ls " + temp.resolve("workspaces") + "; cat " + other.resolve("secret.txt"));

    assertThat(outcome.outputTail()).startsWith("t1's code\nt1\n").contains("No such file or directory").doesNotContain("t2's code");
  }

  @Test
  void theCommandSeesOnlyThePassedEnvironment() throws Exception {
    CommandRunner.Outcome outcome = run(sandbox(60), "env");

    Set<String> names = new HashSet<>();
    outcome.outputTail().lines().map(line -> line.substring(0, line.indexOf('='))).forEach(names::add);
    // sh adds PWD (and may add OLDPWD, SHLVL, _)
    names.removeAll(Set.of("PWD", "OLDPWD", "SHLVL", "_"));
    assertThat(names).containsExactlyInAnyOrder("PATH", "HOME", "AGENTLINE_PROBE", "TMPDIR", "XDG_CONFIG_HOME", "XDG_CACHE_HOME");
    assertThat(outcome.outputTail()).contains("AGENTLINE_PROBE=passed through\n", "XDG_CONFIG_HOME=/tmp/.config\n");
    assertThat(Sandbox.passedThrough(List.of("PATH", "JAVA_HOME"), Map.of("PATH", "/bin", "GITHUB_TOKEN", "secret")))
        .isEqualTo(Map.of("PATH", "/bin"));
  }

  @Test
  void theCpuLimitStopsABusyLoop() throws Exception {
    long start = System.nanoTime();

    CommandRunner.Outcome outcome = run(sandbox(1), "while :; do :; done");

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
    assertThat(outcome.timedOut()).isFalse();
    assertThat(outcome.exitCode()).isEqualTo(Sandbox.CPU_LIMIT_EXIT);
    assertThat(outcome.notes()).isEqualTo("exit 152: a process used more than the CPU-time limit of 1 s (agentline.sandbox.cpu-seconds) and was stopped\n");
  }

  @Test
  void theWallClockLimitKillsEverythingInTheSandbox() throws Exception {
    String marker = "agentline-sleep-" + UUID.randomUUID();
    long start = System.nanoTime();

    CommandRunner.Outcome outcome = new CommandRunner(4000, sandbox(60), CommandAllowList.ANY, DependencyResolution.none())
        .run("sh -c 'sleep 30; echo " + marker + "' & sleep 30; wait", workspace, Duration.ofSeconds(1));

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
    assertThat(outcome.timedOut()).isTrue();
    assertThat(outcome.exitCode()).isEqualTo(-1);
    Thread.sleep(200);
    assertThat(ProcessHandle.allProcesses().map(p -> p.info().arguments().map(Arrays::toString).orElse(""))
        .filter(args -> args.contains(marker))).isEmpty();
  }

  @Test
  void theStartUpCheckSaysWhyTheSandboxCannotStart() {
    assertThat(sandbox(60).problem()).isEmpty();
    assertThat(Sandbox.none(ENV, 60).problem()).isEmpty();

    Sandbox missing = Sandbox.bubblewrap("/nonexistent/bwrap", List.of(), List.of(), ENV, 60);

    assertThat(missing.problem()).hasValueSatisfying(problem -> assertThat(problem)
        .startsWith("cannot run /nonexistent/bwrap: Cannot run program \"/nonexistent/bwrap\"").contains("No such file or directory"));
  }
}
