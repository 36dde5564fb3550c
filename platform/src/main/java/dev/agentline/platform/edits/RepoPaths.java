package dev.agentline.platform.edits;

import java.util.Optional;
import java.util.regex.Pattern;

/** A path a model names must stay inside the repository: relative, no {@code ..}, no drive letter. */
public final class RepoPaths {
  private static final Pattern DRIVE = Pattern.compile("^[A-Za-z]:.*");

  private RepoPaths() {}

  /** Why the path is unacceptable, or empty when it is fine. */
  public static Optional<String> problem(String path) {
    if (path == null || path.isBlank()) return Optional.of("file path is empty");
    if (path.startsWith("/") || path.startsWith("\\") || DRIVE.matcher(path).matches() || path.startsWith("~")) {
      return Optional.of("file path must be relative to the repository root: " + path);
    }
    for (String part : path.split("[/\\\\]")) {
      if (part.equals("..")) return Optional.of("file path must not contain '..': " + path);
    }
    if (path.chars().anyMatch(c -> c < 0x20)) return Optional.of("file path contains control characters: " + path.strip());
    return Optional.empty();
  }
}
