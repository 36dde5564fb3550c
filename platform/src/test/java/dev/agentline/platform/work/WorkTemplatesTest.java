package dev.agentline.platform.work;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WorkTemplatesTest {
  @Test
  void everyWorkTypeOfTheSeedHasATemplateWithPlanningRulesAndChecks() {
    assertThat(WorkTemplates.all()).extracting(WorkTemplate::name)
        .containsExactly("feature", "bugfix", "refactor", "migration", "add-endpoint", "add-field");
    for (WorkTemplate template : WorkTemplates.all()) {
      assertThat(template.planning()).as(template.name()).hasSizeGreaterThanOrEqualTo(3);
      assertThat(template.checks()).as(template.name()).isNotEmpty();
    }
  }

  @Test
  void aTypeIsFoundWhateverItsCaseAndAnUnknownOneIsNot() {
    assertThat(WorkTemplates.find(" BugFix ")).map(WorkTemplate::name).contains("bugfix");
    assertThat(WorkTemplates.find("hotfix")).isEmpty();
    assertThat(WorkTemplates.find(null)).isEmpty();
  }

  @Test
  void theGuidanceNamesTheTypeAndListsItsRules() {
    String guidance = WorkTemplates.find("bugfix").orElseThrow().guidance();
    assertThat(guidance).startsWith("## Work type: bugfix\n")
        .contains("- First plan a test-write step that reproduces the defect; it must fail before the fix.")
        .contains("A good result of this type:\n- The reproduction test fails before the fix and passes after it.");
  }

  @Test
  void aBrokenTemplateSaysWhatIsWrong() {
    assertThatThrownBy(() -> WorkTemplates.parse("bugfix", "name: bugfix\nsummary: x\nplanning: []\nchecks: [a]"))
        .hasMessage("work template bugfix: planning must be a non-empty list");
    assertThatThrownBy(() -> WorkTemplates.parse("bugfix", "name: feature\nsummary: x\nplanning: [a]\nchecks: [a]"))
        .hasMessage("work template bugfix: name is feature");
    assertThatThrownBy(() -> WorkTemplates.parse("bugfix", "name: bugfix\nsummary: x\nplanning: [a, '']\nchecks: [a]"))
        .hasMessage("work template bugfix: every planning entry must be a non-blank text");
  }
}
