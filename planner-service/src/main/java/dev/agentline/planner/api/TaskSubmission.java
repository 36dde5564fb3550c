package dev.agentline.planner.api;

import dev.agentline.platform.redact.Redactor;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The body of {@code POST /api/tasks}: the task spec. Besides the ticket (title, description,
 * acceptance criteria) and where to work (repository, base branch, test and lint commands), it may
 * state a goal, constraints, interfaces that must not break, a work type whose template shapes the
 * manager's plan, labels, a budget and guardrails.
 */
public record TaskSubmission(
    @NotBlank(message = "must name a git URL or a local path") @Size(max = 2000) String repository,
    @Size(max = 255) String baseBranch,
    @NotBlank(message = "must not be blank") @Size(max = 300) String title,
    @Size(max = 20000) String description,
    @Size(max = 100) List<@NotBlank(message = "must not be blank") @Size(max = 2000) String> acceptanceCriteria,
    @NotBlank(message = "must say how to run the repository's tests") @Size(max = 2000) String testCommand,
    @Valid BudgetRequest budget,
    @Size(max = 200) String requester,
    @Size(max = 50) List<@NotBlank(message = "must not be blank") @Size(max = 100) String> labels,
    @Size(max = 2000) String lintCommand,
    @Valid GuardrailRequest guardrails,
    @Size(max = 100) @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]*", message = "must be a ticket key such as PROJ-123") String ticketKey,
    @KnownWorkType String workType,
    @Size(max = 1000) String goal,
    @Size(max = 100) List<@NotBlank(message = "must not be blank") @Size(max = 2000) String> constraints,
    @Size(max = 100) List<@NotBlank(message = "must not be blank") @Size(max = 2000) String> interfaces) {

  public TaskSubmission {
    if (baseBranch == null || baseBranch.isBlank()) baseBranch = "main";
    if (description == null) description = "";
    acceptanceCriteria = acceptanceCriteria == null ? List.of() : List.copyOf(acceptanceCriteria);
    if (requester == null) requester = "";
    labels = labels == null ? List.of() : List.copyOf(labels);
    if (workType != null && workType.isBlank()) workType = null;
    if (goal != null && goal.isBlank()) goal = null;
    constraints = constraints == null ? List.of() : List.copyOf(constraints);
    interfaces = interfaces == null ? List.of() : List.copyOf(interfaces);
  }

  /** This ticket as submitted by {@code name}: the authenticated caller, whatever the body said. */
  public TaskSubmission withRequester(String name) {
    return new TaskSubmission(repository, baseBranch, title, description, acceptanceCriteria, testCommand, budget, name, labels,
        lintCommand, guardrails, ticketKey, workType, goal, constraints, interfaces);
  }

  /**
   * This ticket with the secrets in its text (title, description, acceptance criteria, goal, constraints, interfaces)
   * redacted, as {@link Redactor} marks them: that text becomes prompts. The repository and the commands stay as they
   * are; they must still work.
   */
  public TaskSubmission withSecretsRedacted() {
    UnaryOperator<String> redact = Redactor.standard()::redact;
    return new TaskSubmission(repository, baseBranch, redact.apply(title), redact.apply(description),
        acceptanceCriteria.stream().map(redact).toList(), testCommand, budget, requester, labels, lintCommand, guardrails, ticketKey,
        workType, goal == null ? null : redact.apply(goal), constraints.stream().map(redact).toList(), interfaces.stream().map(redact).toList());
  }

  /** The ticket's own guardrails; each left out falls back to the repository's. */
  public record GuardrailRequest(
      @Positive(message = "must be >= 1") Integer maxSteps,
      @Positive(message = "must be >= 1") Integer maxAttemptsPerStep,
      @Positive(message = "must be >= 1") Integer maxManagerCalls,
      @Positive(message = "must be a positive number of seconds") Long deadlineSeconds,
      @Positive(message = "must be a positive number of seconds") Long stepTimeoutSeconds,
      @Positive(message = "must be >= 1") Integer maxFilesChanged,
      @Positive(message = "must be >= 1") Integer maxDiffLines,
      @Size(max = 200) List<@NotBlank(message = "must not be blank") @Size(max = 500) String> allowedPaths,
      @Size(max = 200) List<@NotBlank(message = "must not be blank") @Size(max = 500) String> protectedPaths) {}

  /** The task's spending limit; either may be left out. */
  public record BudgetRequest(
      @Positive(message = "must be a positive number of tokens") Long maxTokens,
      @Positive(message = "must be a positive amount of US dollars") Double maxCostUsd) {}
}
