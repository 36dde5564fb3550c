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
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
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

  /** A runner whose one code host serves every origin and opens pull requests with {@code open}. */
  void openingWith(Function<PullRequestDraft, PullRequest> open) {
    CodeHost host = new CodeHost() {
      @Override
      public boolean serves(String originUri) {
        return true;
      }

      @Override
      public PullRequest open(PullRequestDraft draft) {
        return open.apply(draft);
      }
    };
    runner = new ToolRunner(workspaces, List.of(host), new ToolLimits(4000, Duration.ofSeconds(30), Duration.ofSeconds(60)));
  }

  @Test
  void aCodeHostFailureIsAResultSayingTheBranchWasPushed() {
    openingWith(draft -> {
      throw new CodeHostException("GitHub rejected the token from GITHUB_TOKEN (401 Bad credentials)");
    });

    ToolResult result = run(request(ToolName.OPEN_PR));

    assertThat(result.getOk()).isFalse();
    assertThat(result.getError()).contains("but the pull request was not opened: GitHub rejected the token");
  }

  @Test
  void theTitleAndBodyReachTheCodeHostWithTheirSecretsAsPlaceholders() {
    List<PullRequestDraft> opened = new ArrayList<>();
    openingWith(draft -> {
      opened.add(draft);
      return PullRequest.newBuilder().setBranch(draft.branch()).setTitle(draft.title()).setBody(draft.body())
          .setUrl("https://github.com/acme/shop/pull/17").setHeadCommit(draft.headCommit()).build();
    });

    // the planner's body quotes the ticket's test command, which a team may have written with a password in it
    ToolResult result = runOk(request(ToolName.OPEN_PR).setTitle("Fix login for token: s3cr3t-Pa55")
        .setBody("## Tests\n\n`DB_PASSWORD=hunter2-Pa55 ./gradlew test`: 12 passed"));

    PullRequestDraft draft = opened.get(0);
    assertThat(draft.title() + draft.body()).doesNotContain("hunter2-Pa55", "s3cr3t-Pa55");
    assertThat(draft.body()).matches("(?s)## Tests\n\n`DB_PASSWORD=\\[REDACTED:secret-assignment#[0-9a-f]{12}] ./gradlew test`: 12 passed");
    assertThat(result.getPullRequest().getBody()).isEqualTo(draft.body());
  }
}
