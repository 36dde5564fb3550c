package dev.agentline.platform.edits;

import java.util.Optional;

/**
 * Reads the edits in a model's answer: SEARCH/REPLACE blocks when it has any (they win over a
 * diff in the same answer), else a unified diff, else the reason there is nothing to apply.
 * Stateless and thread-safe.
 */
public final class EditAnswers {
  private static final EditBlockReader BLOCKS = new EditBlockReader();
  private static final UnifiedDiffReader DIFFS = new UnifiedDiffReader();

  private EditAnswers() {}

  public static EditAnswer read(String answer) {
    String text = Fences.normalizeNewlines(answer == null ? "" : answer);
    Optional<EditAnswer> blocks = BLOCKS.read(text);
    if (blocks.isPresent()) return blocks.get();
    return DIFFS.read(text).orElseGet(() -> EditAnswer.invalid("no SEARCH/REPLACE block or unified diff found in the answer"));
  }
}
