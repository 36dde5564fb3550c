package dev.agentline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The body {@code agentline submit} sends: the spec file's fields, changed by flags; what it can name as wrong first. */
class TaskSpecTest {
  static final ObjectMapper JSON = new ObjectMapper();

  static TaskSpec.Flags flags(String repository, String title, String testCommand) {
    return new TaskSpec.Flags(repository, null, title, null, List.of(), testCommand, null, null, null, List.of(), null, null, null, List.of(), List.of());
  }

  @Test
  void aTicketAloneIsSentAsBefore() throws Exception {
    TicketFile ticket = new TicketFile("Fix add", "It subtracts.", List.of("add(2, 3) is 5"), "make test", "main", 5000L, null,
        List.of("calc"), "rita", "CALC-7");

    Map<String, Object> body = TaskSpec.of("file:///repo", ticket, "make test").body();

    assertThat(JSON.writeValueAsString(body)).isEqualTo("{\"repository\":\"file:///repo\",\"ticketKey\":\"CALC-7\",\"baseBranch\":\"main\","
        + "\"title\":\"Fix add\",\"description\":\"It subtracts.\",\"acceptanceCriteria\":[\"add(2, 3) is 5\"],\"testCommand\":\"make test\","
        + "\"requester\":\"rita\",\"labels\":[\"calc\"],\"budget\":{\"maxTokens\":5000,\"maxCostUsd\":null}}");
  }

  @Test
  void flagsReplaceTheFilesValuesAndAddToItsLists() {
    TicketFile ticket = new TicketFile("Fix add", "It subtracts.", List.of("green"), "make test", "main", null, null, List.of("calc"), null, null);
    TaskSpec.Flags flags = new TaskSpec.Flags("https://git.example.com/calc.git", "develop", "Fix add, really", null, List.of("negatives too"),
        null, 9000L, 0.5, "sam", List.of("urgent"), "CALC-8", "BugFix", "add returns a + b", List.of("no new dependencies"),
        List.of("Calculator.add(int, int)"));

    Map<String, Object> body = TaskSpec.of(null, ticket, ticket.testCommand()).with(flags).body();

    assertThat(body).containsEntry("repository", "https://git.example.com/calc.git").containsEntry("baseBranch", "develop")
        .containsEntry("title", "Fix add, really").containsEntry("description", "It subtracts.").containsEntry("testCommand", "make test")
        .containsEntry("acceptanceCriteria", List.of("green", "negatives too")).containsEntry("labels", List.of("calc", "urgent"))
        .containsEntry("requester", "sam").containsEntry("ticketKey", "CALC-8").containsEntry("workType", "bugfix")
        .containsEntry("goal", "add returns a + b").containsEntry("constraints", List.of("no new dependencies"))
        .containsEntry("interfaces", List.of("Calculator.add(int, int)"));
    assertThat(body.get("budget")).isEqualTo(Map.of("maxTokens", 9000L, "maxCostUsd", 0.5));
  }

  @Test
  void theNewSpecFieldsAreLeftOutWhenNotGiven() {
    Map<String, Object> body = TaskSpec.empty().with(flags("file:///repo", "Fix add", "make test")).body();

    assertThat(body).doesNotContainKeys("workType", "goal", "constraints", "interfaces", "budget", "labels", "ticketKey", "requester");
  }

  @Test
  void whatIsMissingOrWrongIsNamedByItsField() {
    TaskSpec.Flags flags = new TaskSpec.Flags(null, null, null, null, List.of(), " ", -1L, 0.0, null, List.of(), null, "chore", null, List.of(),
        List.of());

    assertThat(TaskSpec.empty().with(flags).problems()).containsExactly(
        "repository: give --repo (a git URL or a local path)",
        "title: give --title or a title in the spec file",
        "testCommand: give --test-command or a testCommand in the spec file",
        "workType: 'chore' is not one of feature, bugfix, refactor, migration, add-endpoint, add-field",
        "budget.maxTokens: must be a positive number of tokens, was -1",
        "budget.maxCostUsd: must be a positive amount of US dollars, was 0.0");
    assertThat(TaskSpec.empty().with(flags("file:///repo", "Fix add", "make test")).problems()).isEmpty();
  }
}
