package dev.agentline.toolrunner.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Decides which repository paths a tool may touch inside one workspace. A model proposes paths;
 * this is where they are checked, right before the file system is used, whatever the planner
 * asked. Refused: absolute paths, {@code ..} segments that climb out, paths that resolve outside
 * the workspace once existing symlinks are followed, and anything under {@code .git/}.
 */
public final class PathPolicy {
  private final Path workspace;
  private final Path realWorkspace;

  public PathPolicy(Path workspace) {
    this.workspace = workspace.toAbsolutePath().normalize();
    try {
      this.realWorkspace = this.workspace.toRealPath();
    } catch (IOException e) {
      throw new IllegalArgumentException("workspace does not exist: " + workspace, e);
    }
  }

  /** The file a repository-relative path names, or {@link PathRefusedException} saying why not. */
  public Path resolve(String path) {
    if (path == null || path.isBlank()) throw refused(path, "empty path");
    if (path.indexOf('\0') >= 0) throw refused(path, "contains a NUL character");
    if (path.startsWith("/") || path.startsWith("\\") || path.matches("^[A-Za-z]:.*")) throw refused(path, "absolute path");
    Path candidate;
    try {
      if (Path.of(path).isAbsolute()) throw refused(path, "absolute path");
      candidate = workspace.resolve(path).normalize();
    } catch (InvalidPathException e) {
      throw refused(path, "not a valid path: " + e.getReason());
    }
    if (!candidate.startsWith(workspace) || candidate.equals(workspace)) {
      throw refused(path, candidate.equals(workspace) ? "names the workspace itself" : "'..' escapes the workspace");
    }
    if (isGitDir(workspace.relativize(candidate))) throw refused(path, "inside .git/");
    Path real = realPathOfDeepestExisting(candidate);
    if (!real.startsWith(realWorkspace)) throw refused(path, "resolves outside the workspace through a symlink");
    if (!real.equals(realWorkspace) && isGitDir(realWorkspace.relativize(real))) {
      throw refused(path, "resolves into .git/ through a symlink");
    }
    return candidate;
  }

  /** True when the path may be used; for filtering listings rather than refusing a request. */
  public boolean allows(String path) {
    try {
      resolve(path);
      return true;
    } catch (PathRefusedException e) {
      return false;
    }
  }

  private static boolean isGitDir(Path relative) {
    return relative.getNameCount() > 0 && relative.getName(0).toString().equalsIgnoreCase(".git");
  }

  /**
   * Follows symlinks on the longest existing prefix; what does not exist yet cannot be a link. A
   * dangling symlink counts as existing so it cannot point a later write outside.
   */
  private Path realPathOfDeepestExisting(Path candidate) {
    Path existing = candidate;
    while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) existing = existing.getParent();
    if (existing == null) return candidate;
    try {
      Path real = existing.toRealPath();
      return real.resolve(existing.relativize(candidate)).normalize();
    } catch (IOException e) {
      // A dangling link: resolve its target by hand.
      try {
        Path target = Files.readSymbolicLink(existing);
        Path resolved = existing.resolveSibling(target).resolve(existing.relativize(candidate)).normalize();
        return resolved.startsWith(workspace) ? realWorkspace.resolve(workspace.relativize(resolved)) : resolved;
      } catch (IOException | UnsupportedOperationException notALink) {
        return candidate;
      }
    }
  }

  private static PathRefusedException refused(String path, String why) {
    return new PathRefusedException(path, why);
  }
}
