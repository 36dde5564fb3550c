package dev.agentline.worker.contracts;

import dev.agentline.schemas.Role;
import dev.agentline.schemas.StepKind;
import java.util.Optional;

/**
 * The contract of each (role, kind) a worker answers: manager PLAN and SUMMARIZE, code-edit and
 * test-writer EXECUTE. Other pairs have no contract, and such a step fails with that reason.
 */
public final class PromptContracts {
  private final PromptContract plan = new PlanContract(new PlanReader());
  private final PromptContract summarize = new SummarizeContract();
  private final PromptContract codeEdit = new ExecuteContract(ExecuteContract.CODE_EDIT);
  private final PromptContract testWriter = new ExecuteContract(ExecuteContract.TEST_WRITER);

  public Optional<PromptContract> forStep(Role role, StepKind kind) {
    return Optional.ofNullable(switch (role) {
      case MANAGER -> kind == StepKind.PLAN ? plan : kind == StepKind.SUMMARIZE ? summarize : null;
      case CODE_EDIT -> kind == StepKind.EXECUTE ? codeEdit : null;
      case TEST_WRITER -> kind == StepKind.EXECUTE ? testWriter : null;
    });
  }
}
