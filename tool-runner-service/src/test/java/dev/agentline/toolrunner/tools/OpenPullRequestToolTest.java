package dev.agentline.toolrunner.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentline.schemas.PullRequest;
import dev.agentline.schemas.ToolName;
import dev.agentline.schemas.ToolResult;
import dev.agentline.toolrunner.TestRepos;
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
}
