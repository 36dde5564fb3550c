package dev.agentline.toolrunner.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentline.schemas.ToolName;
import dev.agentline.schemas.ToolResult;
import dev.agentline.toolrunner.TestRepos;
import java.nio.file.Files;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;

/** During an iteration a person may push to the task branch: the agent's next push must not drop their commits. */
class NoClobberTest extends ToolTestSupport {

  @Test
  void anEditOnAnEarlierCommitIsRefusedWhenAPersonPushedMeanwhileAndTheIterationResumesFromTheirs() throws Exception {
    prepare();
    String agents = runOk(applyEdits("t1/step-1/1/apply", edit("README.md", "# sample", "# sample, greeted"))).getCommit();
    RevCommit persons = TestRepos.pushToOrigin(origin, temp.resolve("person"), BRANCH, "handle null input",
        tree -> Files.writeString(tree.resolve("src/Util.java"), "class Util {\n  // null-safe helper\n}\n"));

    ToolResult refused = run(applyEdits("t1/step-2/1/apply", edit("src/Greeter.java", "hello", "hi")).setCommit(agents));
    ToolResult resumed = runOk(request(ToolName.PREPARE_WORKSPACE).setFromRemoteBranch(true));
    ToolResult applied = runOk(applyEdits("t1/step-2/2/apply", edit("src/Greeter.java", "hello", "hi")).setCommit(resumed.getCommit()));

    assertThat(refused.getOk()).isFalse();
    assertThat(refused.getError()).contains("it would drop 1 commit that agentline did not make (" + persons.abbreviate(12).name()
        + " \"handle null input\" by someone)");
    assertThat(resumed.getCommit()).isEqualTo(persons.name());
    assertThat(TestRepos.head(origin, BRANCH).getParent(0)).isEqualTo(persons);
    assertThat(TestRepos.head(origin, BRANCH).name()).isEqualTo(applied.getCommit());
  }

  @Test
  void aRetriedAttemptStillRewritesTheAgentsOwnCommits() throws Exception {
    String base = prepare().getCommit();
    runOk(applyEdits("t1/step-1/1/apply", edit("README.md", "# sample", "# sample, greeted")));

    ToolResult retried = runOk(applyEdits("t1/step-1/2/apply", edit("README.md", "# sample", "# sample, welcomed")).setCommit(base));

    assertThat(TestRepos.head(origin, BRANCH).name()).isEqualTo(retried.getCommit());
    assertThat(TestRepos.head(origin, BRANCH).getParent(0).name()).isEqualTo(base);
  }
}
