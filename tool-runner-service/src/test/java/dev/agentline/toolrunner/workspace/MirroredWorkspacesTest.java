package dev.agentline.toolrunner.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentline.toolrunner.TestRepos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;

/** The workspace behaviours of {@link WorkspacesTest}, with workspaces built from a local mirror, and what the mirror adds. */
class MirroredWorkspacesTest extends WorkspacesTest {
  Path mirrorRoot;

  @Override
  Workspaces newWorkspaces(Path root) {
    mirrorRoot = root.resolveSibling("mirrors");
    return new Workspaces(root, GitRemotes.ANONYMOUS, new Mirrors(mirrorRoot, GitRemotes.ANONYMOUS));
  }

  @Test
  void aWorkspaceBorrowsTheMirrorsObjectsInsteadOfCopyingThem() throws Exception {
    try (Workspace workspace = workspaces.open(task)) {
      Path alternates = workspace.dir().resolve(".git/objects/info/alternates");
      assertThat(alternates).exists();
      Path mirrorObjects = Path.of(Files.readString(alternates).strip());
      assertThat(mirrorObjects).startsWith(mirrorRoot).isDirectory();
      assertThat(objectFiles(workspace.dir().resolve(".git/objects"))).as("objects copied into the workspace").isZero();
      assertThat(workspace.dir().resolve("README.md")).exists();
      assertThat(workspace.originUri()).isEqualTo(task.repository().uri());
    }
  }

  @Test
  void theNextTaskSeesWhatWasPushedToOriginSinceTheMirrorWasMade() throws Exception {
    try (Workspace first = workspaces.open(task)) {
      assertThat(first.dir().resolve("README.md")).exists();
    }
    RevCommit later = TestRepos.pushToOrigin(origin, temp.resolve("someone"), "main", "a later commit on main",
        tree -> Files.writeString(tree.resolve("LATER.md"), "later\n"));

    TaskRef second = new TaskRef("t2", task.repository(), "main", "agentline/t2");
    try (Workspace workspace = workspaces.open(second)) {
      assertThat(workspace.head()).isEqualTo(later.name());
      assertThat(workspace.dir().resolve("LATER.md")).hasContent("later");
    }
  }

  @Test
  void aCommitMadeInAMirroredWorkspaceIsPushedWithAllItsObjects() throws Exception {
    RevCommit committed;
    try (Workspace workspace = workspaces.open(task)) {
      Files.writeString(workspace.dir().resolve("NEW.md"), "new\n");
      committed = workspace.commit("add NEW.md", List.of("NEW.md")).orElseThrow();
      workspace.push();
    }
    assertThat(TestRepos.head(origin, BRANCH).name()).isEqualTo(committed.name());
    assertThat(TestRepos.fileAt(origin, BRANCH, "NEW.md")).isEqualTo("new\n");
  }

  @Test
  void aWorkspaceOfARepositoryWithManyBranchesHasThemAllAsOriginsBranchesWrittenInOnePackedFile() throws Exception {
    RevCommit later = TestRepos.pushToOrigin(origin, temp.resolve("someone"), "main", "a later commit on main",
        tree -> Files.writeString(tree.resolve("LATER.md"), "later\n"));
    ObjectId first = later.getParent(0).getId();
    try (Git git = Git.open(origin.toFile())) {
      Repository repo = git.getRepository();
      for (int i = 0; i < 300; i++) {
        RefUpdate update = repo.updateRef(Constants.R_HEADS + "feature/f" + i);
        update.setNewObjectId(i % 2 == 0 ? first : later.getId());
        assertThat(update.update()).isEqualTo(RefUpdate.Result.NEW);
      }
    }

    try (Workspace workspace = workspaces.open(task); Git git = Git.open(workspace.dir().toFile())) {
      Repository repo = git.getRepository();
      for (int i = 0; i < 300; i++) {
        assertThat(repo.exactRef("refs/remotes/origin/feature/f" + i).getObjectId()).as("origin/feature/f" + i)
            .isEqualTo(i % 2 == 0 ? first : later.getId());
      }
      assertThat(repo.exactRef("refs/remotes/origin/main").getObjectId()).isEqualTo(later.getId());
      // one ref update each wrote a loose file and a reflog per branch: seconds for thousands of branches
      assertThat(workspace.dir().resolve(".git/refs/remotes/origin/feature")).doesNotExist();
      assertThat(workspace.dir().resolve(".git/logs/refs/remotes/origin/feature")).doesNotExist();
    }
  }

  private static long objectFiles(Path objects) throws Exception {
    try (Stream<Path> files = Files.walk(objects)) {
      return files.filter(Files::isRegularFile).filter(f -> !f.toString().contains("/info/")).count();
    }
  }
}
