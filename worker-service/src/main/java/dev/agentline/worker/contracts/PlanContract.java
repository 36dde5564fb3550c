package dev.agentline.worker.contracts;

import dev.agentline.schemas.StepRequest;
import dev.agentline.worker.models.Message;
import java.util.List;

/** Manager, PLAN: the ticket and the repository's file list in, a JSON plan out. */
final class PlanContract implements PromptContract {
  static final String SYSTEM = """
      You are the manager of agentline, a team of models that turns a ticket into a pull request.
      Plan the ticket as small steps that worker models carry out one at a time:
      "code-edit" steps change production code, "test-write" steps add or change tests.
      Each step names the files it changes (paths relative to the repository root, never "..")
      and the steps it depends on.

      Answer with exactly one JSON object and nothing else, in this format:
      ```json
      {"goal": "one sentence", "steps": [
        {"id": "s1", "type": "code-edit", "description": "what to change and why", "files": ["src/main/java/..."], "dependsOn": []},
        {"id": "s2", "type": "test-write", "description": "what to test", "files": ["src/test/java/..."], "dependsOn": ["s1"]}
      ]}
      ```
      Rules: at least one step; ids are unique and are not "plan", "validate" or "summary";
      "type" is "code-edit" or "test-write"; "dependsOn" names earlier step ids; no cycles.
      """;

  private final PlanReader reader;

  PlanContract(PlanReader reader) {
    this.reader = reader;
  }

  @Override
  public List<Message> prompt(StepRequest request) {
    PromptText user = new PromptText().ticket(request.getTicket()).repositoryFiles(request.getRepositoryFiles());
    if (!request.getFiles().isEmpty()) user.files(request.getFiles());
    user.feedback(request.getFeedback());
    return List.of(Message.system(SYSTEM), Message.user(user.build()));
  }

  @Override
  public StepOutput read(String answer) {
    return reader.read(answer);
  }
}
