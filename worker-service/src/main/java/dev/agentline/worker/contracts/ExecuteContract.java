package dev.agentline.worker.contracts;

import dev.agentline.schemas.StepRequest;
import dev.agentline.worker.models.Message;
import java.util.List;
import java.util.Optional;

/** Code-edit and test-writer, EXECUTE: one plan step and the files it touches in, edits out. */
final class ExecuteContract implements PromptContract {
  static final String FORMAT = """
      Answer with one or more SEARCH/REPLACE blocks, one per change, exactly like this:

      path/to/File.java
      <<<<<<< SEARCH
      the exact existing lines to replace, copied character for character
      =======
      the new lines
      >>>>>>> REPLACE

      The path (relative to the repository root, never "..") goes alone on the line before
      <<<<<<< SEARCH. The SEARCH part must match the current file exactly and be long enough to be
      unique. To create a new file, leave the SEARCH part empty. Several blocks may change one file.
      A unified diff (---/+++ headers and @@ hunks) is accepted instead. Keep any explanation short.
      """;
  static final String CODE_EDIT = "You are a code-edit worker of agentline. You carry out one step of a plan by changing the "
      + "production code of a repository. Change only what the step needs; keep the code compiling and its style.\n\n" + FORMAT;
  static final String TEST_WRITER = "You are a test-writer worker of agentline. You carry out one step of a plan by adding or "
      + "changing tests of a repository, using the test framework it already uses. Tests must pass against the intended "
      + "behaviour and be named for that behaviour.\n\n" + FORMAT;

  private final String system;
  private final EditBlockReader blocks = new EditBlockReader();
  private final UnifiedDiffReader diffs = new UnifiedDiffReader();

  ExecuteContract(String system) {
    this.system = system;
  }

  @Override
  public List<Message> prompt(StepRequest request) {
    String user = new PromptText()
        .ticket(request.getTicket())
        .plan(request.getPlan(), request.getStepId())
        .currentStep(request)
        .files(request.getFiles())
        .feedback(request.getFeedback())
        .build();
    return List.of(Message.system(system), Message.user(user));
  }

  @Override
  public StepOutput read(String answer) {
    Optional<StepOutput> edits = blocks.read(answer);
    if (edits.isPresent()) return edits.get();
    return diffs.read(answer).orElseGet(() -> StepOutput.invalid("no SEARCH/REPLACE block or unified diff found in the answer"));
  }
}
