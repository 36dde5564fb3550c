package dev.agentline.worker.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How an EXECUTE answer is read: SEARCH/REPLACE blocks first, then a unified diff, else a reason. */
class ExecuteContractTest {
  private final ExecuteContract contract = new ExecuteContract(ExecuteContract.CODE_EDIT);

  private static final String DIFF = """
      --- a/src/main/java/demo/App.java
      +++ b/src/main/java/demo/App.java
      @@ -1,3 +1,3 @@
       package demo;
      -class App {}
      +class App { int x; }
      """;

  @Test
  void takesAPlainUnifiedDiffAsGiven() {
    StepOutput output = contract.read(DIFF);

    assertThat(output.ok()).as(output.error()).isTrue();
    assertThat(output.unifiedDiff()).isEqualTo(DIFF);
    assertThat(output.edits()).isEmpty();
  }

  @Test
  void takesAGitDiffInsideADiffFence() {
    String gitDiff = "diff --git a/README.md b/README.md\nindex 1..2 100644\n" + DIFF.replace("src/main/java/demo/App.java", "README.md");

    StepOutput output = contract.read("Here you go:\n```diff\n" + gitDiff + "```\n");

    assertThat(output.unifiedDiff()).isEqualTo(gitDiff);
  }

  @Test
  void takesANewFileDiffFromDevNull() {
    String created = "--- /dev/null\n+++ b/NOTES.md\n@@ -0,0 +1 @@\n+hello\n";

    assertThat(contract.read(created).unifiedDiff()).isEqualTo(created);
  }

  @Test
  void refusesADiffWithoutHunks() {
    StepOutput output = contract.read("--- a/App.java\n+++ b/App.java\n-class App {}\n+class App { }\n");

    assertThat(output.error()).isEqualTo("unified diff invalid: file App.java has no @@ hunk");
  }

  @Test
  void refusesADiffWithoutFileHeaders() {
    assertThat(contract.read("```diff\n@@ -1 +1 @@\n-a\n+b\n```").error())
        .isEqualTo("unified diff invalid: line 1: @@ hunk before any ---/+++ file header");
  }

  @Test
  void refusesADiffOutsideTheRepository() {
    assertThat(contract.read(DIFF.replace("b/src/main/java/demo/App.java", "b/../../x")).error())
        .isEqualTo("unified diff invalid: file path must not contain '..': ../../x");
  }

  @Test
  void prefersSearchReplaceBlocksOverADiff() {
    StepOutput output = contract.read("a.txt\n<<<<<<< SEARCH\n=======\nx\n>>>>>>> REPLACE\n");

    assertThat(output.edits()).hasSize(1);
    assertThat(output.unifiedDiff()).isNull();
  }

  @Test
  void saysWhenTheAnswerHasNeitherBlocksNorADiff() {
    assertThat(contract.read("I would rather not.").error()).isEqualTo("no SEARCH/REPLACE block or unified diff found in the answer");
  }
}
