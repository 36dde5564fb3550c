package dev.agentline.toolrunner.workspace;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ConfigConstants;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.transport.RefSpec;

/**
 * One bare mirror per remote repository under a root directory, so a task's workspace is built
 * from local objects and only what is new crosses the network. A mirror is created on first use
 * and fetched (branches only, deleted ones pruned) each time a workspace is built from it; it is
 * never garbage-collected, because workspaces borrow its objects (git alternates).
 */
public final class Mirrors {
  private final Path root;
  private final GitRemotes remotes;
  private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();

  public Mirrors(Path root, GitRemotes remotes) {
    this.root = root.toAbsolutePath().normalize();
    this.remotes = remotes;
  }

  /** An up-to-date mirror of the repository: its directory and its branches (name without refs/heads/ to commit). */
  public record Mirror(Path dir, Map<String, ObjectId> heads) {
    Path objects() {
      return dir.resolve("objects");
    }
  }

  public Mirror update(RepositoryLocation repository) {
    Path dir = dirOf(repository.uri());
    ReentrantLock lock = locks.computeIfAbsent(dir.toString(), d -> new ReentrantLock());
    lock.lock();
    try (Git git = Files.isDirectory(dir.resolve("objects")) ? fetch(dir, repository) : create(dir, repository)) {
      Map<String, ObjectId> heads = new TreeMap<>();
      for (Ref ref : git.getRepository().getRefDatabase().getRefsByPrefix(Constants.R_HEADS)) {
        heads.put(ref.getName().substring(Constants.R_HEADS.length()), ref.getObjectId());
      }
      return new Mirror(dir, heads);
    } catch (IOException e) {
      throw new WorkspaceException("cannot read the mirror of " + repository + " at " + dir + ": " + e.getMessage(), e);
    } finally {
      lock.unlock();
    }
  }

  /** {@code <root>/<host-and-path>-<hash>.git}: readable, and distinct for distinct URLs. */
  Path dirOf(String uri) {
    String readable = uri.replaceFirst("^[a-zA-Z][a-zA-Z0-9+.-]*://", "").replaceFirst("^[^@/]*@", "")
        .replaceAll("[^A-Za-z0-9._-]+", "_").replaceAll("^[._]+", "").toLowerCase(Locale.ROOT);
    if (readable.length() > 60) readable = readable.substring(readable.length() - 60);
    return root.resolve(readable + "-" + hash(uri) + ".git");
  }

  private Git create(Path dir, RepositoryLocation repository) {
    try {
      Workspaces.deleteRecursively(dir);
      Files.createDirectories(dir.getParent());
      Git git = remotes.authorize(Git.cloneRepository(), repository.uri())
          .setURI(repository.uri()).setDirectory(dir.toFile()).setBare(true).setMirror(true).call();
      StoredConfig config = git.getRepository().getConfig();
      config.setInt(ConfigConstants.CONFIG_GC_SECTION, null, ConfigConstants.CONFIG_KEY_AUTO, 0);
      config.save();
      return git;
    } catch (GitAPIException | IOException | RuntimeException e) {
      try {
        Workspaces.deleteRecursively(dir);
      } catch (IOException ignored) {
        // the next use creates it again
      }
      throw new WorkspaceException("repository not found or not readable: " + repository + " (" + GitErrors.describe(e) + ")", e);
    }
  }

  private Git fetch(Path dir, RepositoryLocation repository) throws IOException {
    Git git = Git.open(dir.toFile());
    try {
      remotes.authorize(git.fetch(), repository.uri()).setRemote(repository.uri())
          .setRefSpecs(new RefSpec("+" + Constants.R_HEADS + "*:" + Constants.R_HEADS + "*"))
          .setRemoveDeletedRefs(true).call();
      return git;
    } catch (GitAPIException | RuntimeException e) {
      git.close();
      throw new WorkspaceException("repository not found or not readable: " + repository + " (the mirror could not be updated: "
          + GitErrors.describe(e) + ")", e);
    }
  }

  private static String hash(String uri) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(uri.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 5);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
