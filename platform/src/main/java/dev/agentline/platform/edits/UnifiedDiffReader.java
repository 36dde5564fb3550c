package dev.agentline.platform.edits;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Finds a unified diff in an answer and checks it reads: the bodies of all {@code ```diff} (or
 * {@code patch}) fences, joined; else the answer from its first file header on; else any fence
 * holding a file header. The diff is read leniently ({@link UnifiedDiffs}), every path must stay in
 * the repository ({@link RepoPaths}), and the answer's diff is its canonical git form. A diff
 * whose fence never closes and whose last hunk has fewer lines than it states is refused as cut
 * off (a model that ran out of tokens), rather than applied in part.
 */
final class UnifiedDiffReader {
  private static final Set<String> DIFF_LANGUAGES = Set.of("diff", "patch", "udiff", "git");
  private static final Pattern FILE_START = Pattern.compile("(?m)^(diff --git |--- .*\\n\\+\\+\\+ )");

  /** Empty when the answer (with \n line ends) holds no diff at all. */
  Optional<EditAnswer> read(String answer) {
    Optional<String> diff = diffText(answer);
    if (diff.isEmpty()) return Optional.empty();
    String cutOff = openFence(answer) ? UnifiedDiffs.cutOffInLastHunk(diff.get()) : null;
    if (cutOff != null) {
      return Optional.of(EditAnswer.invalid("unified diff invalid: " + cutOff + " and its fence is never closed: the answer looks cut off"));
    }
    List<DiffFile> files;
    try {
      files = UnifiedDiffs.parse(diff.get());
    } catch (MalformedDiffException e) {
      return Optional.of(EditAnswer.invalid("unified diff invalid: " + e.getMessage()));
    }
    for (DiffFile file : files) {
      for (String path : file.paths()) {
        Optional<String> problem = RepoPaths.problem(path);
        if (problem.isPresent()) return Optional.of(EditAnswer.invalid("unified diff invalid: " + problem.get()));
      }
    }
    return Optional.of(EditAnswer.diff(UnifiedDiffs.render(files)));
  }

  /** True when the answer's last fence is never closed, so the answer probably stopped mid-way. */
  private static boolean openFence(String answer) {
    List<Fences.Block> fences = Fences.blocks(answer);
    return !fences.isEmpty() && fences.get(fences.size() - 1).closeLine() >= answer.split("\n", -1).length;
  }

  private static Optional<String> diffText(String answer) {
    List<Fences.Block> fences = Fences.blocks(answer);
    StringBuilder fenced = new StringBuilder();
    for (Fences.Block block : fences) {
      if (DIFF_LANGUAGES.contains(block.language())) fenced.append(block.body());
    }
    if (!fenced.isEmpty()) return Optional.of(fenced.toString());
    var start = FILE_START.matcher(answer);
    if (start.find()) return Optional.of(answer.substring(start.start()));
    for (Fences.Block block : fences) {
      if (block.body().startsWith("@@") || block.body().contains("\n@@")) return Optional.of(block.body());
    }
    return Optional.empty();
  }
}
