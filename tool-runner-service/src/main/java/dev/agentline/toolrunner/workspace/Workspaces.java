package dev.agentline.toolrunner.workspace;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Ref;

/**
 * The task workspaces under one root: {@code <root>/<taskId>}, a clone of the task's repository
 * with the task branch checked out. Git is the durable state: a missing directory (crash,
 * rebalance, another instance) is rebuilt from origin, and an existing one is brought up to the
 * branch head on origin unless it already contains it (a commit not pushed yet survives).
 * One request at a time works in a task's workspace.
 */
public final class Workspaces {
  private final Path root;
  private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();

  public Workspaces(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  public Path dirOf(String taskId) {
    return root.resolve(taskId);
  }

  /** Opens (cloning or rebuilding as needed) the task's workspace on its task branch; close it when done. */
  public Workspace open(TaskRef task) {
    ReentrantLock lock = locks.computeIfAbsent(task.taskId(), id -> new ReentrantLock());
    lock.lock();
    try {
      Path dir = dirOf(task.taskId());
      Git git = Files.isDirectory(dir.resolve(Constants.DOT_GIT)) ? reopen(dir, task) : rebuild(dir, task);
      Workspace workspace = new Workspace(git, task, lock);
      try {
        workspace.checkOutTaskBranch();
        return workspace;
      } catch (RuntimeException e) {
        workspace.close();
        throw e;
      }
    } catch (RuntimeException e) {
      if (lock.isHeldByCurrentThread()) lock.unlock();
      throw e;
    }
  }

  private static Git reopen(Path dir, TaskRef task) {
    try {
      Git git = Git.open(dir.toFile());
      Workspace.fetch(git, task);
      return git;
    } catch (IOException e) {
      throw new WorkspaceException("cannot open workspace " + dir + ": " + e.getMessage(), e);
    }
  }

  private static Git rebuild(Path dir, TaskRef task) {
    Collection<Ref> heads = remoteHeads(task);
    String cloneBranch = has(heads, task.branch()) ? task.branch() : task.baseBranch();
    if (!has(heads, cloneBranch)) {
      throw new WorkspaceException("base branch '" + task.baseBranch() + "' not found in repository " + task.repository());
    }
    try {
      deleteRecursively(dir);
      Files.createDirectories(dir.getParent());
      return Git.cloneRepository()
          .setURI(task.repository().uri())
          .setDirectory(dir.toFile())
          .setBranch(Constants.R_HEADS + cloneBranch)
          .call();
    } catch (GitAPIException | IOException | RuntimeException e) {
      try {
        deleteRecursively(dir);
      } catch (IOException ignored) {
        // the next request rebuilds over it anyway
      }
      throw new WorkspaceException("cannot clone repository " + task.repository() + " into " + dir + ": " + e.getMessage(), e);
    }
  }

  private static Collection<Ref> remoteHeads(TaskRef task) {
    try {
      return Git.lsRemoteRepository().setRemote(task.repository().uri()).setHeads(true).call();
    } catch (GitAPIException | RuntimeException e) {
      throw new WorkspaceException("repository not found or not readable: " + task.repository() + " (" + e.getMessage() + ")", e);
    }
  }

  private static boolean has(Collection<Ref> heads, String branch) {
    return heads.stream().anyMatch(ref -> ref.getName().equals(Constants.R_HEADS + branch));
  }

  static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
    Files.walkFileTree(dir, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
        if (e != null) throw e;
        Files.delete(d);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
