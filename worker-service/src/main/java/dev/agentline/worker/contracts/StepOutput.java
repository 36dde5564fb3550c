package dev.agentline.worker.contracts;

import dev.agentline.schemas.Edit;
import dev.agentline.schemas.Evaluation;
import dev.agentline.schemas.Plan;
import dev.agentline.schemas.Review;
import java.util.List;
import java.util.Objects;

/**
 * What a model's answer amounts to once checked against its contract: a plan, edits, a unified
 * diff, text, an evaluation or a review — or the precise reason it is unusable. An invalid answer
 * is a value, not an exception.
 */
public record StepOutput(String error, Plan plan, List<Edit> edits, String unifiedDiff, String text, Evaluation evaluation, Review review) {
  public StepOutput {
    edits = edits == null ? List.of() : List.copyOf(edits);
  }

  public static StepOutput invalid(String reason) {
    return new StepOutput(Objects.requireNonNull(reason), null, null, null, null, null, null);
  }

  public static StepOutput plan(Plan plan) {
    return new StepOutput(null, Objects.requireNonNull(plan), null, null, null, null, null);
  }

  /** @param explanation the answer's prose outside the blocks, or null */
  public static StepOutput edits(List<Edit> edits, String explanation) {
    if (edits.isEmpty()) throw new IllegalArgumentException("edits must not be empty");
    return new StepOutput(null, null, edits, null, explanation, null, null);
  }

  public static StepOutput diff(String unifiedDiff) {
    return new StepOutput(null, null, null, Objects.requireNonNull(unifiedDiff), null, null, null);
  }

  public static StepOutput text(String text) {
    return new StepOutput(null, null, null, null, Objects.requireNonNull(text), null, null);
  }

  public static StepOutput evaluation(Evaluation evaluation) {
    return new StepOutput(null, null, null, null, null, Objects.requireNonNull(evaluation), null);
  }

  public static StepOutput review(Review review) {
    return new StepOutput(null, null, null, null, null, null, Objects.requireNonNull(review));
  }

  public boolean ok() {
    return error == null;
  }
}
