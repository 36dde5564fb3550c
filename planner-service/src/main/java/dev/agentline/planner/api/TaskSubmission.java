package dev.agentline.planner.api;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.util.List;

/** The body of {@code POST /api/tasks}. */
public record TaskSubmission(
    @NotBlank(message = "must name a git URL or a local path") String repository,
    String baseBranch,
    @NotBlank(message = "must not be blank") @Size(max = 300) String title,
    @Size(max = 20000) String description,
    List<@NotBlank(message = "must not be blank") String> acceptanceCriteria,
    @NotBlank(message = "must say how to run the repository's tests") String testCommand,
    @Valid BudgetRequest budget) {

  /** The task's spending limit; either may be left out. */
  public record BudgetRequest(
      @Positive(message = "must be a positive number of tokens") Long maxTokens,
      @Positive(message = "must be a positive amount of US dollars") Double maxCostUsd) {}

  public TaskSubmission {
    if (baseBranch == null || baseBranch.isBlank()) baseBranch = "main";
    if (description == null) description = "";
    acceptanceCriteria = acceptanceCriteria == null ? List.of() : List.copyOf(acceptanceCriteria);
  }
}
