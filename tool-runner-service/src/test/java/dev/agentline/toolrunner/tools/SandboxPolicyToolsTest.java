package dev.agentline.toolrunner.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentline.schemas.FailureReason;
import dev.agentline.schemas.ToolName;
import dev.agentline.schemas.ToolResult;
import dev.agentline.toolrunner.TestRepos;
import dev.agentline.toolrunner.pr.LocalCodeHost;
import dev.agentline.toolrunner.sandbox.ChangePolicy;
import dev.agentline.toolrunner.sandbox.CommandAllowList;
import dev.agentline.toolrunner.sandbox.CommandRunner;
import dev.agentline.toolrunner.sandbox.DependencyResolution;
import dev.agentline.toolrunner.sandbox.Sandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The command allow-list, dependency resolution, file-size limit and symlink refusal as the tools apply them. */
class SandboxPolicyToolsTest extends ToolTestSupport {
  static final long MAX_FILE_BYTES = 1000;

  @BeforeEach
  void sandboxedRunnerWithPolicies() throws Exception {
    TestRepos.pushToOrigin(origin, temp.resolve("scratch"), "main", "build and a link out", tree -> {
      Files.writeString(tree.resolve("pom.xml"), "<project/>\n");
      Files.writeString(tree.resolve("resolve.sh"), "echo fetched > fetched.txt\n");
      Files.createSymbolicLink(tree.resolve("shared"), Files.createDirectories(temp.resolve("outside")));
    });
    Files.writeString(temp.resolve("outside/config.txt"), "outside\n");
    ToolLimits limits = new ToolLimits(4000, Duration.ofSeconds(30), Duration.ofSeconds(60));
    CommandRunner commands = new CommandRunner(limits.maxOutputChars(), Sandbox.defaults(),
        CommandAllowList.of(List.of("sh *.sh", "grep **")), DependencyResolution.of("sh resolve.sh", Duration.ofSeconds(30)));
    runner = new ToolRunner(workspaces, List.of(new LocalCodeHost()), limits, ChangePolicy.NONE.withMaxFileBytes(MAX_FILE_BYTES), Set.of(),
        commands);
    prepare();
  }

  @Test
  void aTestCommandOffTheAllowListIsATypedRefusal() {
    ToolResult result = run(request(ToolName.RUN_TESTS).setCommand("sh test.sh && curl -s http://example.com"));

    assertThat(result.getOk()).isFalse();
    assertThat(result.getErrorCode()).isEqualTo(FailureReason.COMMAND_NOT_ALLOWED);
    assertThat(result.getError()).isEqualTo("command not allowed: curl -s http://example.com (in: sh test.sh && curl -s http://example.com)"
        + " matches none of the allowed commands (agentline.sandbox.allowed-commands): sh *.sh, grep **");
    assertThat(result.getTests()).isNull();
  }

  @Test
  void theFirstTestRunResolvesDependenciesAndSaysSoInItsOutput() {
    ToolResult first = runOk(request(ToolName.RUN_TESTS).setCommand("sh test.sh"));

    assertThat(first.getOutput()).matches("dependencies resolved with network before the run \\(build files new or changed\\): `sh resolve.sh`"
        + " in \\d+\\.\\d s\ntests passed \\(exit 0\\) in \\d+\\.\\d s");
    assertThat(workspaceFile("fetched.txt")).hasContent("fetched");
    assertThat(first.getTests().getPassed()).isTrue();

    ToolResult second = runOk(request(ToolName.RUN_TESTS).setCommand("sh test.sh"));

    assertThat(second.getOutput()).startsWith("tests passed");
  }

  @Test
  void anEditLeavingAFileOverTheSizeLimitIsRefusedAndNothingIsCommitted() throws Exception {
    String head = TestRepos.head(origin, BRANCH).name();
    String big = "x".repeat((int) MAX_FILE_BYTES) + "\n";

    ToolResult result = run(applyEdits("t1/step-1/1/apply", edit("data/big.txt", "", big), edit("README.md", "# sample", "# bigger sample")));

    assertThat(result.getOk()).isFalse();
    assertThat(result.getErrorCode()).isEqualTo(FailureReason.FILE_TOO_LARGE);
    assertThat(result.getError()).isEqualTo("file larger than the limit of 1000 bytes (max-file-bytes) after the change: data/big.txt (1001 bytes)");
    assertThat(workspaceFile("data/big.txt")).doesNotExist();
    assertThat(workspaceFile("README.md")).hasContent("# sample");
    assertThat(TestRepos.head(origin, BRANCH).name()).isEqualTo(head);

    runOk(applyEdits("t1/step-1/2/apply", edit("data/ok.txt", "", "x".repeat((int) MAX_FILE_BYTES))));
  }

  @Test
  void anEditThroughASymlinkedDirectoryPointingOutsideIsRefused() throws Exception {
    ToolResult edit = run(applyEdits("t1/step-1/1/apply", edit("shared/config.txt", "outside", "changed")));
    ToolResult created = run(applyEdits("t1/step-1/2/apply", edit("shared/new.txt", "", "planted\n")));
    ToolResult diff = run(request(ToolName.APPLY_EDITS).setRequestId("t1/step-1/3/apply").setUnifiedDiff("""
        --- a/shared/config.txt
        +++ b/shared/config.txt
        @@ -1 +1 @@
        -outside
        +changed
        """));

    for (ToolResult result : List.of(edit, created, diff)) {
      assertThat(result.getOk()).isFalse();
      assertThat(result.getError()).endsWith("(resolves outside the workspace through a symlink)");
    }
    assertThat(Files.readString(temp.resolve("outside/config.txt"))).isEqualTo("outside\n");
    assertThat(temp.resolve("outside/new.txt")).doesNotExist();
  }
}
