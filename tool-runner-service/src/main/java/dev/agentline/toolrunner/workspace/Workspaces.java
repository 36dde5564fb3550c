package dev.agentline.toolrunner.workspace;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.jgit.api.CreateBranchCommand;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.BatchRefUpdate;
import org.eclipse.jgit.lib.ConfigConstants;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.ReceiveCommand;

/**
 * The task workspaces under one root: {@code <root>/<taskId>}, a clone of the task's repository
 * with the task branch checked out. Git is the durable state: a missing directory (crash,
 * rebalance, another instance) is rebuilt from origin, and an existing one is brought up to the
 * branch head on origin unless it already contains it (a commit not pushed yet survives). A request
 * that only reads at the commit the branch is already at does not ask origin (see {@link #open(TaskRef, String)}).
 * One request at a time works in a task's workspace.
 */
public final class Workspaces {
  private final Path root;
  private final GitRemotes remotes;
  private final Mirrors mirrors;
  private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();

  /** Workspaces cloned straight from each remote, without credentials or mirrors. */
  public Workspaces(Path root) {
    this(root, GitRemotes.ANONYMOUS, null);
  }

  /**
   * @param remotes how to authenticate to each remote
   * @param mirrors where to keep a local mirror of each repository, so a workspace is built from
   *     local objects (null: every workspace is a full clone from the remote)
   */
  public Workspaces(Path root, GitRemotes remotes, Mirrors mirrors) {
    this.root = root.toAbsolutePath().normalize();
    this.remotes = remotes;
    this.mirrors = mirrors;
  }

  public Path dirOf(String taskId) {
    return root.resolve(taskId);
  }

  /** Opens (cloning or rebuilding as needed) the task's workspace on its task branch; close it when done. */
  public Workspace open(TaskRef task) {
    return open(task, null);
  }

  /**
   * Like {@link #open(TaskRef)}, but an existing workspace whose task branch is already at {@code atCommit} is not
   * fetched: what origin has since is not needed to work at that commit, and a fetch is a network round trip to
   * the code host. For requests that do not push; a push needs origin's head as it is now. Null: always fetched.
   */
  public Workspace open(TaskRef task, String atCommit) {
    ReentrantLock lock = locks.computeIfAbsent(task.taskId(), id -> new ReentrantLock());
    lock.lock();
    try {
      Path dir = dirOf(task.taskId());
      Git git = Files.isDirectory(dir.resolve(Constants.DOT_GIT)) ? reopen(dir, task, atCommit) : rebuild(dir, task);
      Workspace workspace = new Workspace(git, task, lock, remotes);
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

  private Git reopen(Path dir, TaskRef task, String atCommit) {
    try {
      Git git = Git.open(dir.toFile());
      try {
        if (!branchIsAt(git.getRepository(), task.branch(), atCommit)) Workspace.fetch(git, task, remotes);
        return git;
      } catch (RuntimeException e) {
        git.close();
        throw e;
      }
    } catch (IOException e) {
      throw new WorkspaceException("cannot open workspace " + dir + ": " + e.getMessage(), e);
    }
  }

  private Git rebuild(Path dir, TaskRef task) {
    Mirrors.Mirror mirror = mirrors == null ? null : mirrors.update(task.repository());
    Set<String> heads = mirror != null ? mirror.heads().keySet() : remoteHeads(task);
    String cloneBranch = heads.contains(task.branch()) ? task.branch() : task.baseBranch();
    if (!heads.contains(cloneBranch)) {
      throw new WorkspaceException("base branch '" + task.baseBranch() + "' not found in repository " + task.repository());
    }
    try {
      deleteRecursively(dir);
      Files.createDirectories(dir.getParent());
      if (mirror != null) return cloneFromMirror(dir, task, mirror, cloneBranch);
      return remotes.authorize(Git.cloneRepository(), task.repository().uri())
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
      throw new WorkspaceException("cannot clone repository " + task.repository() + " into " + dir + ": " + GitErrors.describe(e), e);
    }
  }

  /**
   * A clone that borrows the mirror's objects (git alternates) instead of copying them: origin is
   * the real remote, its branches start where the mirror's are, and a fetch from origin brings only
   * what the mirror lacks.
   */
  private Git cloneFromMirror(Path dir, TaskRef task, Mirrors.Mirror mirror, String cloneBranch) throws GitAPIException, IOException {
    Git.init().setDirectory(dir.toFile()).setInitialBranch(cloneBranch).call().close();
    Path alternates = dir.resolve(Constants.DOT_GIT).resolve("objects").resolve("info").resolve("alternates");
    Files.createDirectories(alternates.getParent());
    Files.writeString(alternates, mirror.objects() + "\n");
    Git git = Git.open(dir.toFile());
    try {
      Repository repo = git.getRepository();
      StoredConfig config = repo.getConfig();
      config.setString(ConfigConstants.CONFIG_REMOTE_SECTION, Workspace.ORIGIN, ConfigConstants.CONFIG_KEY_URL, task.repository().uri());
      config.setString(ConfigConstants.CONFIG_REMOTE_SECTION, Workspace.ORIGIN, "fetch", "+refs/heads/*:refs/remotes/origin/*");
      config.save();
      startRemoteBranchesAtTheMirrors(repo, mirror.heads());
      Workspace.fetch(git, task, remotes);
      git.checkout().setCreateBranch(true).setName(cloneBranch).setStartPoint(Workspace.remoteRef(cloneBranch))
          .setUpstreamMode(CreateBranchCommand.SetupUpstreamMode.TRACK).call();
      return git;
    } catch (GitAPIException | IOException | RuntimeException e) {
      git.close();
      throw e;
    }
  }

  /**
   * Origin's branches as the mirror has them, in one write of packed-refs and without reflogs: one ref update each wrote
   * a loose ref and its reflog, and a new task's workspace of a repository with 5 000 branches took 4.8 s instead of 0.3 s
   * (bench/workspace-timings.sh).
   */
  private static void startRemoteBranchesAtTheMirrors(Repository repo, Map<String, ObjectId> heads) throws IOException {
    BatchRefUpdate batch = repo.getRefDatabase().newBatchUpdate().setAtomic(true).disableRefLog();
    heads.forEach((branch, id) -> batch.addCommand(
        new ReceiveCommand(ObjectId.zeroId(), id, Workspace.remoteRef(branch))));
    try (RevWalk walk = new RevWalk(repo)) {
      batch.execute(walk, NullProgressMonitor.INSTANCE);
    }
    for (ReceiveCommand command : batch.getCommands()) {
      if (command.getResult() != ReceiveCommand.Result.OK) {
        throw new IOException("cannot set " + command.getRefName() + " from the mirror: " + command.getResult()
            + (command.getMessage() == null ? "" : " (" + command.getMessage() + ")"));
      }
    }
  }

  /** Whether the local {@code branch} is the commit {@code revision} names (false when either is unknown here). */
  private static boolean branchIsAt(Repository repo, String branch, String revision) {
    if (revision == null || revision.isBlank()) return false;
    ObjectId head = Workspace.resolveCommit(repo, Constants.R_HEADS + branch);
    return head != null && head.equals(Workspace.resolveCommit(repo, revision));
  }

  private Set<String> remoteHeads(TaskRef task) {
    try {
      Set<String> heads = new TreeSet<>();
      for (Ref ref : remotes.authorize(Git.lsRemoteRepository(), task.repository().uri()).setRemote(task.repository().uri()).setHeads(true).call()) {
        heads.add(ref.getName().substring(Constants.R_HEADS.length()));
      }
      return heads;
    } catch (GitAPIException | RuntimeException e) {
      throw new WorkspaceException("repository not found or not readable: " + task.repository() + " (" + GitErrors.describe(e) + ")", e);
    }
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
