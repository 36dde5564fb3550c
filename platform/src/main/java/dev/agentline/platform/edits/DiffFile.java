package dev.agentline.platform.edits;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One file of a unified diff, read leniently. {@code oldPath} is null when the diff creates the
 * file, {@code newPath} null when it deletes it; they differ for a rename or copy. {@code headers}
 * are the git extended header lines in canonical form (modes, similarity, rename/copy from/to);
 * {@code binary} holds a binary patch's lines as given (empty for text).
 */
public record DiffFile(String oldPath, String newPath, boolean copy, List<String> headers, List<DiffHunk> hunks, List<String> binary) {
  public DiffFile {
    if (oldPath == null && newPath == null) throw new IllegalArgumentException("a diff file needs an old or a new path");
    headers = List.copyOf(headers);
    hunks = List.copyOf(hunks);
    binary = List.copyOf(binary);
  }

  public boolean created() {
    return oldPath == null;
  }

  public boolean deleted() {
    return newPath == null;
  }

  /** The path the file has after the diff (its old path when deleted): how messages name it. */
  public String path() {
    return newPath != null ? newPath : oldPath;
  }

  /** Every path the diff reads, writes, creates or deletes for this file. */
  public Set<String> paths() {
    Set<String> paths = new LinkedHashSet<>();
    if (oldPath != null) paths.add(oldPath);
    if (newPath != null) paths.add(newPath);
    return paths;
  }
}
