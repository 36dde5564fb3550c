package dev.agentline.worker.contracts;

import dev.agentline.schemas.FileContent;
import dev.agentline.schemas.Plan;
import dev.agentline.schemas.PlanStep;
import dev.agentline.schemas.StepRequest;
import dev.agentline.schemas.StepType;
import dev.agentline.schemas.Ticket;
import java.util.List;

/** The sections of a user message, in the same words for every contract. */
final class PromptText {
  static final int MAX_LISTED_FILES = 2000;

  private final StringBuilder text = new StringBuilder();

  PromptText ticket(Ticket ticket) {
    text.append("## Ticket\n");
    text.append("Title: ").append(ticket.getTitle()).append("\n\n");
    text.append("Description:\n").append(ticket.getDescription().isBlank() ? "(none)" : ticket.getDescription().strip()).append("\n\n");
    text.append("Acceptance criteria:\n");
    if (ticket.getAcceptanceCriteria().isEmpty()) text.append("(none given)\n");
    for (String criterion : ticket.getAcceptanceCriteria()) text.append("- ").append(criterion).append('\n');
    text.append('\n');
    return this;
  }

  PromptText plan(Plan plan, String currentStepId) {
    if (plan == null) return this;
    text.append("## Plan\n").append("Goal: ").append(plan.getGoal()).append('\n');
    for (PlanStep step : plan.getSteps()) {
      text.append("- ").append(step.getId()).append(" [").append(typeName(step.getType())).append(", ").append(step.getStatus()).append("] ")
          .append(step.getDescription());
      if (!step.getFiles().isEmpty()) text.append(" (files: ").append(String.join(", ", step.getFiles())).append(')');
      if (!step.getDependsOn().isEmpty()) text.append(" (after: ").append(String.join(", ", step.getDependsOn())).append(')');
      if (step.getId().equals(currentStepId)) text.append("  <- your step");
      text.append('\n');
    }
    text.append('\n');
    return this;
  }

  PromptText currentStep(StepRequest request) {
    text.append("## Your step\n");
    PlanStep step = request.getPlan() == null ? null
        : request.getPlan().getSteps().stream().filter(s -> s.getId().equals(request.getStepId())).findFirst().orElse(null);
    if (step == null) {
      text.append("Step ").append(request.getStepId()).append(" (attempt ").append(request.getAttempt()).append(")\n\n");
      return this;
    }
    text.append(step.getId()).append(" (").append(typeName(step.getType())).append(", attempt ").append(request.getAttempt()).append("): ")
        .append(step.getDescription()).append('\n');
    if (!step.getFiles().isEmpty()) text.append("Files to change: ").append(String.join(", ", step.getFiles())).append('\n');
    text.append('\n');
    return this;
  }

  PromptText repositoryFiles(List<String> paths) {
    text.append("## Repository files\n");
    if (paths.isEmpty()) text.append("(no file list given)\n");
    paths.stream().limit(MAX_LISTED_FILES).forEach(path -> text.append(path).append('\n'));
    if (paths.size() > MAX_LISTED_FILES) text.append("... and ").append(paths.size() - MAX_LISTED_FILES).append(" more\n");
    text.append('\n');
    return this;
  }

  PromptText files(List<FileContent> files) {
    text.append("## Files\n");
    if (files.isEmpty()) text.append("(no file contents given: files you create start empty)\n\n");
    for (FileContent file : files) {
      String fence = file.getContent().contains("```") ? "~~~~" : "```";
      text.append("### ").append(file.getPath()).append('\n').append(fence).append('\n').append(file.getContent());
      if (!file.getContent().endsWith("\n")) text.append('\n');
      text.append(fence).append("\n\n");
    }
    return this;
  }

  PromptText feedback(String feedback) {
    if (feedback == null || feedback.isBlank()) return this;
    text.append("## Feedback on the previous attempt\nThe previous attempt failed. Fix this:\n").append(feedback.strip()).append("\n\n");
    return this;
  }

  PromptText notes(String notes) {
    text.append("## What happened\n").append(notes == null || notes.isBlank() ? "(no notes)" : notes.strip()).append("\n\n");
    return this;
  }

  String build() {
    return text.toString().strip() + "\n";
  }

  static String typeName(StepType type) {
    return type == StepType.CODE_EDIT ? "code-edit" : "test-write";
  }
}
