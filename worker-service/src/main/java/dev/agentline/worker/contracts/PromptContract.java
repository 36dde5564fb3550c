package dev.agentline.worker.contracts;

import dev.agentline.schemas.StepRequest;
import dev.agentline.worker.models.Message;
import java.util.List;

/**
 * What one role is asked for one kind of step: a versioned prompt (a system message stating the
 * role and the exact answer format, a user message with the task and its context fitted into the
 * role's budget) and how the answer is checked.
 */
public interface PromptContract {

  /** The prompt template version, e.g. {@code manager.plan@6}. */
  String version();

  /** @param contextTokens the role's context budget, see {@link ContextBudget} */
  List<Message> prompt(StepRequest request, int contextTokens);

  /** Never throws for a bad answer: an unusable answer is {@link StepOutput#invalid} with the precise reason. */
  StepOutput read(StepRequest request, String answer);
}
