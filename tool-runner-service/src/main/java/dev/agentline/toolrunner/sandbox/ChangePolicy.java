package dev.agentline.toolrunner.sandbox;

import dev.agentline.schemas.FailureReason;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What one APPLY_EDITS may change, on top of {@link PathPolicy} (which keeps every path inside the
 * workspace and out of {@code .git/}): globs of paths that must never change, globs of the only
 * paths that may change, and how many files and diff lines one apply may change.
 *
 * <p>Globs match '/'-separated repository paths with the same rules as the planner's
 * {@code PathRules}: {@code *} and {@code ?} stay within one directory, {@code **} crosses
 * directories, and {@code **}{@code /} also matches no directory at all, so {@code **}{@code /*.pem}
 * matches {@code key.pem} and {@code src/**}{@code /Secret.java} matches {@code src/Secret.java}.
 * Every other character is literal. One addition: a glob ending with {@code /} means everything
 * below it ({@code secrets/} is {@code secrets/**}), so it never silently protects nothing.
 *
 * <p>Checks run in this order and the first refusal wins: protected paths, allowed paths, the
 * files limit, the diff-lines limit, and then ({@link #checkFileSizes}) the size of each changed
 * file. A refusal is a {@link ChangeRefusedException} with its {@link FailureReason} and a message
 * naming the paths or the numbers.
 */
public final class ChangePolicy {
  /** No globs and no limits: only {@link PathPolicy} applies. */
  public static final ChangePolicy NONE = new ChangePolicy(List.of(), List.of(), null, null, null);

  private final List<List<Glob>> allowed;
  private final List<Glob> protectedPaths;
  private final Integer maxFilesChanged;
  private final Integer maxDiffLines;
  private final Long maxFileBytes;

  private ChangePolicy(List<List<Glob>> allowed, List<Glob> protectedPaths, Integer maxFilesChanged, Integer maxDiffLines,
      Long maxFileBytes) {
    this.allowed = allowed;
    this.protectedPaths = protectedPaths;
    this.maxFilesChanged = maxFilesChanged;
    this.maxDiffLines = maxDiffLines;
    this.maxFileBytes = maxFileBytes;
  }

  /**
   * A policy from globs and limits; an empty {@code allowed} allows any path, a null limit is no
   * limit. {@link IllegalArgumentException} naming the glob or the limit when one is not valid.
   */
  public static ChangePolicy of(List<String> allowed, List<String> protectedPaths, Integer maxFilesChanged, Integer maxDiffLines) {
    requirePositive("max-files-changed", maxFilesChanged);
    requirePositive("max-diff-lines", maxDiffLines);
    List<Glob> allowedGlobs = Glob.all(allowed);
    return new ChangePolicy(allowedGlobs.isEmpty() ? List.of() : List.of(allowedGlobs), Glob.all(protectedPaths),
        maxFilesChanged, maxDiffLines, null);
  }

  /** This policy with a limit on the size of every file a change leaves behind. */
  public ChangePolicy withMaxFileBytes(long maxFileBytes) {
    if (maxFileBytes < 1) throw new IllegalArgumentException("max-file-bytes must be >= 1, was " + maxFileBytes);
    return new ChangePolicy(allowed, protectedPaths, maxFilesChanged, maxDiffLines, maxFileBytes);
  }

  private static void requirePositive(String name, Integer limit) {
    if (limit != null && limit < 1) throw new IllegalArgumentException(name + " must be >= 1, was " + limit);
  }

  /**
   * Both policies at once: the protected globs of both, the stricter of each limit, and a path must
   * be allowed by each policy that names allowed paths.
   */
  public ChangePolicy and(ChangePolicy other) {
    List<List<Glob>> bothAllowed = new ArrayList<>(allowed);
    bothAllowed.addAll(other.allowed);
    List<Glob> bothProtected = new ArrayList<>(protectedPaths);
    bothProtected.addAll(other.protectedPaths);
    return new ChangePolicy(List.copyOf(bothAllowed), List.copyOf(bothProtected),
        stricter(maxFilesChanged, other.maxFilesChanged), stricter(maxDiffLines, other.maxDiffLines),
        stricter(maxFileBytes, other.maxFileBytes));
  }

  private static <T extends Comparable<T>> T stricter(T a, T b) {
    return a == null ? b : b == null ? a : a.compareTo(b) <= 0 ? a : b;
  }

  /**
   * Refuses paths that are protected or not allowed; run on every path an apply would touch
   * (edit paths, both names of a rename, deleted files) before anything is written.
   */
  public void checkPaths(Collection<String> paths) {
    List<String> hits = new ArrayList<>();
    for (String path : paths) {
      protectedPaths.stream().filter(glob -> glob.matches(path)).findFirst()
          .ifPresent(glob -> hits.add(path + " matches " + glob.text()));
    }
    if (!hits.isEmpty()) {
      throw new ChangeRefusedException(FailureReason.PROTECTED_PATH, plural("protected path", hits.size()) + ": " + String.join(", ", hits));
    }
    for (List<Glob> group : allowed) {
      List<String> outside = paths.stream().filter(path -> group.stream().noneMatch(glob -> glob.matches(path))).toList();
      if (!outside.isEmpty()) {
        throw new ChangeRefusedException(FailureReason.PATH_NOT_ALLOWED, plural("path", outside.size()) + " not allowed: "
            + String.join(", ", outside) + (outside.size() == 1 ? " matches" : " match") + " none of "
            + group.stream().map(Glob::text).collect(Collectors.joining(", ")));
      }
    }
  }

  /**
   * Refuses a change whose paths {@link #checkPaths} refuses, or that is over a limit: more files
   * than max-files-changed ({@code changedFiles} holds both names of a rename), more added +
   * deleted lines than max-diff-lines.
   */
  public void check(Collection<String> changedFiles, int additions, int deletions) {
    checkPaths(changedFiles);
    if (maxFilesChanged != null && changedFiles.size() > maxFilesChanged) {
      throw new ChangeRefusedException(FailureReason.FILES_LIMIT, plural(changedFiles.size() + " file", changedFiles.size())
          + " changed, more than the limit of " + maxFilesChanged + " (max-files-changed)");
    }
    int lines = additions + deletions;
    if (maxDiffLines != null && lines > maxDiffLines) {
      throw new ChangeRefusedException(FailureReason.DIFF_LIMIT, plural(lines + " diff line", lines) + " (+" + additions + " -" + deletions
          + "), more than the limit of " + maxDiffLines + " (max-diff-lines)");
    }
  }

  /**
   * Refuses a change that leaves a file larger than max-file-bytes ({@link FailureReason#DIFF_LIMIT}:
   * the change is too large). Run on the applied change before it is committed, with every path it
   * changed; a deleted file (no longer there) passes. Symlinks are measured as links, not followed.
   */
  public void checkFileSizes(Path workspace, Collection<String> changedFiles) {
    if (maxFileBytes == null) return;
    List<String> over = new ArrayList<>();
    for (String path : changedFiles) {
      try {
        long size = Files.readAttributes(workspace.resolve(path), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).size();
        if (size > maxFileBytes) over.add(path + " (" + size + " bytes)");
      } catch (NoSuchFileException deleted) {
        // nothing left to measure
      } catch (IOException e) {
        throw new UncheckedIOException("cannot measure " + path, e);
      }
    }
    if (!over.isEmpty()) {
      throw new ChangeRefusedException(FailureReason.FILE_TOO_LARGE, plural("file", over.size()) + " larger than the limit of " + maxFileBytes
          + " bytes (max-file-bytes) after the change: " + String.join(", ", over));
    }
  }

  private static String plural(String noun, int count) {
    return count == 1 ? noun : noun + "s";
  }

  @Override
  public String toString() {
    return "ChangePolicy[allowed=" + allowed + ", protected=" + protectedPaths + ", maxFilesChanged=" + maxFilesChanged
        + ", maxDiffLines=" + maxDiffLines + ", maxFileBytes=" + maxFileBytes + "]";
  }

  /**
   * One glob as written, compiled to a regular expression: {@code **}{@code /} is any number of
   * directories (none included), {@code **} anything, {@code *} anything within one directory,
   * {@code ?} one character but '/'; everything else is literal. A trailing '/' means {@code /**}.
   */
  private record Glob(String text, Pattern regex) {
    static List<Glob> all(List<String> globs) {
      return globs == null ? List.of() : globs.stream().map(Glob::of).toList();
    }

    static Glob of(String text) {
      if (text == null || text.isBlank()) throw new IllegalArgumentException("empty glob");
      String glob = text.strip();
      if (glob.startsWith("/")) throw new IllegalArgumentException("glob " + text + " is absolute; globs match repository-relative paths");
      if (glob.endsWith("/")) glob += "**";
      StringBuilder regex = new StringBuilder();
      for (int i = 0; i < glob.length(); i++) {
        char c = glob.charAt(i);
        if (glob.startsWith("**/", i)) {
          regex.append("(?:.*/)?");
          i += 2;
        } else if (glob.startsWith("**", i)) {
          regex.append(".*");
          i++;
        } else if (c == '*') {
          regex.append("[^/]*");
        } else if (c == '?') {
          regex.append("[^/]");
        } else {
          regex.append(Pattern.quote(String.valueOf(c)));
        }
      }
      return new Glob(text, Pattern.compile(regex.toString()));
    }

    boolean matches(String path) {
      return regex.matcher(path).matches();
    }

    @Override
    public String toString() {
      return text;
    }
  }
}
