package dev.agentline.worker.contracts;

import dev.agentline.schemas.StepRequest;
import dev.agentline.worker.models.Message;
import java.util.List;

/** Manager, SUMMARIZE: the ticket, the plan and what happened in, the pull request description out. */
final class SummarizeContract implements PromptContract {
  static final String SYSTEM = """
      You are the manager of agentline, a team of models that turns a ticket into a pull request.
      The work is done. Write the pull request description for a human reviewer: what changed and
      why, how it was tested, anything the reviewer should look at. Answer with the description
      only, in Markdown, without a title line.
      """;

  @Override
  public List<Message> prompt(StepRequest request) {
    String user = new PromptText()
        .ticket(request.getTicket())
        .plan(request.getPlan(), null)
        .notes(request.getNotes())
        .feedback(request.getFeedback())
        .build();
    return List.of(Message.system(SYSTEM), Message.user(user));
  }

  @Override
  public StepOutput read(String answer) {
    String text = answer == null ? "" : answer.strip();
    return text.isEmpty() ? StepOutput.invalid("the summary is empty") : StepOutput.text(text);
  }
}
