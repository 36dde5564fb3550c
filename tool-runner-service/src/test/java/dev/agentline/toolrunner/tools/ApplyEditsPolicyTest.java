package dev.agentline.toolrunner.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentline.schemas.FailureReason;
import dev.agentline.schemas.ToolName;
import dev.agentline.schemas.ToolRequest;
import dev.agentline.schemas.ToolResult;
import dev.agentline.toolrunner.TestRepos;
import dev.agentline.toolrunner.pr.LocalCodeHost;
import dev.agentline.toolrunner.sandbox.ChangePolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** APPLY_EDITS under a change policy: protected and allowed paths, files and diff-lines limits, on real repositories. */
class ApplyEditsPolicyTest extends ToolTestSupport {
  static final String CI = ".github/workflows/ci.yml";
  static final String GREETER = "src/Greeter.java";

  String base;

  @BeforeEach
  void addACiWorkflowAndPrepare() throws Exception {
    TestRepos.pushToOrigin(origin, temp.resolve("scratch"), "main", "add ci", dir -> {
      Files.createDirectories(dir.resolve(".github/workflows"));
      Files.writeString(dir.resolve(CI), "on: push\njobs: {}\n");
    });
    base = prepare().getCommit();
  }

  ToolRequest.Builder applyDiff(String diff) {
    return request(ToolName.APPLY_EDITS).setRequestId("t1/step-1/1/apply").setUnifiedDiff(diff);
  }

  ToolResult refused(ToolRequest.Builder request, FailureReason reason) throws Exception {
    Map<String, String> before = workspaceFiles();
    ToolResult result = run(request);
    assertThat(result.getOk()).isFalse();
    assertThat(result.getErrorCode()).isEqualTo(reason);
    assertThat(result.getCommit()).isNull();
    assertThat(TestRepos.head(origin, BRANCH).name()).as("origin's task branch").isEqualTo(base);
    try (Git git = Git.open(workspaces.dirOf(TASK).toFile())) {
      assertThat(git.getRepository().resolve("HEAD").name()).isEqualTo(base);
      assertThat(git.status().call().isClean()).as("workspace clean").isTrue();
    }
    assertThat(workspaceFiles()).as("workspace files").isEqualTo(before);
    return result;
  }

  /** Every file of the workspace outside .git with its content. */
  Map<String, String> workspaceFiles() throws Exception {
    Path dir = workspaces.dirOf(TASK);
    Map<String, String> files = new TreeMap<>();
    try (var walk = Files.walk(dir)) {
      for (Path file : walk.filter(Files::isRegularFile).filter(f -> !dir.relativize(f).startsWith(".git")).toList()) {
        files.put(dir.relativize(file).toString(), Files.readString(file));
      }
    }
    return files;
  }

  @Test
  void anEditOfAProtectedPathIsRefusedAndNothingChanges() throws Exception {
    ToolResult result = refused(applyEdits("t1/step-1/1/apply",
        edit(GREETER, "hello", "hey"),
        edit(CI, "jobs: {}", "jobs: {evil: {}}")).setProtectedPaths(List.of(".github/**")), FailureReason.PROTECTED_PATH);

    assertThat(result.getError()).isEqualTo("protected path: .github/workflows/ci.yml matches .github/**");
  }

  @Test
  void aDiffThatChangesOrDeletesAProtectedPathIsRefused() throws Exception {
    ToolResult modified = refused(applyDiff("""
        diff --git a/.github/workflows/ci.yml b/.github/workflows/ci.yml
        --- a/.github/workflows/ci.yml
        +++ b/.github/workflows/ci.yml
        @@ -1,2 +1,2 @@
         on: push
        -jobs: {}
        +jobs: {evil: {}}
        """).setProtectedPaths(List.of("**/*.yml")), FailureReason.PROTECTED_PATH);
    ToolResult deleted = refused(applyDiff("""
        diff --git a/.github/workflows/ci.yml b/.github/workflows/ci.yml
        deleted file mode 100644
        --- a/.github/workflows/ci.yml
        +++ /dev/null
        @@ -1,2 +0,0 @@
        -on: push
        -jobs: {}
        """).setProtectedPaths(List.of(".github/")), FailureReason.PROTECTED_PATH);

    assertThat(modified.getError()).isEqualTo("protected path: .github/workflows/ci.yml matches **/*.yml");
    assertThat(deleted.getError()).isEqualTo("protected path: .github/workflows/ci.yml matches .github/");
  }

  @Test
  void aRenameOutOfAProtectedDirectoryIsRefusedNamingTheOldPath() throws Exception {
    ToolResult result = refused(applyDiff("""
        diff --git a/.github/workflows/ci.yml b/ci.yml
        similarity index 100%
        rename from .github/workflows/ci.yml
        rename to ci.yml
        """).setProtectedPaths(List.of(".github/**")), FailureReason.PROTECTED_PATH);

    assertThat(result.getError()).isEqualTo("protected path: .github/workflows/ci.yml matches .github/**");
    assertThat(workspaceFile("ci.yml")).doesNotExist();
  }

  @Test
  void aRenameIntoAProtectedDirectoryIsRefusedNamingTheNewPath() throws Exception {
    ToolResult result = refused(applyDiff("""
        diff --git a/src/Util.java b/.github/workflows/Util.java
        similarity index 100%
        rename from src/Util.java
        rename to .github/workflows/Util.java
        """).setProtectedPaths(List.of(".github/**")), FailureReason.PROTECTED_PATH);

    assertThat(result.getError()).isEqualTo("protected path: .github/workflows/Util.java matches .github/**");
  }

  @Test
  void configuredProtectedPathsApplyWhateverTheRequestSays() throws Exception {
    runner = new ToolRunner(workspaces, List.of(new LocalCodeHost()), new ToolLimits(4000, Duration.ofSeconds(30), Duration.ofSeconds(60)),
        ChangePolicy.of(List.of(), List.of("**/*.sh"), null, null));

    ToolResult result = refused(applyEdits("t1/step-1/1/apply", edit("test.sh", "grep", "true; grep"))
        .setProtectedPaths(List.of(".github/**")), FailureReason.PROTECTED_PATH);

    assertThat(result.getError()).isEqualTo("protected path: test.sh matches **/*.sh");
  }

  @Test
  void aPathOutsideTheAllowedGlobsIsRefused() throws Exception {
    ToolResult result = refused(applyEdits("t1/step-1/1/apply",
        edit(GREETER, "hello", "hey"),
        edit("README.md", "# sample", "# changed"),
        edit("docs/NEW.md", "", "new\n")).setAllowedPaths(List.of("src/**", "docs/*.txt")), FailureReason.PATH_NOT_ALLOWED);

    assertThat(result.getError()).isEqualTo("paths not allowed: README.md, docs/NEW.md match none of src/**, docs/*.txt");
  }

  @Test
  void moreFilesThanTheLimitAreRefusedAndTheWrittenFilesAreUndone() throws Exception {
    ToolResult result = refused(applyEdits("t1/step-1/1/apply",
        edit(GREETER, "hello", "hey"),
        edit("src/Util.java", "hello", "hey"),
        edit("src/Created.java", "", "class Created {}\n")).setMaxFilesChanged(2), FailureReason.FILES_LIMIT);

    assertThat(result.getError()).isEqualTo("3 files changed, more than the limit of 2 (max-files-changed)");
    assertThat(workspaceFile("src/Created.java")).doesNotExist();
  }

  @Test
  void aRenameCountsBothNamesAgainstTheFilesLimit() throws Exception {
    ToolResult result = refused(applyDiff("""
        diff --git a/src/Util.java b/src/Helpers.java
        similarity index 100%
        rename from src/Util.java
        rename to src/Helpers.java
        """).setMaxFilesChanged(1), FailureReason.FILES_LIMIT);

    assertThat(result.getError()).isEqualTo("2 files changed, more than the limit of 1 (max-files-changed)");
  }

  @Test
  void moreDiffLinesThanTheLimitAreRefusedAndARetryWithinTheLimitApplies() throws Exception {
    var tooBig = applyEdits("t1/step-1/1/apply", edit(GREETER, "    return \"hello\";\n", "    // one\n    // two\n    return \"hi\";\n"))
        .setMaxDiffLines(3);

    ToolResult result = refused(tooBig, FailureReason.DIFF_LIMIT);
    ToolResult retried = runOk(tooBig.setMaxDiffLines(4));

    assertThat(result.getError()).isEqualTo("4 diff lines (+3 -1), more than the limit of 3 (max-diff-lines)");
    assertThat(retried.getOutput()).startsWith("committed ");
    assertThat(TestRepos.head(origin, BRANCH).getParent(0).name()).isEqualTo(base);
  }

  @Test
  void aSuccessfulApplyWithinTheLimitsReportsChangedFilesAndDiffLinesAlsoWhenReplayed() throws Exception {
    var request = applyDiff("""
        diff --git a/src/Util.java b/lib/Util.java
        similarity index 100%
        rename from src/Util.java
        rename to lib/Util.java
        diff --git a/README.md b/README.md
        --- a/README.md
        +++ b/README.md
        @@ -1 +1,2 @@
        -# sample
        +# Sample
        +more
        """).setEdits(List.of(edit(GREETER, "hello", "hey")))
        .setAllowedPaths(List.of("src/**", "lib/**", "README.md")).setProtectedPaths(List.of(".github/**"))
        .setMaxFilesChanged(4).setMaxDiffLines(5);

    ToolResult result = runOk(request);
    ToolResult replay = runOk(request);

    assertThat(result.getChangedFiles()).containsExactly("README.md", "lib/Util.java", "src/Greeter.java", "src/Util.java");
    assertThat(result.getDiffLines()).isEqualTo(5);
    assertThat(result.getErrorCode()).isNull();
    assertThat(TestRepos.fileAt(origin, BRANCH, "lib/Util.java")).contains("hello helper");
    assertThat(TestRepos.fileAt(origin, BRANCH, "src/Util.java")).isNull();
    assertThat(replay.getOutput()).startsWith("already applied in");
    assertThat(replay.getChangedFiles()).isEqualTo(result.getChangedFiles());
    assertThat(replay.getDiffLines()).isEqualTo(5);
  }

  @Test
  void anInvalidGlobInTheRequestFailsWithoutAPolicyCode() throws Exception {
    ToolResult result = run(applyEdits("t1/step-1/1/apply", edit(GREETER, "hello", "hey")).setAllowedPaths(List.of("/src/**")));

    assertThat(result.getOk()).isFalse();
    assertThat(result.getErrorCode()).isNull();
    assertThat(result.getError()).isEqualTo("the request's change policy is not valid: glob /src/** is absolute; globs match repository-relative paths");
    assertThat(TestRepos.head(origin, BRANCH).name()).isEqualTo(base);
  }
}
