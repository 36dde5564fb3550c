package dev.agentline.toolrunner.workspace;

import dev.agentline.toolrunner.sandbox.PathPolicy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.jgit.api.AddCommand;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.api.Status;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.diff.Edit;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefLeaseSpec;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.treewalk.AbstractTreeIterator;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;
import org.eclipse.jgit.treewalk.EmptyTreeIterator;
import org.eclipse.jgit.util.io.DisabledOutputStream;

/**
 * One task's open workspace: a clone with the task branch checked out and clean (tracked files
 * as committed, no untracked files that are not ignored). Only the task branch is ever written,
 * and it is pushed with force, since a retried attempt rewrites it from an earlier commit, but
 * never over commits a person pushed (see {@link #push}).
 */
public final class Workspace implements AutoCloseable {
  static final String ORIGIN = "origin";
  /** Who authors and commits agentline's commits. */
  public static final PersonIdent AGENTLINE = new PersonIdent("agentline", "agentline@localhost");

  private final Git git;
  private final TaskRef task;
  private final ReentrantLock lock;
  private final PathPolicy paths;
  private final GitRemotes remotes;

  Workspace(Git git, TaskRef task, ReentrantLock lock, GitRemotes remotes) {
    this.remotes = remotes;
    this.git = git;
    this.task = task;
    this.lock = lock;
    this.paths = new PathPolicy(git.getRepository().getWorkTree().toPath());
  }

  public Path dir() {
    return git.getRepository().getWorkTree().toPath();
  }

  public TaskRef task() {
    return task;
  }

  public String branch() {
    return task.branch();
  }

  public Git git() {
    return git;
  }

  /** The path policy of this workspace; every path a request names goes through it. */
  public PathPolicy paths() {
    return paths;
  }

  public String originUri() {
    String url = git.getRepository().getConfig().getString("remote", ORIGIN, "url");
    return url != null ? url : task.repository().uri();
  }

  public RevCommit headCommit() {
    Repository repo = git.getRepository();
    try (RevWalk walk = new RevWalk(repo)) {
      ObjectId head = repo.resolve(Constants.HEAD);
      if (head == null) throw new WorkspaceException("the task branch " + task.branch() + " has no commit");
      return walk.parseCommit(head);
    } catch (IOException e) {
      throw new WorkspaceException("cannot read HEAD of " + dir() + ": " + e.getMessage(), e);
    }
  }

  public String head() {
    return headCommit().name();
  }

  /** The task branch on origin as of the last fetch (every open for a request that pushes fetches), if it exists there. */
  public Optional<RevCommit> originHead() {
    Repository repo = git.getRepository();
    try (RevWalk walk = new RevWalk(repo)) {
      Ref ref = repo.exactRef(remoteRef(task.branch()));
      return ref == null ? Optional.empty() : Optional.of(walk.parseCommit(ref.getObjectId()));
    } catch (IOException e) {
      throw new WorkspaceException("cannot read origin/" + task.branch() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Moves the task branch (and the files) to its head on origin as of the last fetch (see {@link #originHead()}),
   * dropping whatever the local branch had that origin lacks. Empty, and nothing moved, when the branch is
   * not on origin.
   */
  public Optional<RevCommit> resetToOrigin() {
    Optional<RevCommit> remote = originHead();
    remote.ifPresent(this::resetHard);
    return remote;
  }

  /**
   * The commits on {@code tip} that are not on origin's base branch and that agentline did not make
   * (their committer is not {@link #AGENTLINE}): what people pushed to the task branch. Newest first.
   */
  public List<RevCommit> commitsByOthers(ObjectId tip) {
    Repository repo = git.getRepository();
    try (RevWalk walk = new RevWalk(repo)) {
      walk.markStart(walk.parseCommit(tip));
      Ref base = repo.exactRef(remoteRef(task.baseBranch()));
      if (base != null) walk.markUninteresting(walk.parseCommit(base.getObjectId()));
      List<RevCommit> others = new ArrayList<>();
      for (RevCommit commit : walk) if (!madeByAgentline(commit)) others.add(commit);
      return others;
    } catch (IOException e) {
      throw new WorkspaceException("cannot walk the history of " + task.branch() + ": " + e.getMessage(), e);
    }
  }

  /** True when agentline made this commit object (its committer), so rewriting it away loses nobody's work. */
  public static boolean madeByAgentline(RevCommit commit) {
    return AGENTLINE.getEmailAddress().equals(commit.getCommitterIdent().getEmailAddress());
  }

  /** Tracked files, sorted, from the index (which matches HEAD in a clean workspace). */
  public List<String> trackedFiles() {
    try {
      DirCache index = git.getRepository().readDirCache();
      List<String> files = new ArrayList<>(index.getEntryCount());
      for (int i = 0; i < index.getEntryCount(); i++) files.add(index.getEntry(i).getPathString());
      files.sort(null);
      return files;
    } catch (IOException e) {
      throw new WorkspaceException("cannot read the index of " + dir() + ": " + e.getMessage(), e);
    }
  }

  /** Whether the task branch's head is the commit {@code revision} names (known here; nothing is fetched). */
  public boolean isAt(String revision) {
    ObjectId id = resolveCommit(revision);
    return id != null && id.equals(headCommit().getId());
  }

  /** Moves the task branch (and the files) to {@code commit}, fetching from origin if it is not known here. */
  public void resetTo(String commit) {
    resetHard(commitOf(commit));
  }

  /**
   * The commit {@code revision} names (an id, abbreviated or not, or a ref), fetching from origin
   * if it is not known here; {@link WorkspaceException} naming it when it is nowhere.
   */
  public RevCommit commitOf(String revision) {
    ObjectId id = resolveCommit(revision);
    if (id == null) {
      fetch(git, task, remotes);
      id = resolveCommit(revision);
    }
    if (id == null) throw new WorkspaceException("commit " + revision + " not found in the workspace or in " + task.repository());
    try (RevWalk walk = new RevWalk(git.getRepository())) {
      return walk.parseCommit(id);
    } catch (IOException e) {
      throw new WorkspaceException("cannot read commit " + revision + ": " + e.getMessage(), e);
    }
  }

  /**
   * The unified diff (git format, renames detected) from {@code from} to {@code to} (commits or
   * trees), cut to {@code maxChars}; {@code from} null diffs against the empty tree (a root commit).
   */
  public Diff diff(ObjectId from, ObjectId to, int maxChars) {
    Repository repo = git.getRepository();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (RevWalk walk = new RevWalk(repo); ObjectReader reader = repo.newObjectReader(); DiffFormatter formatter = new DiffFormatter(out)) {
      formatter.setRepository(repo);
      formatter.setDetectRenames(true);
      AbstractTreeIterator oldTree = from == null ? new EmptyTreeIterator() : new CanonicalTreeParser(null, reader, walk.parseTree(from));
      AbstractTreeIterator newTree = new CanonicalTreeParser(null, reader, walk.parseTree(to));
      List<DiffEntry> entries = formatter.scan(oldTree, newTree);
      int additions = 0;
      int deletions = 0;
      boolean complete = true;
      SortedSet<String> changedFiles = new TreeSet<>();
      for (DiffEntry entry : entries) {
        if (entry.getChangeType() != DiffEntry.ChangeType.ADD) changedFiles.add(entry.getOldPath());
        if (entry.getChangeType() != DiffEntry.ChangeType.DELETE) changedFiles.add(entry.getNewPath());
        for (Edit edit : formatter.toFileHeader(entry).toEditList()) {
          deletions += edit.getLengthA();
          additions += edit.getLengthB();
        }
        // Bytes are at least as many as characters: once past the cap, the rest would only be cut.
        if (out.size() <= maxChars) formatter.format(entry);
        else complete = false;
      }
      formatter.flush();
      return Diff.of(out.toString(StandardCharsets.UTF_8), complete, entries.size(), additions, deletions, List.copyOf(changedFiles), maxChars);
    } catch (IOException | RuntimeException e) {
      throw new WorkspaceException("cannot diff " + name(from) + " and " + to.name() + ": " + e.getMessage(), e);
    }
  }

  private static String name(ObjectId id) {
    return id == null ? "the empty tree" : id.name();
  }

  /** Discards every uncommitted change and moves the task branch to {@code commit}. */
  public void resetHard(ObjectId commit) {
    try {
      git.reset().setMode(ResetCommand.ResetType.HARD).setRef(commit.name()).call();
      git.clean().setCleanDirectories(true).setForce(true).call();
    } catch (GitAPIException e) {
      throw new WorkspaceException("cannot reset " + task.branch() + " to " + commit.name() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Stages exactly {@code changedPaths} (new, modified or deleted) and commits them as agentline.
   * Returns the new commit, or empty when those paths hold no change.
   */
  public Optional<RevCommit> commit(String message, Collection<String> changedPaths) {
    return stage(changedPaths).map(tree -> commitStaged(message));
  }

  /**
   * Stages exactly {@code changedPaths} (new, modified or deleted) and returns the tree the index
   * now holds, or empty when it is HEAD's (nothing changed). {@link #resetHard} undoes it.
   */
  public Optional<ObjectId> stage(Collection<String> changedPaths) {
    if (changedPaths.isEmpty()) return Optional.empty();
    try {
      AddCommand add = git.add();
      AddCommand addRemovals = git.add().setUpdate(true);
      for (String path : changedPaths) {
        add.addFilepattern(path);
        addRemovals.addFilepattern(path);
      }
      add.call();
      addRemovals.call();
      ObjectId tree = indexTree();
      return tree.equals(headCommit().getTree().getId()) ? Optional.empty() : Optional.of(tree);
    } catch (GitAPIException | IOException e) {
      throw new WorkspaceException("cannot stage changes on " + task.branch() + ": " + e.getMessage(), e);
    }
  }

  /** Commits what is staged as agentline (unsigned). */
  public RevCommit commitStaged(String message) {
    try {
      PersonIdent agentline = new PersonIdent(AGENTLINE, new java.util.Date());
      return git.commit().setMessage(message).setAuthor(agentline).setCommitter(agentline).setSign(false).call();
    } catch (GitAPIException e) {
      throw new WorkspaceException("cannot commit on " + task.branch() + ": " + e.getMessage(), e);
    }
  }

  /** What changed between two commits, one line per file: {@code M path}, {@code A path}, {@code D path}, {@code R old -> new}. */
  public List<String> changes(RevCommit from, RevCommit to) {
    try (DiffFormatter diff = new DiffFormatter(DisabledOutputStream.INSTANCE)) {
      diff.setRepository(git.getRepository());
      diff.setDetectRenames(true);
      List<String> lines = new ArrayList<>();
      for (DiffEntry entry : diff.scan(from.getTree(), to.getTree())) {
        lines.add(switch (entry.getChangeType()) {
          case ADD -> "A " + entry.getNewPath();
          case DELETE -> "D " + entry.getOldPath();
          case RENAME -> "R " + entry.getOldPath() + " -> " + entry.getNewPath();
          case COPY -> "C " + entry.getOldPath() + " -> " + entry.getNewPath();
          case MODIFY -> "M " + entry.getNewPath();
        });
      }
      return lines;
    } catch (IOException e) {
      throw new WorkspaceException("cannot diff " + from.name() + " and " + to.name() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Pushes the task branch to origin with force, so a retried attempt can rewrite agentline's own commits,
   * but never over a person's work: a push that would drop from origin a commit agentline did not make
   * (someone pushed to the branch) is refused, and the forced update carries a lease on origin's head as
   * last fetched, so a push that lands on origin meanwhile is refused too rather than overwritten. A rejected
   * update is an error naming the reason.
   */
  public void push() {
    String ref = Constants.R_HEADS + task.branch();
    RevCommit head = headCommit();
    Optional<RevCommit> seen = originHead();
    if (seen.isPresent()) refuseToDropOthersCommits(seen.get(), head);
    String expected = seen.map(RevCommit::name).orElse(ObjectId.zeroId().name());
    try {
      for (PushResult result : remotes.authorize(git.push(), task.repository().uri()).setRemote(ORIGIN)
          .setRefSpecs(new RefSpec("+" + ref + ":" + ref)).setRefLeaseSpecs(new RefLeaseSpec(ref, expected)).call()) {
        for (RemoteRefUpdate update : result.getRemoteUpdates()) {
          RemoteRefUpdate.Status status = update.getStatus();
          if (status == RemoteRefUpdate.Status.REJECTED_REMOTE_CHANGED) {
            throw new WorkspaceException("push of " + task.branch() + " to " + task.repository() + " was refused: someone pushed to "
                + task.branch() + " since the workspace fetched it (at " + (seen.isPresent() ? seen.get().abbreviate(12).name() : "nothing")
                + "); their commits were not overwritten, the next request starts from them");
          }
          if (status != RemoteRefUpdate.Status.OK && status != RemoteRefUpdate.Status.UP_TO_DATE) {
            throw new WorkspaceException("push of " + task.branch() + " to " + task.repository() + " was refused: " + status
                + (update.getMessage() == null ? "" : " (" + update.getMessage() + ")"));
          }
        }
      }
    } catch (GitAPIException e) {
      throw new WorkspaceException("cannot push " + task.branch() + " to " + task.repository() + ": " + GitErrors.describe(e), e);
    }
  }

  /** Origin's commits that {@code head} lacks may only be agentline's own (a retried attempt rewinds them). */
  private void refuseToDropOthersCommits(RevCommit originHead, RevCommit head) {
    List<RevCommit> dropped = new ArrayList<>();
    try (RevWalk walk = new RevWalk(git.getRepository())) {
      walk.markStart(walk.parseCommit(originHead));
      walk.markUninteresting(walk.parseCommit(head));
      for (RevCommit commit : walk) if (!madeByAgentline(commit)) dropped.add(commit);
    } catch (IOException e) {
      throw new WorkspaceException("cannot compare " + task.branch() + " with origin: " + e.getMessage(), e);
    }
    if (dropped.isEmpty()) return;
    List<String> named = dropped.stream().limit(3).map(c -> c.abbreviate(12).name() + " \"" + c.getShortMessage() + "\" by "
        + c.getAuthorIdent().getName()).toList();
    throw new WorkspaceException("refusing to push " + task.branch() + " to " + task.repository() + ": it would drop "
        + dropped.size() + (dropped.size() == 1 ? " commit" : " commits") + " that agentline did not make (" + String.join(", ", named)
        + (dropped.size() > 3 ? ", …" : "") + "); someone pushed to the branch: start from it (PREPARE_WORKSPACE with fromRemoteBranch)");
  }

  /**
   * Puts the task branch in place: the local branch if there is one (moved to origin's head when
   * origin has commits it lacks), else origin's task branch, else a new branch from baseBranch.
   * Leftovers of an interrupted request (uncommitted edits, untracked files) are discarded.
   */
  void checkOutTaskBranch() {
    Repository repo = git.getRepository();
    try {
      Ref local = repo.exactRef(Constants.R_HEADS + task.branch());
      Ref remote = repo.exactRef(remoteRef(task.branch()));
      if (local == null) {
        Ref start = remote != null ? remote : repo.exactRef(remoteRef(task.baseBranch()));
        if (start == null) {
          throw new WorkspaceException("base branch '" + task.baseBranch() + "' not found in repository " + task.repository());
        }
        git.checkout().setCreateBranch(true).setName(task.branch()).setStartPoint(start.getName()).setForced(true).call();
      } else if (!task.branch().equals(repo.getBranch())) {
        git.checkout().setName(task.branch()).setForced(true).call();
      }
      ObjectId head = headCommit().getId();
      boolean behindOrigin = remote != null && !contains(head, remote.getObjectId());
      // a clean workspace at its head (every request that ends normally leaves one) needs no reset: a status is one
      // walk of the tree, a reset and a clean are two and rewrite the index
      if (behindOrigin || !isClean()) resetHard(behindOrigin ? remote.getObjectId() : head);
    } catch (GitAPIException | IOException e) {
      throw new WorkspaceException("cannot check out " + task.branch() + " in " + dir() + ": " + e.getMessage(), e);
    }
  }

  /**
   * No change staged or in the files, no untracked file or folder that is not ignored: what {@link #resetHard} would
   * leave (it keeps ignored files too).
   */
  private boolean isClean() throws GitAPIException {
    Status status = git.status().call();
    return status.isClean() && status.getUntrackedFolders().isEmpty();
  }

  static void fetch(Git git, TaskRef task, GitRemotes remotes) {
    try {
      remotes.authorize(git.fetch(), task.repository().uri())
          .setRemote(ORIGIN)
          .setRefSpecs(new RefSpec("+" + Constants.R_HEADS + "*:" + Constants.R_REMOTES + ORIGIN + "/*"))
          .setRemoveDeletedRefs(true)
          .call();
    } catch (GitAPIException | RuntimeException e) {
      throw new WorkspaceException("cannot fetch from " + task.repository() + ": " + GitErrors.describe(e), e);
    }
  }

  private boolean contains(ObjectId tip, ObjectId other) throws IOException {
    try (RevWalk walk = new RevWalk(git.getRepository())) {
      return walk.isMergedInto(walk.parseCommit(other), walk.parseCommit(tip));
    }
  }

  private ObjectId resolveCommit(String commit) {
    return resolveCommit(git.getRepository(), commit);
  }

  /** The commit {@code revision} names in {@code repo} (an id, abbreviated or not, or a ref), or null when it names none. */
  static ObjectId resolveCommit(Repository repo, String revision) {
    try {
      return repo.resolve(revision + "^{commit}");
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private ObjectId indexTree() throws IOException {
    Repository repo = git.getRepository();
    try (ObjectInserter inserter = repo.newObjectInserter()) {
      ObjectId tree = repo.readDirCache().writeTree(inserter);
      inserter.flush();
      return tree;
    }
  }

  /** Origin's {@code branch} as this clone tracks it: {@code refs/remotes/origin/<branch>}. */
  static String remoteRef(String branch) {
    return Constants.R_REMOTES + ORIGIN + "/" + branch;
  }

  @Override
  public void close() {
    git.close();
    if (lock.isHeldByCurrentThread()) lock.unlock();
  }
}
