package dev.agentline.toolrunner.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentline.schemas.ToolName;
import dev.agentline.schemas.ToolResult;
import dev.agentline.toolrunner.TestRepos;
import java.nio.file.Files;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;

class ApplyEditsToolTest extends ToolTestSupport {
  static final String GREETER = "src/Greeter.java";

  @Test
  void commitsTheEditsWithTheRequestTrailerAndPushesTheBranch() throws Exception {
    String base = prepare().getCommit();

    ToolResult result = runOk(applyEdits("t1/step-1/1/apply",
        edit(GREETER, "return \"hello\";", "return \"hi\";"),
        edit("src/Farewell.java", "", "class Farewell {}\n")).setTitle("Say hi"));

    RevCommit pushed = TestRepos.head(origin, BRANCH);
    assertThat(result.getCommit()).isEqualTo(pushed.name()).isNotEqualTo(base);
    assertThat(pushed.getFullMessage()).isEqualTo("Say hi\n\nAgentline-Request: t1/step-1/1/apply\n");
    assertThat(pushed.getParent(0).name()).isEqualTo(base);
    assertThat(pushed.getAuthorIdent().getName()).isEqualTo("agentline");
    assertThat(pushed.getAuthorIdent().getEmailAddress()).isEqualTo("agentline@localhost");
    assertThat(TestRepos.fileAt(origin, BRANCH, GREETER)).contains("return \"hi\";");
    assertThat(TestRepos.fileAt(origin, BRANCH, "src/Farewell.java")).isEqualTo("class Farewell {}\n");
    assertThat(result.getOutput()).startsWith("committed " + result.getCommit().substring(0, 12) + " on " + BRANCH + ": 2 files changed")
        .contains("A src/Farewell.java").contains("M src/Greeter.java");
  }

  @Test
  void theResultCarriesTheDiffOfTheNewCommitAndAReplayTheSameDiff() {
    var request = applyEdits("t1/step-1/1/apply", edit(GREETER, "return \"hello\";", "return \"hi\";"));

    ToolResult first = runOk(request);
    ToolResult replay = runOk(request);

    assertThat(first.getDiff().replaceFirst("(?m)^index \\w+\\.\\.\\w+", "index <ids>")).isEqualTo("""
        diff --git a/src/Greeter.java b/src/Greeter.java
        index <ids> 100644
        --- a/src/Greeter.java
        +++ b/src/Greeter.java
        @@ -1,5 +1,5 @@
         class Greeter {
           String greet() {
        -    return "hello";
        +    return "hi";
           }
         }
        """);
    assertThat(replay.getOutput()).startsWith("already applied in");
    assertThat(replay.getDiff()).isEqualTo(first.getDiff());
  }

  @Test
  void editsThatChangeNothingCarryAnEmptyDiff() {
    ToolResult result = runOk(applyEdits("t1/step-1/1/apply", edit(GREETER, "hello", "hello")));

    assertThat(result.getOutput()).startsWith("no changes");
    assertThat(result.getDiff()).isEmpty();
  }

  @Test
  void usesADefaultCommitMessageNamingTheRequest() throws Exception {
    runOk(applyEdits("t1/step-1/1/apply", edit(GREETER, "hello", "hey")));

    assertThat(TestRepos.head(origin, BRANCH).getShortMessage()).isEqualTo("agentline: apply t1/step-1/1/apply");
  }

  @Test
  void applyingTheSameRequestTwiceMakesOneCommit() throws Exception {
    var request = applyEdits("t1/step-1/1/apply", edit(GREETER, "hello", "hey"));
    ToolResult first = runOk(request);
    int commits = TestRepos.commitCount(origin, BRANCH);

    ToolResult second = runOk(request);

    assertThat(second.getCommit()).isEqualTo(first.getCommit());
    assertThat(second.getOutput()).startsWith("already applied in");
    assertThat(TestRepos.commitCount(origin, BRANCH)).isEqualTo(commits);
    assertThat(Files.readString(workspaceFile(GREETER))).contains("\"hey\"").doesNotContain("heyhey");
  }

  @Test
  void aRedeliveryResetToTheBaseCommitStillFindsTheAppliedCommit() throws Exception {
    String base = prepare().getCommit();
    var request = applyEdits("t1/step-1/1/apply", edit(GREETER, "hello", "hey")).setCommit(base);
    ToolResult first = runOk(request);

    ToolResult second = runOk(request);

    assertThat(second.getCommit()).isEqualTo(first.getCommit());
    assertThat(TestRepos.head(origin, BRANCH).name()).isEqualTo(first.getCommit());
  }

  @Test
  void aRetriedAttemptRewritesTheBranchFromAnEarlierCommit() throws Exception {
    String base = prepare().getCommit();
    runOk(applyEdits("t1/step-1/1/apply", edit(GREETER, "hello", "hey")));

    ToolResult retry = runOk(applyEdits("t1/step-1/2/apply", edit(GREETER, "hello", "howdy")).setCommit(base));

    RevCommit pushed = TestRepos.head(origin, BRANCH);
    assertThat(pushed.name()).isEqualTo(retry.getCommit());
    assertThat(pushed.getParent(0).name()).isEqualTo(base);
    assertThat(TestRepos.fileAt(origin, BRANCH, GREETER)).contains("howdy").doesNotContain("hey");
  }

  @Test
  void aSearchThatIsNotFoundFailsAndLeavesTheWorkspaceUnchanged() throws Exception {
    String base = prepare().getCommit();
    String greeterBefore = Files.readString(workspaceFile(GREETER));

    ToolResult result = run(applyEdits("t1/step-1/1/apply",
        edit(GREETER, "hello", "hey"),
        edit("src/Created.java", "", "class Created {}\n"),
        edit("src/Util.java", "  // goodbye helper\n  more", "x")));

    assertThat(result.getOk()).isFalse();
    assertThat(result.getError()).startsWith("edit 3/3 for src/Util.java: the SEARCH text matches nowhere in the file")
        .contains("It begins: \"// goodbye helper\"")
        .contains("The closest lines in the file are 2-3 (line numbers are not part of the file):\n2|   // hello helper\n3| }");
    assertThat(Files.readString(workspaceFile(GREETER))).isEqualTo(greeterBefore);
    assertThat(workspaceFile("src/Created.java")).doesNotExist();
    assertThat(TestRepos.head(origin, BRANCH).name()).isEqualTo(base);
    try (Git git = Git.open(workspaces.dirOf(TASK).toFile())) {
      assertThat(git.status().call().isClean()).isTrue();
      assertThat(git.getRepository().resolve("HEAD").name()).isEqualTo(base);
    }
  }

  @Test
  void aSearchFoundMoreThanOnceFailsSayingSo() {
    ToolResult result = run(applyEdits("t1/step-1/1/apply", edit("test.sh", "/", "\\")));

    assertThat(result.getOk()).isFalse();
    assertThat(result.getError()).startsWith("edit 1/1 for test.sh: the SEARCH text matches 3 places (lines 1, 2); it must match exactly one");
  }

  @Test
  void anEmptySearchOnANonEmptyFileFails() {
    ToolResult result = run(applyEdits("t1/step-1/1/apply", edit("README.md", "", "# replaced\n")));

    assertThat(result.getOk()).isFalse();
    assertThat(result.getError()).startsWith("edit 1/1 for README.md: cannot create README.md: it already exists and is not empty");
  }

  @Test
  void appliesAUnifiedDiff() throws Exception {
    String diff = """
        diff --git a/src/Util.java b/src/Util.java
        --- a/src/Util.java
        +++ b/src/Util.java
        @@ -1,3 +1,4 @@
         class Util {
           // hello helper
        +  static int answer() { return 42; }
         }
        diff --git a/docs/NOTES.md b/docs/NOTES.md
        new file mode 100644
        --- /dev/null
        +++ b/docs/NOTES.md
        @@ -0,0 +1 @@
        +notes
        """;

    ToolResult result = runOk(request(ToolName.APPLY_EDITS).setUnifiedDiff(diff));

    assertThat(TestRepos.fileAt(origin, BRANCH, "src/Util.java")).contains("return 42;");
    assertThat(TestRepos.fileAt(origin, BRANCH, "docs/NOTES.md")).isEqualTo("notes\n");
    assertThat(result.getOutput()).contains("2 files changed").contains("A docs/NOTES.md").contains("M src/Util.java");
  }

  @Test
  void aUnifiedDiffThatMatchesNowhereFailsNamingTheHunkAndChangesNothing() throws Exception {
    String base = prepare().getCommit();
    String diff = """
        diff --git a/src/Util.java b/src/Util.java
        --- a/src/Util.java
        +++ b/src/Util.java
        @@ -1,3 +1,3 @@
         class Util {
        -  // a line that is not there
        +  // replaced
         }
        """;

    ToolResult result = run(request(ToolName.APPLY_EDITS).setUnifiedDiff(diff));

    assertThat(result.getOk()).isFalse();
    assertThat(result.getError()).startsWith("unified diff, file 1/1 (src/Util.java), hunk 1/1 (@@ -1,3 +1,3 @@): its context and '-' lines match nowhere")
        .contains("2|   // hello helper");
    assertThat(TestRepos.head(origin, BRANCH).name()).isEqualTo(base);
    try (Git git = Git.open(workspaces.dirOf(TASK).toFile())) {
      assertThat(git.status().call().isClean()).isTrue();
    }
  }

  @Test
  void appliesADiffGitApplyRefusesWithWrongCountsAndDriftedIndentation() throws Exception {
    String diff = """
        Here is the change:
        ```diff
        --- src/Greeter.java
        +++ src/Greeter.java
        @@ -10,2 +10,3 @@
         String greet() {
           return "hello";
        +  // friendly
        ```
        """;

    runOk(request(ToolName.APPLY_EDITS).setUnifiedDiff(dev.agentline.platform.edits.EditAnswers.read(diff).unifiedDiff()));

    assertThat(TestRepos.fileAt(origin, BRANCH, GREETER)).isEqualTo("class Greeter {\n  String greet() {\n    return \"hello\";\n    // friendly\n  }\n}\n");
  }

  @Test
  void whenGitApplyFailsHalfwayTheFilesItWroteAreRestoredBeforeTheForgivingTry() throws Exception {
    // JGit applies the first file, then refuses the second (its context has drifted): the forgiving
    // application must start from the original first file, or the first change would be made twice.
    String diff = """
        diff --git a/README.md b/README.md
        --- a/README.md
        +++ b/README.md
        @@ -1 +1,2 @@
         # sample
        +more
        diff --git a/src/Util.java b/src/Util.java
        --- a/src/Util.java
        +++ b/src/Util.java
        @@ -1,3 +1,3 @@
         class Util {
        -    // hello helper
        +    // helper
         }
        """;

    runOk(request(ToolName.APPLY_EDITS).setUnifiedDiff(diff));

    assertThat(TestRepos.fileAt(origin, BRANCH, "README.md")).isEqualTo("# sample\nmore\n");
    assertThat(TestRepos.fileAt(origin, BRANCH, "src/Util.java")).isEqualTo("class Util {\n  // helper\n}\n");
  }

  @Test
  void refusesEditsOutsideTheWorkspaceOrInsideGit() {
    for (String path : List.of("../evil.txt", "/tmp/evil.txt", ".git/config", "src/../../evil.txt")) {
      ToolResult result = run(applyEdits("t1/step-1/1/apply", edit(path, "", "evil")));

      assertThat(result.getOk()).as(path).isFalse();
      assertThat(result.getError()).as(path).startsWith("path refused: " + path + " (");
    }
    assertThat(temp.resolve("evil.txt")).doesNotExist();
    assertThat(temp.resolve("workspaces/evil.txt")).doesNotExist();
  }

  @Test
  void refusesADiffThatNamesAPathInsideGit() {
    String diff = """
        diff --git a/.git/hooks/pre-commit b/.git/hooks/pre-commit
        new file mode 100755
        --- /dev/null
        +++ b/.git/hooks/pre-commit
        @@ -0,0 +1 @@
        +echo owned
        """;

    ToolResult result = run(request(ToolName.APPLY_EDITS).setUnifiedDiff(diff));

    assertThat(result.getOk()).isFalse();
    assertThat(result.getError()).isEqualTo("path refused: .git/hooks/pre-commit (inside .git/)");
    assertThat(workspaceFile(".git/hooks/pre-commit")).doesNotExist();
  }

  @Test
  void failsWhenThereIsNothingToApply() {
    ToolResult result = run(request(ToolName.APPLY_EDITS));

    assertThat(result.getOk()).isFalse();
    assertThat(result.getError()).isEqualTo("nothing to apply: the request has no edits and no unified diff");
  }
}
