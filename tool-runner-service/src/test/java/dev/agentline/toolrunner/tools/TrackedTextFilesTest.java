package dev.agentline.toolrunner.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentline.toolrunner.TestRepos;
import dev.agentline.toolrunner.workspace.RepositoryLocation;
import dev.agentline.toolrunner.workspace.TaskRef;
import dev.agentline.toolrunner.workspace.Workspace;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What SEARCH, GATHER_CONTEXT's queries and the repository map read: tracked files only. */
class TrackedTextFilesTest extends ToolTestSupport {

  @Test
  void visitsTrackedFilesOnlyNeitherIgnoredNorUntrackedOnes() throws Exception {
    TestRepos.pushToOrigin(origin, temp.resolve("scratch"), "main", "ignore build", tree -> {
      Files.writeString(tree.resolve(".gitignore"), "build/\n");
      Files.write(tree.resolve("logo.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 1});
    });
    TaskRef task = new TaskRef(TASK, RepositoryLocation.of(origin.toString()), "main", BRANCH);
    List<String> visited = new ArrayList<>();
    try (Workspace workspace = workspaces.open(task)) {
      Files.createDirectories(workspace.dir().resolve("build"));
      Files.writeString(workspace.dir().resolve("build/ignored.txt"), "hello\n");
      Files.writeString(workspace.dir().resolve("untracked.txt"), "hello\n");

      TrackedTextFiles.forEach(workspace, (path, content) -> visited.add(path));

      assertThat(Files.exists(workspace.dir().resolve("untracked.txt"))).isTrue();
    }

    assertThat(visited).containsExactly("README.md", "src/Greeter.java", "src/Util.java", "test.sh", ".gitignore");
  }
}
