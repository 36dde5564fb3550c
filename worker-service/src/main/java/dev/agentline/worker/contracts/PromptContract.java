package dev.agentline.worker.contracts;

import dev.agentline.schemas.StepRequest;
import dev.agentline.worker.models.Message;
import java.util.List;

/**
 * What one role is asked for one kind of step: the prompt (a system message stating the role and
 * the exact answer format, a user message with the task) and how the answer is read back.
 */
public interface PromptContract {

  List<Message> prompt(StepRequest request);

  /** Never throws for a bad answer: an unusable answer is {@link StepOutput#invalid}. */
  StepOutput read(String answer);
}
