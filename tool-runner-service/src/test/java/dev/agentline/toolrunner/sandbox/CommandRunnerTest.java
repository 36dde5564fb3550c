package dev.agentline.toolrunner.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Allow-list, dependency resolution and sandbox together, as RUN_TESTS and LINT use them. */
class CommandRunnerTest {
  static final Duration TIMEOUT = Duration.ofSeconds(30);

  @TempDir Path temp;
  Path workspace;

  @BeforeEach
  void createWorkspace() throws IOException {
    workspace = Files.createDirectories(temp.resolve("ws"));
    Files.createDirectories(workspace.resolve(".git"));
    Files.writeString(workspace.resolve("pom.xml"), "<project/>\n");
    // counts its runs in a file outside .git (the sandbox keeps .git read-only)
    Files.writeString(workspace.resolve("resolve.sh"), "echo run >> resolutions.log\necho resolving\n");
  }

  static CommandRunner runner(List<String> allowed, String resolveCommand) {
    return new CommandRunner(4000, Sandbox.defaults(), CommandAllowList.of(allowed), DependencyResolution.of(resolveCommand, TIMEOUT));
  }

  long resolutions() throws IOException {
    Path log = workspace.resolve("resolutions.log");
    return Files.exists(log) ? Files.readAllLines(log).size() : 0;
  }

  @Test
  void resolvesBeforeTheFirstRunAndAgainOnlyWhenABuildFileChanges() throws Exception {
    CommandRunner runner = runner(List.of("**"), "sh resolve.sh");

    CommandRunner.Outcome first = runner.run("echo tests", workspace, TIMEOUT);

    assertThat(first.notes()).matches("dependencies resolved with network before the run \\(build files new or changed\\): `sh resolve.sh` in \\d+\\.\\d s\n");
    assertThat(first.outputTail()).isEqualTo("tests\n");
    assertThat(resolutions()).isEqualTo(1);
    assertThat(workspace.resolve(".git/" + DependencyResolution.MARKER)).exists();

    Files.writeString(workspace.resolve("Main.java"), "class Main {}\n");
    assertThat(runner.run("echo tests", workspace, TIMEOUT).notes()).isEmpty();
    assertThat(resolutions()).as("a source change needs no resolution").isEqualTo(1);

    Files.createDirectories(workspace.resolve("core"));
    Files.writeString(workspace.resolve("core/pom.xml"), "<project><artifactId>core</artifactId></project>\n");
    assertThat(runner.run("echo tests", workspace, TIMEOUT).notes()).startsWith("dependencies resolved");
    assertThat(resolutions()).as("a new module's pom.xml").isEqualTo(2);

    Files.writeString(workspace.resolve("pom.xml"), "<project><modules><module>core</module></modules></project>\n");
    runner.run("echo tests", workspace, TIMEOUT);
    assertThat(resolutions()).as("a changed pom.xml").isEqualTo(3);

    CommandRunner restarted = new CommandRunner(4000, Sandbox.defaults(), CommandAllowList.ANY, DependencyResolution.of("sh resolve.sh", TIMEOUT));
    restarted.run("echo tests", workspace, TIMEOUT);
    assertThat(resolutions()).as("remembered in the workspace, not in the runner").isEqualTo(3);

    Files.delete(workspace.resolve(".git/" + DependencyResolution.MARKER));
    restarted.run("echo tests", workspace, TIMEOUT);
    assertThat(resolutions()).as("a rebuilt workspace resolves again").isEqualTo(4);
  }

  @Test
  void aFailedResolutionIsReportedAndTriedAgainWhileTheCommandStillRuns() throws Exception {
    Files.writeString(workspace.resolve("resolve.sh"), "echo run >> resolutions.log\necho 'Could not resolve org.example:lib:1.0' >&2\nexit 3\n");
    CommandRunner runner = runner(List.of("**"), "sh resolve.sh");

    CommandRunner.Outcome outcome = runner.run("echo tests", workspace, TIMEOUT);

    assertThat(outcome.notes()).matches("(?s)dependency resolution with network failed: `sh resolve.sh` exited with 3 in \\d+\\.\\d s; the command then ran"
        + " without network anyway, and resolution is tried again before the next run\\. Its output ends:\nCould not resolve org.example:lib:1.0\n");
    assertThat(outcome.outputTail()).isEqualTo("tests\n");
    runner.run("echo tests", workspace, TIMEOUT);
    assertThat(resolutions()).isEqualTo(2);
  }

  @Test
  void resolutionHasTheNetworkThatTheCommandDoesNot() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
      String connect = "bash -c 'exec 3<>/dev/tcp/127.0.0.1/" + server.getLocalPort() + " && echo connected'";
      Files.writeString(workspace.resolve("resolve.sh"), connect + " > resolve-output.txt 2>&1\n");

      CommandRunner.Outcome outcome = runner(List.of("**"), "sh resolve.sh").run(connect, workspace, TIMEOUT);

      assertThat(Files.readString(workspace.resolve("resolve-output.txt"))).isEqualTo("connected\n");
      assertThat(outcome.notes()).startsWith("dependencies resolved");
      assertThat(outcome.exitCode()).isNotZero();
      assertThat(outcome.outputTail()).contains("Connection refused");
    }
  }

  @Test
  void aRefusedCommandDoesNotRunAtAll() {
    CommandRunner runner = runner(CommandAllowList.DEFAULT_PATTERNS, "sh resolve.sh");

    assertThatThrownBy(() -> runner.run("echo started > started.txt; curl -s http://example.com", workspace, TIMEOUT))
        .isInstanceOf(CommandRefusedException.class)
        .hasMessageStartingWith("command not allowed: curl -s http://example.com (in: echo started > started.txt; curl -s http://example.com)");
    assertThat(workspace.resolve("started.txt")).doesNotExist();
    assertThat(workspace.resolve("resolutions.log")).as("no resolution either").doesNotExist();
  }

  @Test
  void aConfiguredResolveCommandMustBeAllowedTooButAnAutomaticOneIsSkipped() throws Exception {
    assertThatThrownBy(() -> runner(List.of("echo **"), "sh resolve.sh").run("echo tests", workspace, TIMEOUT))
        .isInstanceOf(CommandRefusedException.class)
        .hasMessageStartingWith("dependency resolution: command not allowed: sh resolve.sh matches none of");

    CommandRunner.Outcome outcome = runner(List.of("echo **"), "auto").run("echo tests", workspace, TIMEOUT);

    assertThat(outcome.notes()).startsWith("dependency resolution skipped: command not allowed: mvn -B -q");
    assertThat(outcome.outputTail()).isEqualTo("tests\n");
  }

  @Test
  void automaticResolutionIsForMavenProjects() throws IOException {
    DependencyResolution auto = DependencyResolution.of("auto", TIMEOUT);

    assertThat(auto.commandFor(workspace)).contains(DependencyResolution.MAVEN);
    Files.delete(workspace.resolve("pom.xml"));
    assertThat(auto.commandFor(workspace)).isEmpty();
    assertThat(DependencyResolution.of("none", TIMEOUT).commandFor(workspace)).isEmpty();
    assertThat(DependencyResolution.of("npm ci", TIMEOUT).commandFor(workspace)).contains("npm ci");
  }

  @Test
  void theFingerprintIgnoresBuildOutputAndCoversTheCommand() throws IOException {
    String before = DependencyResolution.fingerprint(workspace, "mvn test");
    Files.createDirectories(workspace.resolve("target/classes/META-INF/maven"));
    Files.writeString(workspace.resolve("target/classes/META-INF/maven/pom.xml"), "<copied/>");
    Files.createDirectories(workspace.resolve("node_modules/x"));
    Files.writeString(workspace.resolve("node_modules/x/package.json"), "{}");

    assertThat(DependencyResolution.fingerprint(workspace, "mvn test")).isEqualTo(before);
    assertThat(DependencyResolution.fingerprint(workspace, "mvn -o test")).isNotEqualTo(before);
    Files.writeString(workspace.resolve("package.json"), "{}");
    assertThat(DependencyResolution.fingerprint(workspace, "mvn test")).isNotEqualTo(before);
  }

  /**
   * The default Maven resolution (auto) on a real project with an empty local repository, from
   * Maven Central: without it the sandboxed {@code mvn test} cannot download what it needs; after
   * it, the same command compiles and runs the tests without network.
   */
  @Test
  void aMavenProjectRunsItsTestsWithoutNetworkOnceItsDependenciesAreResolved() throws Exception {
    MavenProject.write(workspace);
    Path repository = Files.createDirectories(temp.resolve("m2-repository"));
    Map<String, String> env = new java.util.HashMap<>(Sandbox.passedThrough(Sandbox.DEFAULT_PASS_ENV, System.getenv()));
    env.put("MAVEN_OPTS", "-Dmaven.repo.local=" + repository);
    Sandbox sandbox = Sandbox.bubblewrap("bwrap", List.of(repository), List.of(), env, 600);
    CommandAllowList allowed = CommandAllowList.of(CommandAllowList.DEFAULT_PATTERNS);
    Duration timeout = Duration.ofMinutes(3);

    CommandRunner.Outcome unresolved = new CommandRunner(4000, sandbox, allowed, DependencyResolution.none()).run("mvn -B test", workspace, timeout);

    assertThat(unresolved.exitCode()).as(unresolved.outputTail()).isNotZero();
    assertThat(unresolved.outputTail()).contains("Could not transfer artifact");

    CommandRunner.Outcome resolved = new CommandRunner(4000, sandbox, allowed, DependencyResolution.of("auto", timeout))
        .run("mvn -B test", workspace, timeout);

    assertThat(resolved.notes()).as(resolved.notes()).startsWith("dependencies resolved with network before the run (build files new or changed): `mvn -B -q");
    assertThat(resolved.exitCode()).as(resolved.outputTail()).isZero();
    assertThat(resolved.outputTail()).contains("Tests run: 2, Failures: 0, Errors: 0, Skipped: 0", "BUILD SUCCESS");
  }

  @Test
  void cannotStartBubblewrapIsAnIOException() {
    Sandbox missing = Sandbox.bubblewrap("/nonexistent/bwrap", List.of(), List.of(), Map.of("PATH", "/usr/bin:/bin"), 60);

    assertThatThrownBy(() -> new CommandRunner(4000, missing, CommandAllowList.ANY, DependencyResolution.none()).run("true", workspace, TIMEOUT))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("/nonexistent/bwrap");
  }
}
