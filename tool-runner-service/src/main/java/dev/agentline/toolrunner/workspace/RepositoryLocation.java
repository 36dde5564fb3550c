package dev.agentline.toolrunner.workspace;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Where a task's repository lives, as given in a request (a local path, a file:// URL or any git
 * URL), and the URI git is given. A local path becomes a file URI so clone and push treat it like
 * any other remote.
 */
public record RepositoryLocation(String given, String uri) {
  private static final Pattern URL = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://.*");
  private static final Pattern SCP_LIKE = Pattern.compile("^[^/@:]+@[^/:]+:.*");

  public static RepositoryLocation of(String given) {
    if (given == null || given.isBlank()) throw new WorkspaceException("repository is missing");
    String trimmed = given.trim();
    if (URL.matcher(trimmed).matches() || SCP_LIKE.matcher(trimmed).matches()) return new RepositoryLocation(given, trimmed);
    try {
      String uri = Path.of(trimmed).toAbsolutePath().normalize().toUri().toString();
      return new RepositoryLocation(given, uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri);
    } catch (InvalidPathException e) {
      throw new WorkspaceException("repository '" + given + "' is neither a URL nor a valid path: " + e.getReason());
    }
  }

  /** True for a repository on this machine (a path or a file:// URL), which needs no code host. */
  public boolean isLocal() {
    return uri.startsWith("file:");
  }

  @Override
  public String toString() {
    return given;
  }
}
