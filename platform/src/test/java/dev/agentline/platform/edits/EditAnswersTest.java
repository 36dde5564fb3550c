package dev.agentline.platform.edits;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Where a diff is found in an answer, and what wins when an answer holds several kinds of edit. */
class EditAnswersTest {
  private static final String APP = "--- a/App.java\n+++ b/App.java\n@@ -1 +1 @@\n-a\n+b\n";
  private static final String README = "--- a/README.md\n+++ b/README.md\n@@ -1 +1 @@\n-x\n+y\n";

  @Test
  void joinsTheDiffFencesOfSeveralFiles() {
    EditAnswer answer = EditAnswers.read("First the class:\n```diff\n" + APP + "```\nThen the docs:\n```patch\n" + README + "```\n");

    assertThat(answer.unifiedDiff()).contains("diff --git a/App.java b/App.java").contains("diff --git a/README.md b/README.md");
  }

  @Test
  void findsAnUnfencedDiffAfterProseAndACrlfOne() {
    assertThat(EditAnswers.read("Here is the patch:\n\n" + APP + "\nThis renames a to b.").unifiedDiff())
        .isEqualTo("diff --git a/App.java b/App.java\n" + APP.replace("@@ -1 +1 @@", "@@ -1,1 +1,1 @@"));
    assertThat(EditAnswers.read(APP.replace("\n", "\r\n")).unifiedDiff()).doesNotContain("\r");
  }

  @Test
  void findsADiffInAFenceOfAnotherLanguage() {
    assertThat(EditAnswers.read("```java\n" + APP + "```").unifiedDiff()).startsWith("diff --git a/App.java b/App.java\n");
  }

  @Test
  void searchReplaceBlocksWinOverADiff() {
    EditAnswer answer = EditAnswers.read(APP + "\nApp.java\n<<<<<<< SEARCH\na\n=======\nb\n>>>>>>> REPLACE\n");

    assertThat(answer.edits()).hasSize(1);
    assertThat(answer.unifiedDiff()).isNull();
  }

  @Test
  void refusesADiffThatLeavesTheRepository() {
    assertThat(EditAnswers.read(APP.replace("+++ b/App.java", "+++ b/../../x")).error())
        .isEqualTo("unified diff invalid: file path must not contain '..': ../../x");
  }

  @Test
  void saysWhenThereIsNothingToApply() {
    assertThat(EditAnswers.read("I would rather not.").error()).isEqualTo("no SEARCH/REPLACE block or unified diff found in the answer");
    assertThat(EditAnswers.read(null).error()).isEqualTo("no SEARCH/REPLACE block or unified diff found in the answer");
  }

  @Test
  void refusesADiffCutOffInsideItsLastHunkButNotOneWhoseCountsAreMerelyWrong() {
    String cut = "```diff\n--- a/App.java\n+++ b/App.java\n@@ -1,4 +1,5 @@\n a\n-b\n+c\n";

    assertThat(EditAnswers.read(cut).error()).isEqualTo("unified diff invalid: the diff ends inside its last hunk (@@ -1,4 +1,5 @@ states 4 old "
        + "and 5 new lines; 2 and 2 are there) and its fence is never closed: the answer looks cut off");
    assertThat(EditAnswers.read(cut + "```\n").unifiedDiff()).contains("@@ -1,2 +1,2 @@");
  }
}
