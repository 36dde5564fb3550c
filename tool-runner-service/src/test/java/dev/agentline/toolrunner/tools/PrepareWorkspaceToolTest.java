package dev.agentline.toolrunner.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentline.schemas.ToolName;
import dev.agentline.schemas.ToolResult;
import dev.agentline.toolrunner.TestRepos;
import org.junit.jupiter.api.Test;

class PrepareWorkspaceToolTest extends ToolTestSupport {

  @Test
  void clonesTheRepositoryAndPushesTheTaskBranchToOrigin() throws Exception {
    ToolResult result = prepare();

    assertThat(result.getRepositoryFiles()).containsExactly("README.md", "src/Greeter.java", "src/Util.java", "test.sh");
    assertThat(result.getCommit()).isEqualTo(TestRepos.head(origin, "main").name());
    assertThat(TestRepos.head(origin, BRANCH)).as("task branch on origin").isNotNull();
    assertThat(TestRepos.head(origin, BRANCH).name()).isEqualTo(result.getCommit());
    assertThat(workspaceFile("src/Greeter.java")).exists();
    assertThat(result.getOutput()).contains("workspace ready: " + BRANCH).contains("4 tracked files").doesNotContain("\n");
  }

  @Test
  void copiesRequestIdToolAndCausationIntoTheResult() {
    var request = request(ToolName.PREPARE_WORKSPACE).build();

    ToolResult result = runner.run(request);

    assertThat(result.getRequestId()).isEqualTo(request.getRequestId());
    assertThat(result.getTool()).isEqualTo(ToolName.PREPARE_WORKSPACE);
    assertThat(result.getMeta().getCausationId()).isEqualTo(request.getMeta().getEventId());
    assertThat(result.getMeta().getTaskId()).isEqualTo(TASK);
    assertThat(result.getMeta().getProducer()).isEqualTo("tool-runner");
    assertThat(result.getDurationMs()).isPositive();
  }

  @Test
  void acceptsAFileUrlAsRepository() {
    ToolResult result = runOk(request(ToolName.PREPARE_WORKSPACE).setRepository(origin.toUri().toString()));

    assertThat(result.getRepositoryFiles()).hasSize(4);
  }

  @Test
  void failsNamingAnUnknownRepository() {
    ToolResult result = run(request(ToolName.PREPARE_WORKSPACE).setRepository(temp.resolve("nowhere").toString()));

    assertThat(result.getOk()).isFalse();
    assertThat(result.getError()).contains("repository not found").contains("nowhere");
  }

  @Test
  void failsNamingAnUnknownBaseBranch() {
    ToolResult result = run(request(ToolName.PREPARE_WORKSPACE).setBaseBranch("develop"));

    assertThat(result.getOk()).isFalse();
    assertThat(result.getError()).isEqualTo("base branch 'develop' not found in repository " + origin);
  }

  @Test
  void refusesATaskIdThatIsNoSafeDirectoryName() {
    var request = request(ToolName.PREPARE_WORKSPACE);
    request.getMeta().setTaskId("../escape");

    ToolResult result = run(request);

    assertThat(result.getOk()).isFalse();
    assertThat(result.getError()).contains("task id '../escape' cannot name a workspace");
  }
}
