package dev.agentline.planner.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BranchNameTest {

  @Test
  void usesTheTicketKeyAndASlugOfTheTitle() {
    assertThat(BranchName.of("PAY-142", "t-1", "Fix rounding in Invoice totals!"))
        .isEqualTo("agentline/PAY-142-fix-rounding-in-invoice-totals");
  }

  @Test
  void fallsBackToTheTaskIdWithoutATicketKey() {
    assertThat(BranchName.of(null, "3f2a-77", "Add divide()")).isEqualTo("agentline/3f2a-77-add-divide");
    assertThat(BranchName.of("  ", "3f2a-77", "Add divide()")).isEqualTo("agentline/3f2a-77-add-divide");
  }

  @Test
  void cutsLongTitlesAtAWordAndDropsAccents() {
    String branch = BranchName.of("K-1", "t", "Élargir la validation des numéros de téléphone internationaux dans le formulaire");
    assertThat(branch).startsWith("agentline/K-1-elargir-la-validation-des-numeros");
    assertThat(branch.substring("agentline/K-1-".length())).hasSizeLessThanOrEqualTo(BranchName.MAX_SLUG).doesNotEndWith("-");
  }

  @Test
  void alwaysMakesAValidRefName() {
    for (String[] input : new String[][] {{"../evil key", "t", "x"}, {".lock", "t", ""}, {null, "t", "~^:?*[\\ "}, {"A B..C", "t", "ok"}}) {
      String branch = BranchName.of(input[0], input[1], input[2]);
      // git check-ref-format: no "..", no component starting with "." or ending with ".lock" or ".", no special characters
      assertThat(branch).as(branch).matches("agentline/[A-Za-z0-9][A-Za-z0-9._-]*").doesNotContain("..")
          .doesNotEndWith(".lock").doesNotEndWith(".");
    }
  }
}
