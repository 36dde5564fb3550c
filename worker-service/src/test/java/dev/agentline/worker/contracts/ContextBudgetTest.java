package dev.agentline.worker.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentline.schemas.FileContent;
import dev.agentline.schemas.Role;
import dev.agentline.schemas.StepKind;
import dev.agentline.schemas.StepRequest;
import dev.agentline.worker.StepRequests;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Context is fitted into the role's budget in priority order, and every cut is visible. */
class ContextBudgetTest {

  @Test
  void textThatFitsIsKeptWholeAndUsesTheBudget() {
    ContextBudget budget = new ContextBudget("code-edit", 100, 100);

    assertThat(budget.fit("0123456789")).isEqualTo("0123456789");
    assertThat(budget.remainingChars()).isEqualTo(290);
  }

  @Test
  void textThatDoesNotFitIsCutAtALineEndWithAVisibleMarker() {
    ContextBudget budget = new ContextBudget("code-edit", 50, 0);
    String text = ("x".repeat(59) + "\n").repeat(10);

    String fitted = budget.fit(text);

    assertThat(fitted).startsWith("x".repeat(59) + "\n").endsWith("characters to fit the code-edit context budget of 50 tokens ...]\n");
    assertThat(fitted).contains("[... truncated 540 characters");
    assertThat(fitted.length()).isLessThanOrEqualTo(200);
    assertThat(budget.fit("y".repeat(300))).isEqualTo("[... truncated 300 characters to fit the code-edit context budget of 50 tokens ...]\n");
  }

  @Test
  void filesNamedByThePlanComeFirstThenSearchHitsThenTheMapAndWhatDoesNotFitIsMarked() {
    String big = "line of code\n".repeat(800);
    StepRequest request = StepRequests.executeRequest("t1", Role.CODE_EDIT, "s1", 1)
        .setFiles(List.of(
            FileContent.newBuilder().setPath("src/main/java/demo/Other.java").setContent("class Other {}\n").build(),
            FileContent.newBuilder().setPath("src/main/java/demo/Hello.java").setContent(big).build()))
        .setSearchHits(List.of("src/main/java/demo/App.java:1: package demo;"))
        .setRepositoryMap("map ".repeat(2000))
        .build();

    String user = new PromptContracts().forStep(Role.CODE_EDIT, StepKind.EXECUTE).orElseThrow().prompt(request, 2000).get(1).content();

    assertThat(user.indexOf("### src/main/java/demo/Hello.java")).isLessThan(user.indexOf("### src/main/java/demo/Other.java"));
    assertThat(user).contains("### src/main/java/demo/Hello.java\n```\nline of code\n");
    assertThat(user).containsPattern("line of code\n\\[\\.\\.\\. truncated \\d+ characters to fit the code-edit context budget of 2000 tokens \\.\\.\\.]");
    assertThat(user).contains("### src/main/java/demo/Other.java\n```\n[... truncated 15 characters to fit the code-edit context budget of 2000 tokens ...]");
    assertThat(user).contains("## Search hits (path:line: text)\n[... truncated");
    assertThat(user).contains("## Repository map\n[... truncated 8000 characters to fit the code-edit context budget of 2000 tokens ...]");
    assertThat(user.length()).isLessThan(2000 * ContextBudget.CHARS_PER_TOKEN + 600);
  }

  @Test
  void aBudgetBigEnoughKeepsEverythingWithoutMarkers() {
    String user = new PromptContracts().forStep(Role.CODE_EDIT, StepKind.EXECUTE).orElseThrow()
        .prompt(StepRequests.executeRequest("t1", Role.CODE_EDIT, "s1", 1).setRepositoryMap("App.java: class App").build(), 8000).get(1).content();

    assertThat(user).doesNotContain("truncated").contains("App.java: class App");
  }
}
