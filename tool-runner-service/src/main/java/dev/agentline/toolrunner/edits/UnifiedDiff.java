package dev.agentline.toolrunner.edits;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.patch.FileHeader;
import org.eclipse.jgit.patch.FormatError;
import org.eclipse.jgit.patch.Patch;

/** A git-style unified diff: the paths it touches (for the path policy, before anything is written) and its application. */
final class UnifiedDiff {
  private final byte[] bytes;
  private final Set<String> paths;

  private UnifiedDiff(byte[] bytes, Set<String> paths) {
    this.bytes = bytes;
    this.paths = paths;
  }

  static UnifiedDiff parse(String diff) {
    byte[] bytes = diff.getBytes(StandardCharsets.UTF_8);
    Patch patch = new Patch();
    patch.parse(bytes, 0, bytes.length);
    FormatError first = patch.getErrors().stream().filter(e -> e.getSeverity() == FormatError.Severity.ERROR).findFirst().orElse(null);
    if (first != null) {
      throw new EditRejectedException("unified diff is malformed: " + first.getMessage() + " near \"" + first.getLineText().strip() + "\"");
    }
    if (patch.getFiles().isEmpty()) throw new EditRejectedException("unified diff names no file to change");
    Set<String> paths = new LinkedHashSet<>();
    for (FileHeader file : patch.getFiles()) {
      addPath(paths, file.getOldPath());
      addPath(paths, file.getNewPath());
    }
    return new UnifiedDiff(bytes, paths);
  }

  private static void addPath(Set<String> paths, String path) {
    if (path != null && !path.equals(DiffEntry.DEV_NULL)) paths.add(path);
  }

  /** Every repository path the diff reads, changes, creates or deletes. */
  Set<String> paths() {
    return paths;
  }

  void applyTo(Git git) {
    try {
      git.apply().setPatch(new ByteArrayInputStream(bytes)).call();
    } catch (GitAPIException | RuntimeException e) {
      throw new EditRejectedException("unified diff did not apply: " + describe(e), e);
    }
  }

  private static String describe(Throwable e) {
    StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
    for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
      if (cause.getMessage() != null && !text.toString().contains(cause.getMessage())) text.append(": ").append(cause.getMessage());
    }
    return text.toString();
  }
}
