package dev.agentline.toolrunner.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentline.schemas.ToolName;
import dev.agentline.schemas.ToolResult;
import dev.agentline.toolrunner.TestRepos;
import java.nio.file.Files;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;

class PrepareFromRemoteBranchTest extends ToolTestSupport {

  @Test
  void startsFromThePersonsCommitsOnTheRemoteBranch() throws Exception {
    prepare();
    String agentCommit = runOk(applyEdits("t1/step-1/1/apply", edit("README.md", "# sample", "# sample, greeted"))).getCommit();
    RevCommit persons = TestRepos.pushToOrigin(origin, temp.resolve("person"), BRANCH, "handle null input",
        tree -> Files.writeString(tree.resolve("src/Util.java"), "class Util {\n  // null-safe helper\n}\n"));

    ToolResult result = runOk(request(ToolName.PREPARE_WORKSPACE).setFromRemoteBranch(true).setCommit(agentCommit));

    assertThat(result.getCommit()).isEqualTo(persons.name());
    assertThat(result.getOutput()).isEqualTo("workspace ready: " + BRANCH + " at " + persons.name().substring(0, 12) + " (from origin/"
        + BRANCH + " at " + persons.name().substring(0, 12) + ", 1 commit not made by agentline), 4 tracked files");
    assertThat(Files.readString(workspaceFile("src/Util.java"))).contains("null-safe");
    assertThat(Files.readString(workspaceFile("README.md"))).contains("greeted");
    assertThat(TestRepos.head(origin, BRANCH)).isEqualTo(persons);
  }

  @Test
  void dropsLocalCommitsThatThePersonRemovedFromTheBranch() throws Exception {
    String base = prepare().getCommit();
    runOk(applyEdits("t1/step-1/1/apply", edit("README.md", "# sample", "# sample, greeted")));
    setOriginBranch(base); // the person force-pushed the branch back to the base: the agent's commit is gone

    ToolResult unchanged = runOk(request(ToolName.READ_FILES).setPaths(java.util.List.of("README.md")));
    ToolResult resumed = runOk(request(ToolName.PREPARE_WORKSPACE).setFromRemoteBranch(true));

    assertThat(unchanged.getCommit()).as("without the flag a local commit origin lacks is kept").isNotEqualTo(base);
    assertThat(resumed.getCommit()).isEqualTo(base);
    assertThat(resumed.getOutput()).contains("(from origin/" + BRANCH + " at " + base.substring(0, 12) + ", 0 commits not made by agentline)");
    assertThat(Files.readString(workspaceFile("README.md"))).isEqualTo("# sample\n");
    assertThat(TestRepos.head(origin, BRANCH).name()).isEqualTo(base);
  }

  @Test
  void aDeletedRemoteBranchIsAClearFailure() throws Exception {
    prepare();
    try (Repository repo = Git.open(origin.toFile()).getRepository()) {
      RefUpdate delete = repo.updateRef("refs/heads/" + BRANCH);
      delete.setForceUpdate(true);
      assertThat(delete.delete()).isEqualTo(RefUpdate.Result.FORCED);
    }

    ToolResult result = run(request(ToolName.PREPARE_WORKSPACE).setFromRemoteBranch(true));

    assertThat(result.getOk()).isFalse();
    assertThat(result.getError()).isEqualTo("the task branch " + BRANCH + " is not on origin (" + origin
        + "): it was deleted or never pushed, so there is nothing to resume from");
    assertThat(TestRepos.head(origin, BRANCH)).as("nothing pushed").isNull();
  }

  private void setOriginBranch(String commit) throws Exception {
    try (Repository repo = Git.open(origin.toFile()).getRepository()) {
      RefUpdate update = repo.updateRef("refs/heads/" + BRANCH);
      update.setNewObjectId(repo.resolve(commit));
      update.setForceUpdate(true);
      assertThat(update.update()).isEqualTo(RefUpdate.Result.FORCED);
    }
  }
}
