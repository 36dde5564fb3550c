package dev.agentline.planner.jira;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class IssueMappingTest {
  final JsonNode issue = JiraFixtures.json("issue-CALC-7.json");

  static JiraProperties.Mapping mapping(Map<String, String> fields, Map<String, String> defaults, Map<String, String> repositories) {
    return new JiraProperties.Mapping(fields, defaults, repositories, Map.of("Bug", "bugfix"), Map.of());
  }

  @Test
  void anIssueBecomesATaskSpecByTheConfiguredMapping() {
    IssueMapping mapping = new IssueMapping(mapping(Map.of("acceptanceCriteria", "customfield_10050", "requester", "reporter"),
        Map.of("testCommand", "./mvnw -q test"), Map.of("CALC", "https://git.example.com/calc.git")));

    IssueMapping.Result result = mapping.map(issue);

    assertThat(result.problems()).isEmpty();
    assertThat(result.spec()).containsEntry("title", "add() subtracts instead of adding")
        .containsEntry("repository", "https://git.example.com/calc.git")
        .containsEntry("testCommand", "./mvnw -q test")
        .containsEntry("labels", List.of("agentline", "backend"))
        .containsEntry("acceptanceCriteria", List.of("add(2, 3) returns 5", "CalculatorTest passes"))
        .containsEntry("requester", "jane@example.com")
        .containsEntry("workType", "bugfix")
        .containsEntry("ticketKey", "CALC-7");
    assertThat((String) result.spec().get("description")).startsWith("Calculator.add(a, b) returns a - b. Reported by @Jane Doe")
        .contains("```java\nassertEquals(5, calc.add(2, 3));\n```");
    assertThat(IssueMapping.taskId("CALC-7")).isEqualTo("jira-CALC-7");
  }

  @Test
  void theReporterIsNamedAsTheyAreInAgentlineWhenUsersListThem() {
    Map<String, String> fields = Map.of("requester", "reporter");
    Map<String, String> repositories = Map.of("CALC", "/repos/calc");
    ObjectNode hidden = (ObjectNode) issue.deepCopy();
    ((ObjectNode) hidden.path("fields").path("reporter")).remove("emailAddress");

    Object byAccount = new IssueMapping(new JiraProperties.Mapping(fields, Map.of(), repositories, Map.of(),
        Map.of("5b10ac8d82e05b22cc7d4ef5", "jdoe"))).map(issue).spec().get("requester");
    Object byDisplayName = new IssueMapping(new JiraProperties.Mapping(fields, Map.of(), repositories, Map.of(),
        Map.of("Jane Doe", "jdoe"))).map(hidden).spec().get("requester");
    Object unlisted = new IssueMapping(new JiraProperties.Mapping(fields, Map.of(), repositories, Map.of(),
        Map.of("someone else", "x"))).map(hidden).spec().get("requester");

    assertThat(byAccount).isEqualTo("jdoe");
    assertThat(byDisplayName).isEqualTo("jdoe");
    assertThat(unlisted).as("Jira hides the e-mail: the display name").isEqualTo("Jane Doe");
  }

  @Test
  void usersAreListedUnderJiraNamesThatCompareIgnoringCaseAndSurroundingSpace() {
    Map<String, String> fields = Map.of("requester", "reporter");
    Map<String, String> repositories = Map.of("CALC", "/repos/calc");

    Object byEmail = new IssueMapping(new JiraProperties.Mapping(fields, Map.of(), repositories, Map.of(),
        Map.of(" Jane@Example.COM ", "jdoe"))).map(issue).spec().get("requester");

    assertThat(byEmail).as("the issue's reporter is jane@example.com").isEqualTo("jdoe");
    assertThat(new JiraProperties.Mapping(fields, Map.of(), repositories, Map.of(), Map.of("Jane Doe", "jdoe", "jane doe", "jdoe"))
        .user("JANE DOE")).as("the same name twice, to the same person").isEqualTo("jdoe");
    assertThatThrownBy(() -> new JiraProperties.Mapping(fields, Map.of(), repositories, Map.of(),
        new TreeMap<>(Map.of("Jane Doe", "jdoe", "jane doe", "jane"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("agentline.jira.mapping.users names 'Jane Doe' and 'jane doe' differently, but they are one key: Jira names "
            + "compare ignoring case and surrounding space");
  }

  @Test
  void aComponentsRepositoryWinsOverItsProjects() {
    IssueMapping mapping = new IssueMapping(mapping(Map.of(), Map.of("testCommand", "make test"),
        Map.of("CALC", "https://git.example.com/calc.git", "core", "https://git.example.com/calc-core.git")));

    assertThat(mapping.map(issue).spec()).containsEntry("repository", "https://git.example.com/calc-core.git");
  }

  @Test
  void missingRequiredValuesAreNamedWithTheKeysThatWouldSupplyThem() {
    ObjectNode untitled = (ObjectNode) issue.deepCopy();
    ((ObjectNode) untitled.path("fields")).put("summary", " ");
    IssueMapping mapping = new IssueMapping(mapping(Map.of(), Map.of(), Map.of("OTHER", "/repos/other")));

    IssueMapping.Result result = mapping.map(untitled);

    assertThat(result.ok()).isFalse();
    assertThat(result.problems()).containsExactly(
        "repository: no agentline.jira.mapping.repositories entry for project CALC or its components [core], and no agentline.jira.mapping.defaults.repository",
        "title: the issue's summary is empty and agentline.jira.mapping.defaults.title is not set",
        "testCommand: no Jira field is mapped to it (agentline.jira.mapping.fields.testCommand) and it has no default (agentline.jira.mapping.defaults.testCommand)");
  }

  @Test
  void aFieldValueWinsOverItsDefaultAndSelectOptionsGiveTheirValue() {
    ObjectNode withCommand = (ObjectNode) issue.deepCopy();
    ((ObjectNode) withCommand.path("fields")).putObject("customfield_10060").put("self", "https://example.atlassian.net/rest/api/3/customFieldOption/10100")
        .put("value", "npm test").put("id", "10100");
    IssueMapping mapping = new IssueMapping(mapping(Map.of("testCommand", "customfield_10060"), Map.of("testCommand", "make test", "baseBranch", "develop"),
        Map.of("CALC", "/repos/calc")));

    assertThat(mapping.map(withCommand).spec()).containsEntry("testCommand", "npm test").containsEntry("baseBranch", "develop");
  }

  @Test
  void theLabelDecidesWhetherAnIssueIsAgentlines() {
    assertThat(IssueMapping.hasLabel(issue, "agentline")).isTrue();
    assertThat(IssueMapping.hasLabel(issue, "frontend")).isFalse();
  }

  @Test
  void aMappingToAnUnknownSpecFieldIsRefusedNamingTheKey() {
    assertThatThrownBy(() -> mapping(Map.of("titel", "summary"), Map.of(), Map.of()))
        .hasMessageContaining("agentline.jira.mapping.fields.titel is not one of");
  }

  @Test
  void theSearchAsksForTheMappedFields() {
    IssueMapping mapping = new IssueMapping(mapping(Map.of("acceptanceCriteria", "customfield_10050"), Map.of(), Map.of()));
    assertThat(mapping.jiraFields()).contains("summary", "labels", "description", "customfield_10050");
  }
}
