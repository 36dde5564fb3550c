package dev.agentline.toolrunner.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentline.schemas.FailureReason;
import dev.agentline.schemas.PullRequest;
import dev.agentline.schemas.ToolName;
import dev.agentline.schemas.ToolResult;
import dev.agentline.toolrunner.TestRepos;
import dev.agentline.toolrunner.pr.CodeHost;
import dev.agentline.toolrunner.pr.CodeHostException;
import dev.agentline.toolrunner.pr.LocalCodeHost;
import dev.agentline.toolrunner.pr.PullRequestDraft;
import dev.agentline.toolrunner.sandbox.ChangePolicy;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OpenPullRequestToolTest extends ToolTestSupport {

  @Test
  void opensALocalPullRequestAtTheRequestedCommit() throws Exception {
    prepare();
    String applied = runOk(applyEdits("t1/step-1/1/apply", edit("README.md", "# sample", "# sample, greeted"))).getCommit();

    ToolResult result = runOk(request(ToolName.OPEN_PR).setCommit(applied).setTitle("Greet better").setBody("Changes the greeting."));

    PullRequest pr = result.getPullRequest();
    assertThat(pr.getBranch()).isEqualTo(BRANCH);
    assertThat(pr.getTitle()).isEqualTo("Greet better");
    assertThat(pr.getBody()).isEqualTo("Changes the greeting.");
    assertThat(pr.getHeadCommit()).isEqualTo(applied);
    assertThat(pr.getUrl()).isEqualTo(origin.toUri().toString().replaceAll("/$", "") + "#" + BRANCH);
    assertThat(result.getCommit()).isEqualTo(applied);
    assertThat(TestRepos.head(origin, BRANCH).name()).isEqualTo(applied);
  }

  @Test
  void pushesTheBranchEvenWhenNothingWasPushedBefore() throws Exception {
    ToolResult result = runOk(request(ToolName.OPEN_PR));

    assertThat(result.getPullRequest().getTitle()).isEqualTo("agentline: " + BRANCH);
    assertThat(result.getPullRequest().getBody()).isEmpty();
    assertThat(TestRepos.head(origin, BRANCH).name()).isEqualTo(result.getPullRequest().getHeadCommit());
  }

  @Test
  void refusesToPushToTheBaseBranch() {
    for (ToolName tool : List.of(ToolName.OPEN_PR, ToolName.APPLY_EDITS, ToolName.PREPARE_WORKSPACE)) {
      ToolResult result = run(request(tool).setBranch("main").setBaseBranch("main"));

      assertThat(result.getOk()).isFalse();
      assertThat(result.getErrorCode()).isEqualTo(FailureReason.PROTECTED_PATH);
      assertThat(result.getError()).isEqualTo("refusing to push to the base branch main");
    }
  }

  @Test
  void refusesToPushToAConfiguredProtectedBranch() {
    runner = new ToolRunner(workspaces, List.of(new LocalCodeHost()), new ToolLimits(4000, Duration.ofSeconds(30), Duration.ofSeconds(60)),
        ChangePolicy.NONE, Set.of("release"));

    ToolResult result = run(request(ToolName.OPEN_PR).setBranch("release"));

    assertThat(result.getErrorCode()).isEqualTo(FailureReason.PROTECTED_PATH);
    assertThat(result.getError()).startsWith("refusing to push to the protected branch release");
  }

  @Test
  void aCodeHostFailureIsAResultSayingTheBranchWasPushed() {
    CodeHost failing = new CodeHost() {
      @Override
      public boolean serves(String originUri) {
        return true;
      }

      @Override
      public PullRequest open(PullRequestDraft draft) {
        throw new CodeHostException("GitHub rejected the token from GITHUB_TOKEN (401 Bad credentials)");
      }
    };
    runner = new ToolRunner(workspaces, List.of(failing), new ToolLimits(4000, Duration.ofSeconds(30), Duration.ofSeconds(60)));

    ToolResult result = run(request(ToolName.OPEN_PR));

    assertThat(result.getOk()).isFalse();
    assertThat(result.getError()).contains("but the pull request was not opened: GitHub rejected the token");
  }
}
