package dev.agentline.worker.contracts;

import dev.agentline.schemas.Role;
import dev.agentline.schemas.StepKind;
import java.util.List;
import java.util.Optional;

/**
 * The contract of each (role, kind) a worker answers:
 *
 * <ul>
 *   <li>manager: PLAN, REVISE (a plan), EVALUATE (a verdict), SUMMARIZE (text)
 *   <li>code-edit, test-writer: EXECUTE (edits or a unified diff)
 *   <li>analysis: ANALYZE (the repository's file map as JSON)
 *   <li>review: REVIEW (a verdict with comments)
 * </ul>
 *
 * Other pairs have no contract, and such a step fails with that reason.
 */
public final class PromptContracts {
  private final PromptContract plan;
  private final PromptContract revise;
  private final PromptContract evaluate = new EvaluateContract();
  private final PromptContract summarize = new SummarizeContract();
  private final PromptContract codeEdit = new ExecuteContract("code-edit.execute.v4");
  private final PromptContract testWriter = new ExecuteContract("test-writer.execute.v4");
  private final PromptContract analyze = new AnalyzeContract();
  private final PromptContract review = new ReviewContract();

  public PromptContracts() {
    PlanReader reader = new PlanReader();
    this.plan = new PlanContract(reader);
    this.revise = new ReviseContract(reader);
  }

  public Optional<PromptContract> forStep(Role role, StepKind kind) {
    return Optional.ofNullable(switch (role) {
      case MANAGER -> switch (kind) {
        case PLAN -> plan;
        case REVISE -> revise;
        case EVALUATE -> evaluate;
        case SUMMARIZE -> summarize;
        default -> null;
      };
      case CODE_EDIT -> kind == StepKind.EXECUTE ? codeEdit : null;
      case TEST_WRITER -> kind == StepKind.EXECUTE ? testWriter : null;
      case ANALYSIS -> kind == StepKind.ANALYZE ? analyze : null;
      case REVIEW -> kind == StepKind.REVIEW ? review : null;
    });
  }

  /** Every contract, for listing their versions. */
  public List<PromptContract> all() {
    return List.of(plan, revise, evaluate, summarize, codeEdit, testWriter, analyze, review);
  }
}
