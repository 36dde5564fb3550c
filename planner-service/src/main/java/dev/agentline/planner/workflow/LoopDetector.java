package dev.agentline.planner.workflow;

import dev.agentline.schemas.StepProgress;
import dev.agentline.schemas.TestRun;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Notices a step going round in circles: the same patch, or the same failing tests, {@code threshold}
 * times. Retrying then only spends money; the manager gets one chance to change the plan instead.
 */
final class LoopDetector {
  private static final Pattern TIMINGS = Pattern.compile("\\d+(\\.\\d+)?\\s*(ms|s|sec|seconds)\\b");
  private final int threshold;

  LoopDetector(int threshold) {
    this.threshold = threshold;
  }

  Optional<String> loop(StepProgress progress) {
    if (repeats(progress.getPatchHashes()) >= threshold) {
      return Optional.of("the same patch was produced " + repeats(progress.getPatchHashes()) + " times");
    }
    if (repeats(progress.getFailureSignatures()) >= threshold) {
      return Optional.of("the same tests failed the same way " + repeats(progress.getFailureSignatures()) + " times");
    }
    return Optional.empty();
  }

  private static long repeats(List<String> hashes) {
    return hashes.stream().mapToLong(h -> hashes.stream().filter(h::equals).count()).max().orElse(0);
  }

  static String patchHash(String diff) {
    return sha256(diff == null ? "" : diff);
  }

  /** The failure without its timings, so two runs failing the same way have the same signature. */
  static String failureSignature(TestRun tests) {
    String tail = TIMINGS.matcher(tests.getOutputTail()).replaceAll("");
    String summary = TIMINGS.matcher(tests.getSummary()).replaceAll("");
    return sha256(tests.getExitCode() + "\n" + summary + "\n" + tail);
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8))).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
