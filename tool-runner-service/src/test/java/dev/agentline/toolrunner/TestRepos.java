package dev.agentline.toolrunner;

import dev.agentline.platform.Meta;
import dev.agentline.schemas.ToolName;
import dev.agentline.schemas.ToolRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.treewalk.TreeWalk;

/** Real git repositories for tests: a bare origin with a main branch, and ways to look into it. */
public final class TestRepos {
  private TestRepos() {}

  /** A bare repository at {@code <dir>/origin.git} whose main branch holds {@code files} (one commit). */
  public static Path origin(Path dir, Map<String, String> files) throws Exception {
    Path origin = dir.resolve("origin.git");
    Path seed = dir.resolve("seed");
    try (Git bare = Git.init().setBare(true).setInitialBranch("main").setDirectory(origin.toFile()).call()) {
      // empty bare repositories cannot be cloned: push a first commit from a working copy
    }
    try (Git git = Git.init().setInitialBranch("main").setDirectory(seed.toFile()).call()) {
      git.remoteAdd().setName("origin").setUri(new URIish(origin.toUri().toString())).call();
      for (Map.Entry<String, String> file : files.entrySet()) {
        Path path = seed.resolve(file.getKey());
        Files.createDirectories(path.getParent());
        Files.writeString(path, file.getValue());
      }
      git.add().addFilepattern(".").call();
      git.commit().setMessage("initial").setAuthor("seed", "seed@example.com").setCommitter("seed", "seed@example.com").setSign(false).call();
      git.push().setRemote("origin").add("main").call();
    }
    return origin;
  }

  /** A change made to a working tree before it is committed and pushed. */
  public interface Change {
    void apply(Path workTree) throws Exception;
  }

  /** Clones origin's {@code branch} into {@code scratch}, applies the change, commits everything and pushes. */
  public static RevCommit pushToOrigin(Path origin, Path scratch, String branch, String message, Change change) throws Exception {
    try (Git git = Git.cloneRepository().setURI(origin.toUri().toString()).setBranch(branch).setDirectory(scratch.toFile()).call()) {
      change.apply(scratch);
      git.add().addFilepattern(".").call();
      git.add().setUpdate(true).addFilepattern(".").call();
      RevCommit commit = git.commit().setMessage(message).setAuthor("someone", "someone@example.com")
          .setCommitter("someone", "someone@example.com").setSign(false).call();
      git.push().setRemote("origin").add(branch).call();
      return commit;
    }
  }

  public static Map<String, String> sampleFiles() {
    return Map.of(
        "README.md", "# sample\n",
        "src/Greeter.java", "class Greeter {\n  String greet() {\n    return \"hello\";\n  }\n}\n",
        "src/Util.java", "class Util {\n  // hello helper\n}\n",
        "test.sh", "#!/bin/sh\ngrep -q hello src/Greeter.java\n");
  }

  public static ToolRequest.Builder request(String taskId, ToolName tool, Path origin) {
    return ToolRequest.newBuilder()
        .setMeta(Meta.of(taskId, null, "test"))
        .setRequestId(taskId + "/step-1/1/" + tool.name().toLowerCase())
        .setTool(tool)
        .setRepository(origin.toString())
        .setBaseBranch("main")
        .setBranch("agentline/" + taskId);
  }

  /** The commit a branch points at in a (bare) repository, or null when the branch does not exist. */
  public static RevCommit head(Path repository, String branch) throws IOException {
    try (Repository repo = Git.open(repository.toFile()).getRepository(); RevWalk walk = new RevWalk(repo)) {
      ObjectId id = repo.resolve("refs/heads/" + branch);
      return id == null ? null : walk.parseCommit(id);
    }
  }

  /** A file's content on a branch of a (bare) repository, or null when it is not there. */
  public static String fileAt(Path repository, String branch, String path) throws IOException {
    try (Repository repo = Git.open(repository.toFile()).getRepository(); RevWalk walk = new RevWalk(repo)) {
      RevCommit commit = walk.parseCommit(repo.resolve("refs/heads/" + branch));
      try (TreeWalk tree = TreeWalk.forPath(repo, path, commit.getTree())) {
        if (tree == null) return null;
        ObjectLoader blob = repo.open(tree.getObjectId(0));
        return new String(blob.getBytes(), StandardCharsets.UTF_8);
      }
    }
  }

  public static int commitCount(Path repository, String branch) throws IOException {
    try (Repository repo = Git.open(repository.toFile()).getRepository(); RevWalk walk = new RevWalk(repo)) {
      walk.markStart(walk.parseCommit(repo.resolve("refs/heads/" + branch)));
      int n = 0;
      for (RevCommit ignored : walk) n++;
      return n;
    }
  }
}
