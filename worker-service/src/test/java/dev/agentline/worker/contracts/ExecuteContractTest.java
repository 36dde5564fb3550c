package dev.agentline.worker.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How an EXECUTE answer is read: SEARCH/REPLACE blocks first, then a unified diff, else a reason. */
class ExecuteContractTest {
  private static final dev.agentline.schemas.StepRequest REQUEST = dev.agentline.worker.StepRequests.executeRequest("t1", dev.agentline.schemas.Role.CODE_EDIT, "s1", 1).build();
  private final ExecuteContract contract = new ExecuteContract("code-edit.execute.v4");

  private static final String DIFF = """
      --- a/src/main/java/demo/App.java
      +++ b/src/main/java/demo/App.java
      @@ -1,3 +1,3 @@
       package demo;
      -class App {}
      +class App { int x; }
      """;

  /** DIFF in canonical git form: a diff --git header, the hunk's real counts (the model wrote 3 for 2). */
  private static final String CANONICAL = """
      diff --git a/src/main/java/demo/App.java b/src/main/java/demo/App.java
      --- a/src/main/java/demo/App.java
      +++ b/src/main/java/demo/App.java
      @@ -1,2 +1,2 @@
       package demo;
      -class App {}
      +class App { int x; }
      """;

  @Test
  void passesAPlainUnifiedDiffOnInCanonicalForm() {
    StepOutput output = contract.read(REQUEST, DIFF);

    assertThat(output.ok()).as(output.error()).isTrue();
    assertThat(output.unifiedDiff()).isEqualTo(CANONICAL);
    assertThat(output.edits()).isEmpty();
  }

  @Test
  void takesAGitDiffInsideADiffFence() {
    String gitDiff = "diff --git a/README.md b/README.md\nindex 1..2 100644\n" + DIFF.replace("src/main/java/demo/App.java", "README.md");

    StepOutput output = contract.read(REQUEST, "Here you go:\n```diff\n" + gitDiff + "```\n");

    assertThat(output.unifiedDiff()).isEqualTo(CANONICAL.replace("src/main/java/demo/App.java", "README.md"));
  }

  @Test
  void takesANewFileDiffFromDevNull() {
    String created = "--- /dev/null\n+++ b/NOTES.md\n@@ -0,0 +1 @@\n+hello\n";

    assertThat(contract.read(REQUEST, created).unifiedDiff())
        .isEqualTo("diff --git a/NOTES.md b/NOTES.md\nnew file mode 100644\n--- /dev/null\n+++ b/NOTES.md\n@@ -0,0 +1,1 @@\n+hello\n");
  }

  @Test
  void takesADiffWhoseHunkHeaderIsMissingAsAHunkOfUnknownPosition() {
    StepOutput output = contract.read(REQUEST, "--- a/App.java\n+++ b/App.java\n-class App {}\n+class App { }\n");

    assertThat(output.unifiedDiff()).endsWith("+++ b/App.java\n@@ -?,1 +?,1 @@\n-class App {}\n+class App { }\n");
  }

  @Test
  void refusesADiffWithoutHunks() {
    StepOutput output = contract.read(REQUEST, "--- a/App.java\n+++ b/App.java\nI changed the class.\n");

    assertThat(output.error()).isEqualTo("unified diff invalid: file App.java has no @@ hunk");
  }

  @Test
  void refusesADiffWithoutFileHeaders() {
    assertThat(contract.read(REQUEST, "```diff\n@@ -1 +1 @@\n-a\n+b\n```").error())
        .isEqualTo("unified diff invalid: line 1: @@ hunk before any ---/+++ file header");
  }

  @Test
  void refusesADiffOutsideTheRepository() {
    assertThat(contract.read(REQUEST, DIFF.replace("b/src/main/java/demo/App.java", "b/../../x")).error())
        .isEqualTo("unified diff invalid: file path must not contain '..': ../../x");
  }

  @Test
  void prefersSearchReplaceBlocksOverADiff() {
    StepOutput output = contract.read(REQUEST, "a.txt\n<<<<<<< SEARCH\n=======\nx\n>>>>>>> REPLACE\n");

    assertThat(output.edits()).hasSize(1);
    assertThat(output.unifiedDiff()).isNull();
  }

  @Test
  void saysWhenTheAnswerHasNeitherBlocksNorADiff() {
    assertThat(contract.read(REQUEST, "I would rather not.").error()).isEqualTo("no SEARCH/REPLACE block or unified diff found in the answer");
  }
}
