package dev.agentline.toolrunner.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentline.toolrunner.TestRepos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class WorkspacesTest {
  static final String BRANCH = "agentline/t1";

  @TempDir Path temp;
  Path origin;
  Workspaces workspaces;
  TaskRef task;

  @BeforeEach
  void setUp() throws Exception {
    origin = TestRepos.origin(temp.resolve("repo"), TestRepos.sampleFiles());
    workspaces = newWorkspaces(temp.resolve("workspaces"));
    task = new TaskRef("t1", RepositoryLocation.of(origin.toString()), "main", BRANCH);
  }

  /** Every behaviour here holds for plain clones and for workspaces built from a mirror ({@link MirroredWorkspacesTest}). */
  Workspaces newWorkspaces(Path root) {
    return new Workspaces(root);
  }

  @Test
  void rebuildsADeletedWorkspaceFromTheTaskBranchOnOrigin() throws Exception {
    RevCommit committed;
    try (Workspace workspace = workspaces.open(task)) {
      Files.writeString(workspace.dir().resolve("NEW.md"), "new\n");
      committed = workspace.commit("add NEW.md", List.of("NEW.md")).orElseThrow();
      workspace.push();
    }
    Workspaces.deleteRecursively(workspaces.dirOf("t1"));

    try (Workspace rebuilt = workspaces.open(task)) {
      assertThat(rebuilt.head()).isEqualTo(committed.name());
      assertThat(rebuilt.git().getRepository().getBranch()).isEqualTo(BRANCH);
      assertThat(rebuilt.dir().resolve("NEW.md")).hasContent("new");
    }
  }

  @Test
  void isAtTellsWhetherTheHeadIsTheNamedCommitWithoutFetching() throws Exception {
    try (Workspace workspace = workspaces.open(task)) {
      RevCommit base = workspace.headCommit();
      Files.writeString(workspace.dir().resolve("NEW.md"), "new\n");
      RevCommit next = workspace.commit("add NEW.md", List.of("NEW.md")).orElseThrow();

      assertThat(workspace.isAt(next.name())).isTrue();
      assertThat(workspace.isAt(next.abbreviate(10).name())).isTrue();
      assertThat(workspace.isAt(base.name())).isFalse();
      assertThat(workspace.isAt("0123456789abcdef0123456789abcdef01234567")).isFalse();
      assertThat(workspace.isAt("not a revision")).isFalse();
    }
  }

  @Test
  void aRetryRewindingAgentlinesOwnCommitsIsStillPushedWithForce() throws Exception {
    RevCommit base;
    try (Workspace workspace = workspaces.open(task)) {
      base = workspace.headCommit();
      Files.writeString(workspace.dir().resolve("NEW.md"), "first attempt\n");
      workspace.commit("first attempt", List.of("NEW.md")).orElseThrow();
      workspace.push();
    }

    RevCommit second;
    try (Workspace workspace = workspaces.open(task)) {
      workspace.resetHard(base);
      Files.writeString(workspace.dir().resolve("NEW.md"), "second attempt\n");
      second = workspace.commit("second attempt", List.of("NEW.md")).orElseThrow();
      workspace.push();
    }

    assertThat(TestRepos.head(origin, BRANCH)).isEqualTo(second);
  }

  @Test
  void aPushThatWouldDropAPersonsCommitIsRefused() throws Exception {
    RevCommit base;
    try (Workspace workspace = workspaces.open(task)) {
      base = workspace.headCommit();
      workspace.push();
    }
    RevCommit persons = TestRepos.pushToOrigin(origin, temp.resolve("person"), BRANCH, "handle null input",
        tree -> Files.writeString(tree.resolve("README.md"), "# by a person\n"));

    try (Workspace workspace = workspaces.open(task)) {
      workspace.resetHard(base);
      Files.writeString(workspace.dir().resolve("NEW.md"), "agent\n");
      workspace.commit("agent", List.of("NEW.md")).orElseThrow();

      assertThatThrownBy(workspace::push).isInstanceOf(WorkspaceException.class).hasMessage("refusing to push " + BRANCH + " to " + origin
          + ": it would drop 1 commit that agentline did not make (" + persons.abbreviate(12).name() + " \"handle null input\" by someone);"
          + " someone pushed to the branch: start from it (PREPARE_WORKSPACE with fromRemoteBranch)");
    }
    assertThat(TestRepos.head(origin, BRANCH)).isEqualTo(persons);
  }

  @Test
  void aPersonsPushLandingWhileTheWorkspaceIsOpenIsNotOverwritten() throws Exception {
    try (Workspace workspace = workspaces.open(task)) {
      workspace.push();
    }
    try (Workspace workspace = workspaces.open(task)) {
      Files.writeString(workspace.dir().resolve("NEW.md"), "agent\n");
      workspace.commit("agent", List.of("NEW.md")).orElseThrow();
      RevCommit persons = TestRepos.pushToOrigin(origin, temp.resolve("person"), BRANCH, "meanwhile",
          tree -> Files.writeString(tree.resolve("README.md"), "# meanwhile\n"));

      assertThatThrownBy(workspace::push).isInstanceOf(WorkspaceException.class)
          .hasMessageContaining("was refused: someone pushed to " + BRANCH + " since the workspace fetched it")
          .hasMessageEndingWith("their commits were not overwritten, the next request starts from them");
      assertThat(TestRepos.head(origin, BRANCH)).isEqualTo(persons);
    }
  }

  @Test
  void catchesUpWithCommitsAnotherInstancePushed() throws Exception {
    try (Workspace workspace = workspaces.open(task)) {
      workspace.push();
    }
    RevCommit elsewhere = TestRepos.pushToOrigin(origin, temp.resolve("other-instance"), BRANCH, "pushed elsewhere",
        tree -> Files.writeString(tree.resolve("README.md"), "# changed elsewhere\n"));

    try (Workspace workspace = workspaces.open(task)) {
      assertThat(workspace.head()).isEqualTo(elsewhere.name());
      assertThat(workspace.dir().resolve("README.md")).hasContent("# changed elsewhere");
    }
  }

  @Test
  void aWorkspaceAlreadyAtTheNamedCommitIsOpenedWithoutFetching() throws Exception {
    RevCommit pushed;
    try (Workspace workspace = workspaces.open(task)) {
      workspace.push();
      pushed = workspace.headCommit();
    }
    RevCommit elsewhere = TestRepos.pushToOrigin(origin, temp.resolve("other-instance"), BRANCH, "pushed elsewhere",
        tree -> Files.writeString(tree.resolve("README.md"), "# changed elsewhere\n"));

    try (Workspace workspace = workspaces.open(task, pushed.name())) {
      assertThat(workspace.head()).isEqualTo(pushed.name());
      assertThat(workspace.originHead()).map(RevCommit::name).contains(pushed.name());
    }
    // a commit the branch is not at: fetched, and the branch catches up with origin
    try (Workspace workspace = workspaces.open(task, elsewhere.name())) {
      assertThat(workspace.head()).isEqualTo(elsewhere.name());
      assertThat(workspace.originHead()).map(RevCommit::name).contains(elsewhere.name());
    }
  }

  @Test
  void keepsALocalCommitThatWasNotPushedYet() throws Exception {
    RevCommit local;
    try (Workspace workspace = workspaces.open(task)) {
      workspace.push();
      Files.writeString(workspace.dir().resolve("README.md"), "# local\n");
      local = workspace.commit("local only", List.of("README.md")).orElseThrow();
    }

    try (Workspace workspace = workspaces.open(task)) {
      assertThat(workspace.head()).isEqualTo(local.name());
    }
  }

  @Test
  void discardsLeftoversOfAnInterruptedRequest() throws Exception {
    try (Workspace workspace = workspaces.open(task)) {
      Files.writeString(workspace.dir().resolve("README.md"), "half-written");
      Files.writeString(workspace.dir().resolve("stray.txt"), "stray");
    }

    try (Workspace workspace = workspaces.open(task)) {
      assertThat(workspace.dir().resolve("README.md")).hasContent("# sample");
      assertThat(workspace.dir().resolve("stray.txt")).doesNotExist();
    }
  }

  /** A leftover a request can leave in the files or the index, and what a clean workspace shows instead. */
  enum Leftover {
    EDITED_FILE(dir -> Files.writeString(dir.resolve("src/Greeter.java"), "half-written")),
    DELETED_FILE(dir -> Files.delete(dir.resolve("src/Util.java"))),
    STAGED_CHANGE(dir -> {
      Files.writeString(dir.resolve("README.md"), "# staged\n");
      try (Git git = Git.open(dir.toFile())) {
        git.add().addFilepattern("README.md").call();
      }
    }),
    UNTRACKED_FILE(dir -> Files.writeString(dir.resolve("stray.txt"), "stray")),
    UNTRACKED_FOLDER(dir -> Files.writeString(Files.createDirectories(dir.resolve("out/classes")).resolve("Stray.class"), "stray"));

    final Leave leave;

    Leftover(Leave leave) {
      this.leave = leave;
    }

    interface Leave {
      void in(Path dir) throws Exception;
    }
  }

  @ParameterizedTest
  @EnumSource(Leftover.class)
  void eachKindOfLeftoverAloneIsDiscarded(Leftover leftover) throws Exception {
    try (Workspace workspace = workspaces.open(task)) {
      leftover.leave.in(workspace.dir());
    }

    try (Workspace workspace = workspaces.open(task)) {
      assertThat(workspace.git().status().call().isClean()).isTrue();
      assertThat(workspace.dir().resolve("src/Greeter.java")).hasContent(TestRepos.sampleFiles().get("src/Greeter.java"));
      assertThat(workspace.dir().resolve("src/Util.java")).exists();
      assertThat(workspace.dir().resolve("README.md")).hasContent("# sample");
      assertThat(workspace.dir().resolve("stray.txt")).doesNotExist();
      assertThat(workspace.dir().resolve("out")).doesNotExist();
    }
  }

  @Test
  void resetsToACommitKnownOnlyToOrigin() throws Exception {
    try (Workspace workspace = workspaces.open(task)) {
      RevCommit elsewhere = TestRepos.pushToOrigin(origin, temp.resolve("other"), "main", "on main only",
          tree -> Files.writeString(tree.resolve("MAIN.md"), "main\n"));

      workspace.resetTo(elsewhere.name());

      assertThat(workspace.head()).isEqualTo(elsewhere.name());
      assertThat(workspace.dir().resolve("MAIN.md")).exists();
    }
  }

  @Test
  void failsNamingACommitThatExistsNowhere() {
    try (Workspace workspace = workspaces.open(task)) {
      assertThatThrownBy(() -> workspace.resetTo("0123456789abcdef0123456789abcdef01234567"))
          .hasMessage("commit 0123456789abcdef0123456789abcdef01234567 not found in the workspace or in " + origin);
    }
  }

  @Test
  void turnsALocalPathIntoAFileUri() {
    RepositoryLocation location = RepositoryLocation.of(origin.toString());

    assertThat(location.uri()).startsWith("file:/").endsWith("origin.git");
    assertThat(location.isLocal()).isTrue();
    assertThat(RepositoryLocation.of("https://example.com/x.git").isLocal()).isFalse();
    assertThat(RepositoryLocation.of("git@example.com:team/x.git").uri()).isEqualTo("git@example.com:team/x.git");
  }
}
