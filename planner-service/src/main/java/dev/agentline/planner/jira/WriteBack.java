package dev.agentline.planner.jira;

import dev.agentline.platform.redact.Redactor;
import dev.agentline.schemas.TaskEvent;
import dev.agentline.schemas.TaskEventType;
import dev.agentline.schemas.TaskStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a task event means for the Jira issue the task came from: a comment (ADF) and maybe a transition. Plain: the
 * listener does the calls. Only tasks whose id is {@code jira-<KEY>} are Jira's. Every run of a comment is redacted
 * ({@link Redactor}): a failure's message may quote a command (its {@code DB_PASSWORD=…}) or a tool's output, and the issue is
 * read by everyone who can see the project.
 */
final class WriteBack {
  static final String AWAITING_APPROVAL = "awaiting-approval";
  static final String PR_OPENED = "pr-opened";
  static final String FAILED = "failed";
  static final List<String> EVENTS = List.of(AWAITING_APPROVAL, PR_OPENED, FAILED);
  static final String TASK_PREFIX = "jira-";

  private final JiraProperties properties;
  private final Map<String, String> transitions;
  private final Redactor redactor = Redactor.standard();

  WriteBack(JiraProperties properties) {
    this.properties = properties;
    this.transitions = properties.transitions();
  }

  /** The comment to post on {@code issueKey} and the transition (by name) to apply, if any. */
  record Reaction(String issueKey, ObjectNode comment, String commentText, Optional<String> transition) {}

  /** The issue key of a task that came from Jira. */
  static Optional<String> issueKey(String taskId) {
    return taskId != null && taskId.startsWith(TASK_PREFIX) && taskId.length() > TASK_PREFIX.length()
        ? Optional.of(taskId.substring(TASK_PREFIX.length())) : Optional.empty();
  }

  Optional<Reaction> on(TaskEvent event) {
    String taskId = event.getMeta().getTaskId();
    Optional<String> key = issueKey(taskId);
    if (key.isEmpty()) return Optional.empty();
    String console = properties.consoleLink(taskId);
    if (event.getType() == TaskEventType.APPROVAL_REQUESTED) {
      String what = event.getStepId() == null ? "The plan" : "Step " + event.getStepId();
      return Optional.of(reaction(key.get(), AWAITING_APPROVAL, List.of(
          List.of(Adf.Run.text("agentline: " + what + " for this issue awaits approval — " + event.getMessage())),
          List.of(Adf.Run.text("Review, approve or reject it in the console: "), Adf.Run.link(console)))));
    }
    if (event.getType() == TaskEventType.PR_OPENED && event.getPullRequest() != null) {
      String url = event.getPullRequest().getUrl();
      return Optional.of(reaction(key.get(), PR_OPENED, List.of(
          List.of(Adf.Run.text("agentline opened a pull request: "), Adf.Run.link(url)),
          List.of(Adf.Run.text("Branch " + event.getPullRequest().getBranch() + ". The task's history: "), Adf.Run.link(console)))));
    }
    if (event.getType() == TaskEventType.STATE_CHANGED && (event.getStatus() == TaskStatus.FAILED || event.getStatus() == TaskStatus.BUDGET_EXHAUSTED)) {
      String code = event.getReason() == null ? event.getStatus().name() : event.getReason().name();
      return Optional.of(reaction(key.get(), FAILED, List.of(
          List.of(Adf.Run.text("agentline could not finish this issue (" + code + "): " + event.getMessage())),
          List.of(Adf.Run.text("Details in the console: "), Adf.Run.link(console)))));
    }
    return Optional.empty();
  }

  private Reaction reaction(String key, String on, List<List<Adf.Run>> runs) {
    List<List<Adf.Run>> paragraphs = runs.stream().map(paragraph -> paragraph.stream().map(this::redacted).toList()).toList();
    StringBuilder text = new StringBuilder();
    for (List<Adf.Run> paragraph : paragraphs) {
      if (!text.isEmpty()) text.append('\n');
      paragraph.forEach(run -> text.append(run.text()));
    }
    return new Reaction(key, Adf.document(paragraphs), text.toString(), Optional.ofNullable(transitions.get(on)).filter(t -> !t.isBlank()));
  }

  private Adf.Run redacted(Adf.Run run) {
    return new Adf.Run(redactor.redact(run.text()), run.href() == null ? null : redactor.redact(run.href()));
  }
}
