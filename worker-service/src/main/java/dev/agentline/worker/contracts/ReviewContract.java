package dev.agentline.worker.contracts;

import dev.agentline.platform.edits.RepoPaths;
import dev.agentline.schemas.Review;
import dev.agentline.schemas.ReviewComment;
import dev.agentline.schemas.ReviewVerdict;
import dev.agentline.schemas.StepRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Review, REVIEW ({@code review.review@2}): the whole branch diff and the final test run in;
 * {@code {"verdict": "approve"|"request-changes", "summary", "comments": [{"path", "line"?, "comment"}]}}
 * out, checked against {@code contracts/review.schema.json} with relative paths.
 */
final class ReviewContract extends TemplateContract {
  private final JsonAnswer json = new JsonAnswer("contracts/review.schema.json");

  ReviewContract() {
    super("review.review.v2");
  }

  @Override
  Map<String, String> fixedSections(StepRequest request) {
    Map<String, String> sections = new LinkedHashMap<>();
    sections.put("ticket", Sections.ticket(request.getTicket()));
    sections.put("plan", Sections.plan(request.getPlan(), null));
    return sections;
  }

  @Override
  void contextSections(StepRequest request, ContextBudget budget, Map<String, String> into) {
    into.put("tests", Sections.tests(request.getTests(), "Final test run", budget));
    into.put("diff", Sections.diff(request.getDiff(), "The branch's changes", budget));
  }

  @Override
  public StepOutput read(StepRequest request, String answer) {
    JsonAnswer.Read read = json.read(answer);
    if (!read.ok()) return StepOutput.invalid(read.error());
    JsonNode tree = read.tree();
    List<ReviewComment> comments = new ArrayList<>();
    JsonNode list = tree.path("comments");
    for (int i = 0; i < list.size(); i++) {
      JsonNode comment = list.get(i);
      Optional<String> problem = RepoPaths.problem(comment.get("path").asString());
      if (problem.isPresent()) return StepOutput.invalid("$.comments[" + i + "].path: " + problem.get());
      comments.add(new ReviewComment(comment.get("path").asString(), comment.has("line") ? comment.get("line").asInt() : null,
          comment.get("comment").asString()));
    }
    ReviewVerdict verdict = tree.get("verdict").asString().equals("approve") ? ReviewVerdict.APPROVE : ReviewVerdict.REQUEST_CHANGES;
    return StepOutput.review(new Review(verdict, tree.get("summary").asString().strip(), comments));
  }
}
