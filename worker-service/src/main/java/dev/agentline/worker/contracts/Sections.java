package dev.agentline.worker.contracts;

import dev.agentline.schemas.FileContent;
import dev.agentline.schemas.Plan;
import dev.agentline.schemas.PlanStep;
import dev.agentline.schemas.StepRequest;
import dev.agentline.schemas.StepType;
import dev.agentline.schemas.TestFailure;
import dev.agentline.schemas.TestOutcome;
import dev.agentline.schemas.TestRun;
import dev.agentline.schemas.Ticket;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * The sections of a user message, in the same words for every contract. Fixed sections (ticket,
 * plan, step, feedback, notes) are always sent whole; context sections take what the
 * {@link ContextBudget} allows. An absent input renders as "" and its placeholder line disappears.
 */
final class Sections {
  private Sections() {}

  static String ticket(Ticket ticket) {
    StringBuilder text = new StringBuilder("## Ticket\n");
    text.append("Title: ").append(ticket.getTitle()).append("\n\n");
    text.append("Description:\n").append(ticket.getDescription().isBlank() ? "(none)" : ticket.getDescription().strip()).append("\n\n");
    text.append("Acceptance criteria:\n");
    if (ticket.getAcceptanceCriteria().isEmpty()) text.append("(none given)\n");
    for (String criterion : ticket.getAcceptanceCriteria()) text.append("- ").append(criterion).append('\n');
    if (ticket.getWorkType() != null) text.append("\nWork type: ").append(ticket.getWorkType()).append('\n');
    if (ticket.getGoal() != null) text.append("\nGoal: ").append(ticket.getGoal().strip()).append('\n');
    list(text, "Constraints", ticket.getConstraints());
    list(text, "Interfaces that must not break", ticket.getInterfaces());
    return text.toString();
  }

  private static void list(StringBuilder text, String heading, List<String> items) {
    if (items.isEmpty()) return;
    text.append('\n').append(heading).append(":\n");
    for (String item : items) text.append("- ").append(item).append('\n');
  }

  /** The plan with each step's status; {@code currentStepId} is marked. */
  static String plan(Plan plan, String currentStepId) {
    if (plan == null) return "";
    StringBuilder text = new StringBuilder("## Plan (version ").append(plan.getVersion()).append(")\nGoal: ").append(plan.getGoal()).append('\n');
    for (PlanStep step : plan.getSteps()) {
      text.append("- ").append(step.getId()).append(" [").append(typeName(step.getType())).append(", ").append(step.getStatus()).append("] ")
          .append(step.getDescription());
      if (!step.getFiles().isEmpty()) text.append(" (files: ").append(String.join(", ", step.getFiles())).append(')');
      if (!step.getDependsOn().isEmpty()) text.append(" (after: ").append(String.join(", ", step.getDependsOn())).append(')');
      if (step.getId().equals(currentStepId)) text.append("  <- this step");
      text.append('\n');
    }
    return text.toString();
  }

  static String step(StepRequest request) {
    PlanStep step = currentStep(request);
    if (step == null) return "## The step\nStep " + request.getStepId() + " (attempt " + request.getAttempt() + ")\n";
    StringBuilder text = new StringBuilder("## The step\n");
    text.append(step.getId()).append(" (").append(typeName(step.getType())).append(", attempt ").append(request.getAttempt()).append("): ")
        .append(step.getDescription()).append('\n');
    if (!step.getFiles().isEmpty()) text.append("Files to change: ").append(String.join(", ", step.getFiles())).append('\n');
    return text.toString();
  }

  static String feedback(String feedback) {
    if (feedback == null || feedback.isBlank()) return "";
    return "## Feedback on the previous attempt\nThe previous attempt was not accepted. Fix this:\n" + feedback.strip() + "\n";
  }

  /** Why the plan must change (REVISE). */
  static String revisionReason(String feedback) {
    return "## Why the plan must change\n" + (feedback == null || feedback.isBlank() ? "(no reason given)" : feedback.strip()) + "\n";
  }

  static String notes(String notes) {
    return "## What happened\n" + (notes == null || notes.isBlank() ? "(no notes)" : notes.strip()) + "\n";
  }

  /** File contents, those the current plan step names first; each file cut to fit on its own. */
  static String files(StepRequest request, ContextBudget budget, String emptyText) {
    if (request.getFiles().isEmpty()) return emptyText == null ? "" : "## Files\n" + emptyText + "\n";
    Set<String> named = stepFiles(request);
    List<FileContent> files = new ArrayList<>(request.getFiles());
    files.sort(Comparator.comparing(file -> named.contains(file.getPath()) ? 0 : 1));
    StringBuilder text = new StringBuilder("## Files\n");
    for (FileContent file : files) {
      String fence = file.getContent().contains("```") ? "~~~~" : "```";
      String content = budget.fit(file.getContent());
      text.append("### ").append(file.getPath()).append('\n').append(fence).append('\n').append(content);
      if (!content.endsWith("\n")) text.append('\n');
      text.append(fence).append("\n\n");
    }
    return text.toString();
  }

  /** The files the current plan step names (none when the request has no plan or the step is not in it). */
  static Set<String> stepFiles(StepRequest request) {
    PlanStep step = currentStep(request);
    return step == null ? Set.of() : Set.copyOf(step.getFiles());
  }

  static String searchHits(List<String> hits, ContextBudget budget) {
    if (hits.isEmpty()) return "";
    return "## Search hits (path:line: text)\n" + budget.fit(String.join("\n", hits) + "\n");
  }

  static String repositoryMap(String map, ContextBudget budget) {
    if (map == null || map.isBlank()) return "";
    return "## Repository map\n" + budget.fit(map.strip() + "\n");
  }

  static String analysis(String analysis, ContextBudget budget) {
    if (analysis == null || analysis.isBlank()) return "";
    return "## Analysis of the repository (JSON)\n" + budget.fit(analysis.strip() + "\n");
  }

  static String repositoryFiles(List<String> paths, ContextBudget budget) {
    if (paths.isEmpty()) return "## Repository files\n(no file list given)\n";
    return "## Repository files\n" + budget.fit(String.join("\n", paths) + "\n");
  }

  static String diff(String diff, String title, ContextBudget budget) {
    if (diff == null || diff.isBlank()) return "## " + title + "\n(no changes)\n";
    return "## " + title + "\n```diff\n" + budget.fit(diff.endsWith("\n") ? diff : diff + "\n") + "```\n";
  }

  static String tests(TestRun tests, String title, ContextBudget budget) {
    if (tests == null) return "";
    StringBuilder text = new StringBuilder("## ").append(title).append('\n');
    text.append(tests.getPassed() ? "PASSED" : tests.getTimedOut() ? "TIMED OUT" : "FAILED")
        .append(" (exit code ").append(tests.getExitCode()).append(", ").append(tests.getDurationMs()).append(" ms)\n");
    if (!tests.getSummary().isBlank()) text.append("Summary: ").append(tests.getSummary().strip()).append('\n');
    if (tests.getReportsFound()) {
      text.append("Tests: ").append(tests.getPassedTests()).append(" passed, ").append(tests.getFailedTests()).append(" failed, ")
          .append(tests.getErroredTests()).append(" errored, ").append(tests.getSkippedTests()).append(" skipped\n");
    }
    if (!tests.getFailures().isEmpty()) text.append("Failing tests:\n").append(budget.fit(failures(tests)));
    if (!tests.getOutputTail().isBlank()) text.append("Output (tail):\n```\n").append(budget.fit(tests.getOutputTail().strip() + "\n")).append("```\n");
    return text.toString();
  }

  /**
   * One entry per failing test the run reported: {@code - com.x.FooTest.adds — <message>} (errors
   * marked), then the first lines of its stack trace, indented; a note when the run had more
   * failing tests than it listed.
   */
  private static String failures(TestRun tests) {
    StringBuilder text = new StringBuilder();
    for (TestFailure failure : tests.getFailures()) {
      String name = failure.getTestName().isBlank() ? failure.getTestClass() : failure.getTestClass() + "." + failure.getTestName();
      text.append("- ").append(name).append(failure.getOutcome() == TestOutcome.ERRORED ? " (error)" : "");
      if (!failure.getMessage().isBlank()) text.append(" — ").append(failure.getMessage().strip().replace("\n", "\n  "));
      text.append('\n');
      failure.getTrace().strip().lines().forEach(line -> text.append("    ").append(line.strip()).append('\n'));
    }
    int unlisted = tests.getFailedTests() + tests.getErroredTests() - tests.getFailures().size();
    if (unlisted > 0) text.append("(").append(unlisted).append(" more failing tests not listed)\n");
    return text.toString();
  }

  static String typeName(StepType type) {
    return type == StepType.CODE_EDIT ? "code-edit" : "test-write";
  }

  private static PlanStep currentStep(StepRequest request) {
    if (request.getPlan() == null) return null;
    return request.getPlan().getSteps().stream().filter(s -> s.getId().equals(request.getStepId())).findFirst().orElse(null);
  }
}
