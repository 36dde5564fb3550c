package dev.agentline.planner.jira;

import dev.agentline.platform.SeenIds;
import dev.agentline.planner.api.TaskIntake;
import dev.agentline.planner.api.TaskSubmission;
import dev.agentline.planner.kafka.PlannerStreams;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a Jira issue into a task, once: the task id is {@code jira-<KEY>}, an issue whose task this planner already knows is
 * not fetched again, and a second submission of the same id is a duplicate the planner ignores. An issue that cannot be a
 * task gets one comment saying what is missing (per distinct problem), and nothing is submitted.
 */
@Component
@ConditionalOnBooleanProperty("agentline.jira.enabled")
class JiraIntake {
  private static final Logger log = LoggerFactory.getLogger(JiraIntake.class);
  static final String SOURCE = "jira";

  private final JiraProperties properties;
  private final JiraClient jira;
  private final IssueMapping mapping;
  private final TaskIntake intake;
  private final PlannerStreams planner;
  private final Validator validator;
  private final Set<String> submitted = ConcurrentHashMap.newKeySet();
  private final SeenIds reported = new SeenIds(10_000);
  private final JsonMapper json = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  JiraIntake(JiraProperties properties, JiraClient jira, TaskIntake intake, PlannerStreams planner, Validator validator) {
    this.properties = properties;
    this.jira = jira;
    this.mapping = new IssueMapping(properties.mapping());
    this.intake = intake;
    this.planner = planner;
    this.validator = validator;
  }

  enum Result { SUBMITTED, ALREADY_SUBMITTED, NOT_LABELLED, INCOMPLETE }

  record Outcome(Result result, String taskId, String detail) {}

  List<String> searchFields() {
    return mapping.jiraFields();
  }

  /** Fetches the issue and submits it unless its task exists. Throws {@link JiraClient.JiraException} when Jira cannot be read. */
  Outcome submit(String issueKey) {
    String taskId = IssueMapping.taskId(issueKey);
    if (known(taskId)) return new Outcome(Result.ALREADY_SUBMITTED, taskId, "task " + taskId + " exists");
    JsonNode issue = jira.issue(issueKey);
    if (!IssueMapping.hasLabel(issue, properties.label())) {
      log.info("Jira issue {} does not carry the label {}; ignored", issueKey, properties.label());
      return new Outcome(Result.NOT_LABELLED, taskId, issueKey + " does not carry the label " + properties.label());
    }
    IssueMapping.Result mapped = mapping.map(issue);
    List<String> problems = new ArrayList<>(mapped.problems());
    TaskSubmission submission = null;
    if (problems.isEmpty()) {
      submission = json.convertValue(mapped.spec(), TaskSubmission.class);
      for (ConstraintViolation<TaskSubmission> violation : validator.validate(submission)) {
        problems.add(violation.getPropertyPath() + ": " + violation.getMessage());
      }
      Collections.sort(problems);
    }
    if (!problems.isEmpty()) {
      report(issueKey, problems);
      return new Outcome(Result.INCOMPLETE, taskId, String.join("; ", problems));
    }
    intake.submit(submission, SOURCE, taskId);
    submitted.add(taskId);
    log.info("Jira issue {} submitted as task {}", issueKey, taskId);
    return new Outcome(Result.SUBMITTED, taskId, "submitted");
  }

  private boolean known(String taskId) {
    if (submitted.contains(taskId)) return true;
    try {
      return planner.task(taskId).isPresent();
    } catch (RuntimeException e) {
      return false; // the store is not ready: submit; the planner ignores a duplicate
    }
  }

  /** One comment per issue and set of problems (our own comment updates the issue, so "updated" cannot tell). */
  private void report(String issueKey, List<String> problems) {
    log.warn("Jira issue {} cannot become a task: {}", issueKey, String.join("; ", problems));
    if (!reported.firstTime(issueKey + "\n" + String.join("\n", problems))) return;
    List<List<Adf.Run>> paragraphs = new ArrayList<>();
    paragraphs.add(List.of(Adf.Run.text("agentline cannot work on this issue yet; it needs:")));
    for (String problem : problems) paragraphs.add(List.of(Adf.Run.text("• " + problem)));
    try {
      jira.comment(issueKey, Adf.document(paragraphs));
    } catch (RuntimeException e) {
      reported.forget(issueKey + "\n" + String.join("\n", problems));
      log.error("could not comment on Jira issue {}: {}", issueKey, e.getMessage());
    }
  }
}
