package dev.agentline.platform.edits;

import dev.agentline.schemas.Edit;
import java.util.List;
import java.util.Objects;

/**
 * The edits a model's answer amounts to: SEARCH/REPLACE edits (with the answer's prose outside the
 * blocks as {@code explanation}), or a unified diff in canonical git form, or the precise reason the
 * answer is unusable. An unusable answer is a value, not an exception.
 */
public record EditAnswer(String error, List<Edit> edits, String unifiedDiff, String explanation) {
  public EditAnswer {
    edits = edits == null ? List.of() : List.copyOf(edits);
  }

  public static EditAnswer invalid(String reason) {
    return new EditAnswer(Objects.requireNonNull(reason), null, null, null);
  }

  /** @param explanation the answer's prose outside the blocks, or null */
  public static EditAnswer edits(List<Edit> edits, String explanation) {
    if (edits.isEmpty()) throw new IllegalArgumentException("edits must not be empty");
    return new EditAnswer(null, edits, null, explanation);
  }

  public static EditAnswer diff(String unifiedDiff) {
    return new EditAnswer(null, null, Objects.requireNonNull(unifiedDiff), null);
  }

  public boolean ok() {
    return error == null;
  }
}
