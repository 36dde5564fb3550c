package dev.agentline.toolrunner.edits;

import dev.agentline.platform.edits.DiffFile;
import dev.agentline.platform.edits.DiffHunk;
import dev.agentline.platform.edits.MalformedDiffException;
import dev.agentline.platform.edits.UnifiedDiffs;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.patch.FileHeader;
import org.eclipse.jgit.patch.FormatError;
import org.eclipse.jgit.patch.Patch;

/**
 * A unified diff as a model wrote it, read leniently ({@link UnifiedDiffs}) and put in canonical
 * git form. Its paths are every name in the lenient reading and in JGit's reading of the canonical
 * text, so the path policy sees whatever either way of applying could touch. Applying tries JGit's
 * {@code git apply} first and, when that refuses, {@link FuzzyPatch}.
 */
final class UnifiedDiff {
  /** Reads and writes the workspace's files; a write of empty deletes the file. */
  interface Files {
    Optional<String> read(String path);

    void write(String path, Optional<String> content);

    /** What is at the path now, for undoing a failed JGit apply. */
    Snapshot snapshot(String path);

    void restore(String path, Snapshot snapshot);
  }

  /**
   * A path before JGit ran: absent (so anything there afterwards goes), a regular file's bytes, or
   * something else (a directory, a symlink) that a restore leaves alone.
   */
  record Snapshot(boolean absent, byte[] bytes) {
    static final Snapshot ABSENT = new Snapshot(true, null);
    static final Snapshot NOT_A_FILE = new Snapshot(false, null);
  }

  private final List<DiffFile> files;
  private final byte[] canonical;
  private final boolean jgitReads;
  private final Set<String> paths;

  private UnifiedDiff(List<DiffFile> files, byte[] canonical, boolean jgitReads, Set<String> paths) {
    this.files = files;
    this.canonical = canonical;
    this.jgitReads = jgitReads;
    this.paths = paths;
  }

  static UnifiedDiff parse(String diff) {
    List<DiffFile> files;
    try {
      files = UnifiedDiffs.parse(diff);
    } catch (MalformedDiffException e) {
      throw new EditRejectedException("unified diff is malformed: " + e.getMessage(), e);
    }
    byte[] bytes = UnifiedDiffs.render(files).getBytes(StandardCharsets.UTF_8);
    Set<String> paths = new LinkedHashSet<>();
    for (DiffFile file : files) paths.addAll(file.paths());
    Patch patch = new Patch();
    patch.parse(bytes, 0, bytes.length);
    // A hunk whose header was missing has no position; git apply would take the one it was given (line 1) as true.
    boolean positioned = files.stream().flatMap(file -> file.hunks().stream()).noneMatch(hunk -> hunk.oldStart() == DiffHunk.UNKNOWN);
    boolean jgitReads = positioned && patch.getErrors().stream().noneMatch(e -> e.getSeverity() == FormatError.Severity.ERROR)
        && patch.getFiles().size() == files.size();
    for (FileHeader file : patch.getFiles()) {
      addPath(paths, file.getOldPath());
      addPath(paths, file.getNewPath());
    }
    return new UnifiedDiff(files, bytes, jgitReads, paths);
  }

  private static void addPath(Set<String> paths, String path) {
    if (path != null && !path.equals(DiffEntry.DEV_NULL)) paths.add(path);
  }

  /** Every repository path the diff reads, changes, creates or deletes. */
  Set<String> paths() {
    return paths;
  }

  /** The diff in canonical git form, as JGit is given it. */
  String canonical() {
    return new String(canonical, StandardCharsets.UTF_8);
  }

  /** Applies the diff with JGit, or when JGit refuses it, forgivingly; throws {@link EditRejectedException} when neither can. */
  void applyTo(Git git, Files workspace) {
    if (jgitReads) {
      Map<String, Snapshot> before = new LinkedHashMap<>();
      for (String path : paths) before.put(path, workspace.snapshot(path));
      try {
        git.apply().setPatch(new ByteArrayInputStream(canonical)).call();
        keepLineEnds(before, workspace);
        return;
      } catch (GitAPIException | RuntimeException e) {
        before.forEach(workspace::restore);
      }
    }
    Map<String, Optional<String>> result = FuzzyPatch.apply(files, workspace::read);
    result.forEach(workspace::write);
  }

  /**
   * git apply writes the diff's line ends (LF) into a CRLF file and gives a last line the line end
   * the diff has; the forgiving way keeps the file's. So that both ways agree, a changed text file
   * gets its CRLF back, and its final-newline state unless a hunk says "\ No newline at end of file".
   */
  private void keepLineEnds(Map<String, Snapshot> before, Files workspace) {
    for (DiffFile file : files) {
      Snapshot original = before.get(file.oldPath());
      if (file.created() || file.deleted() || !file.binary().isEmpty() || original == null || original.bytes() == null) continue;
      boolean saysNoNewline = file.hunks().stream().anyMatch(h -> h.oldEndsWithoutNewline() || h.newEndsWithoutNewline());
      Optional<String> patched = workspace.read(file.newPath());
      if (patched.isEmpty()) continue;
      String kept = TextFile.inStyleOf(new String(original.bytes(), StandardCharsets.UTF_8), patched.get(), !saysNoNewline);
      if (!kept.equals(patched.get())) workspace.write(file.newPath(), Optional.of(kept));
    }
  }
}
