package dev.agentline.cli;

import dev.agentline.platform.work.WorkTemplates;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A task as {@code POST /api/tasks} takes it (the planner's TaskSubmission): built from a ticket file, then
 * changed by command-line flags. Fields left null (or empty lists) are not sent, except the few the planner has
 * always been sent (baseBranch, description, acceptanceCriteria).
 *
 * <p>{@code workType}, {@code goal}, {@code constraints} and {@code interfaces} are issue 8's task spec fields; the CLI
 * sends them only when given.
 */
record TaskSpec(String repository, String baseBranch, String title, String description, List<String> acceptanceCriteria,
    String testCommand, Long maxTokens, Double maxCostUsd, String requester, List<String> labels, String ticketKey,
    String workType, String goal, List<String> constraints, List<String> interfaces) {

  /** The work types the planner has templates for (issue 8). */
  static final List<String> WORK_TYPES = WorkTemplates.NAMES;

  TaskSpec {
    acceptanceCriteria = acceptanceCriteria == null ? List.of() : List.copyOf(acceptanceCriteria);
    labels = labels == null ? List.of() : List.copyOf(labels);
    constraints = constraints == null ? List.of() : List.copyOf(constraints);
    interfaces = interfaces == null ? List.of() : List.copyOf(interfaces);
  }

  /** The ticket's fields, for {@code repository}, run with {@code testCommand}. */
  static TaskSpec of(String repository, TicketFile ticket, String testCommand) {
    return new TaskSpec(repository, ticket.baseBranch(), ticket.title(), ticket.description(), ticket.acceptanceCriteria(), testCommand,
        ticket.maxTokens(), ticket.maxCostUsd(), ticket.requester(), ticket.labels(), ticket.key(), ticket.spec().workType(),
        ticket.spec().goal(), ticket.spec().constraints(), ticket.spec().interfaces());
  }

  /** An empty spec, to fill from flags alone. */
  static TaskSpec empty() {
    return new TaskSpec(null, "main", null, "", List.of(), null, null, null, null, List.of(), null, null, null, List.of(), List.of());
  }

  /**
   * This spec with the flags a person gave: a non-null value replaces the spec's, a non-empty list is added to the spec's
   * (labels, criteria, constraints and interfaces given on the command line come after the file's).
   */
  TaskSpec with(Flags f) {
    return new TaskSpec(or(f.repository(), repository), or(f.baseBranch(), baseBranch), or(f.title(), title), or(f.description(), description),
        plus(acceptanceCriteria, f.acceptanceCriteria()), or(f.testCommand(), testCommand), or(f.maxTokens(), maxTokens),
        or(f.maxCostUsd(), maxCostUsd), or(f.requester(), requester), plus(labels, f.labels()), or(f.ticketKey(), ticketKey),
        or(f.workType(), workType), or(f.goal(), goal), plus(constraints, f.constraints()), plus(interfaces, f.interfaces()));
  }

  /** The command-line side of a spec; null and empty mean not given. */
  record Flags(String repository, String baseBranch, String title, String description, List<String> acceptanceCriteria, String testCommand,
      Long maxTokens, Double maxCostUsd, String requester, List<String> labels, String ticketKey, String workType, String goal,
      List<String> constraints, List<String> interfaces) {}

  /**
   * What is wrong before anything is sent, each named by its field in the REST contract; empty when nothing is. The planner
   * checks everything again (and answers 400 naming each wrong field); these are the mistakes the CLI can name first.
   */
  List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (blank(repository)) problems.add("repository: give --repo (a git URL or a local path)");
    if (blank(title)) problems.add("title: give --title or a title in the spec file");
    if (blank(testCommand)) problems.add("testCommand: give --test-command or a testCommand in the spec file");
    if (workType != null && !WORK_TYPES.contains(workType.toLowerCase(Locale.ROOT))) {
      problems.add("workType: '" + workType + "' is not one of " + String.join(", ", WORK_TYPES));
    }
    if (maxTokens != null && maxTokens <= 0) problems.add("budget.maxTokens: must be a positive number of tokens, was " + maxTokens);
    if (maxCostUsd != null && !(maxCostUsd > 0)) problems.add("budget.maxCostUsd: must be a positive amount of US dollars, was " + maxCostUsd);
    return problems;
  }

  /** The JSON body of {@code POST /api/tasks}. */
  Map<String, Object> body() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("repository", repository);
    if (!blank(ticketKey)) body.put("ticketKey", ticketKey.strip());
    body.put("baseBranch", baseBranch);
    body.put("title", title);
    body.put("description", description);
    body.put("acceptanceCriteria", acceptanceCriteria);
    body.put("testCommand", testCommand);
    if (requester != null) body.put("requester", requester);
    if (!labels.isEmpty()) body.put("labels", labels);
    if (maxTokens != null || maxCostUsd != null) {
      Map<String, Object> budget = new LinkedHashMap<>();
      budget.put("maxTokens", maxTokens);
      budget.put("maxCostUsd", maxCostUsd);
      body.put("budget", budget);
    }
    if (!blank(workType)) body.put("workType", workType.strip().toLowerCase(Locale.ROOT));
    if (!blank(goal)) body.put("goal", goal);
    if (!constraints.isEmpty()) body.put("constraints", constraints);
    if (!interfaces.isEmpty()) body.put("interfaces", interfaces);
    return body;
  }

  private static <T> T or(T given, T otherwise) {
    return given != null ? given : otherwise;
  }

  private static List<String> plus(List<String> base, List<String> more) {
    if (more == null || more.isEmpty()) return base;
    List<String> all = new ArrayList<>(base);
    all.addAll(more);
    return all;
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
