package dev.agentline.worker.contracts;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Recognizes a unified diff answer (starts with {@code --- } or {@code diff --git}, or sits in a
 * {@code ```diff} fence) and checks it parses: every file has ---/+++ headers, at least one
 * {@code @@} hunk, and a repository-relative path. The text is passed on as given; applying it is
 * the tool runner's job.
 */
final class UnifiedDiffReader {
  private static final Pattern HUNK = Pattern.compile("^@@ -\\d+(,\\d+)? \\+\\d+(,\\d+)? @@.*");

  /** Empty when the answer is not a diff at all. */
  Optional<StepOutput> read(String answer) {
    Optional<String> diff = diffText(Fences.normalizeNewlines(answer));
    if (diff.isEmpty()) return Optional.empty();
    String text = diff.get().endsWith("\n") ? diff.get() : diff.get() + "\n";
    Optional<String> problem = problem(text);
    return Optional.of(problem.map(p -> StepOutput.invalid("unified diff invalid: " + p)).orElseGet(() -> StepOutput.diff(text)));
  }

  private static Optional<String> diffText(String answer) {
    for (Fences.Block block : Fences.blocks(answer)) {
      if (block.language().equals("diff") || block.language().equals("patch")) return Optional.of(block.body());
    }
    String stripped = answer.strip();
    if (looksLikeDiff(stripped)) return Optional.of(stripped);
    for (Fences.Block block : Fences.blocks(answer)) {
      if (block.language().isEmpty() && looksLikeDiff(block.body().strip())) return Optional.of(block.body());
    }
    return Optional.empty();
  }

  private static boolean looksLikeDiff(String text) {
    return text.startsWith("--- ") || text.startsWith("diff --git");
  }

  private static Optional<String> problem(String diff) {
    String[] lines = diff.split("\n");
    int files = 0;
    String current = null;
    int hunks = 0;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.startsWith("--- ") && i + 1 < lines.length && lines[i + 1].startsWith("+++ ")) {
        if (current != null && hunks == 0) return Optional.of("file " + current + " has no @@ hunk");
        String oldPath = path(line.substring(4));
        String newPath = path(lines[i + 1].substring(4));
        current = newPath.equals("/dev/null") ? oldPath : newPath;
        for (String p : new String[] {oldPath, newPath}) {
          if (p.equals("/dev/null")) continue;
          Optional<String> bad = RepoPaths.problem(p);
          if (bad.isPresent()) return bad;
        }
        files++;
        hunks = 0;
        i++;
      } else if (line.startsWith("@@")) {
        if (current == null) return Optional.of("line " + (i + 1) + ": @@ hunk before any ---/+++ file header");
        if (!HUNK.matcher(line).matches()) return Optional.of("line " + (i + 1) + ": malformed hunk header " + line);
        hunks++;
      }
    }
    if (files == 0) return Optional.of("no ---/+++ file header found");
    if (hunks == 0) return Optional.of("file " + current + " has no @@ hunk");
    return Optional.empty();
  }

  /** The path of a ---/+++ header without its a/ or b/ prefix and any tab-separated timestamp. */
  private static String path(String header) {
    String path = header.split("\t", 2)[0].strip();
    if (path.startsWith("a/") || path.startsWith("b/")) path = path.substring(2);
    return path;
  }
}
