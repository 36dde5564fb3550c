package dev.agentline.toolrunner.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentline.schemas.FileContent;
import dev.agentline.schemas.ToolName;
import dev.agentline.schemas.ToolResult;
import dev.agentline.toolrunner.TestRepos;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadFilesToolTest extends ToolTestSupport {

  @Test
  void returnsExistingFilesAndListsMissingOnesInTheOutput() {
    ToolResult result = runOk(request(ToolName.READ_FILES).setPaths(List.of("src/Greeter.java", "src/New.java", "README.md")));

    assertThat(result.getFiles()).extracting(FileContent::getPath).containsExactly("src/Greeter.java", "README.md");
    assertThat(result.getFiles().get(1).getContent()).isEqualTo("# sample\n");
    assertThat(result.getOutput()).isEqualTo("read 2 of 3 files\nnot found: src/New.java");
  }

  @Test
  void rebuildsTheWorkspaceWhenNoPrepareCameFirst() {
    ToolResult result = runOk(request(ToolName.READ_FILES).setPaths(List.of("README.md")));

    assertThat(result.getFiles()).hasSize(1);
  }

  @Test
  void readsTheTaskBranchFromOriginAfterTheWorkspaceDirectoryWasDeleted() throws Exception {
    String applied = runOk(request(ToolName.APPLY_EDITS).setEdits(List.of(edit("README.md", "# sample", "# applied")))).getCommit();
    deleteTree(workspaces.dirOf(TASK));

    ToolResult result = runOk(request(ToolName.READ_FILES).setPaths(List.of("README.md")));

    assertThat(result.getFiles().get(0).getContent()).isEqualTo("# applied\n");
    assertThat(result.getCommit()).isEqualTo(applied);
  }

  @Test
  void readsTheFilesAtTheRequestedCommit() {
    String base = prepare().getCommit();
    runOk(request(ToolName.APPLY_EDITS).setEdits(List.of(edit("README.md", "# sample", "# applied"))));

    ToolResult result = runOk(request(ToolName.READ_FILES).setPaths(List.of("README.md")).setCommit(base));

    assertThat(result.getFiles().get(0).getContent()).isEqualTo("# sample\n");
    assertThat(result.getCommit()).isEqualTo(base);
  }

  @Test
  void failsTheWholeRequestWhenOnePathIsRefused() {
    ToolResult result = run(request(ToolName.READ_FILES).setPaths(List.of("README.md", "../origin.git/config")));

    assertThat(result.getOk()).isFalse();
    assertThat(result.getError()).isEqualTo("path refused: ../origin.git/config ('..' escapes the workspace)");
    assertThat(result.getFiles()).isEmpty();
  }

  @Test
  void refusesGitMetadata() {
    ToolResult result = run(request(ToolName.READ_FILES).setPaths(List.of(".git/config")));

    assertThat(result.getOk()).isFalse();
    assertThat(result.getError()).isEqualTo("path refused: .git/config (inside .git/)");
  }

  @Test
  void refusesATrackedSymlinkThatPointsOutsideTheWorkspace() throws Exception {
    Files.writeString(temp.resolve("secret.txt"), "secret");
    TestRepos.pushToOrigin(origin, temp.resolve("scratch"), "main", "add a link",
        tree -> Files.createSymbolicLink(tree.resolve("leak.txt"), temp.resolve("secret.txt")));

    ToolResult result = run(request(ToolName.READ_FILES).setPaths(List.of("leak.txt")));

    assertThat(result.getOk()).isFalse();
    assertThat(result.getError()).isEqualTo("path refused: leak.txt (resolves outside the workspace through a symlink)");
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      for (var path : paths.sorted(Comparator.reverseOrder()).toList()) Files.delete(path);
    }
  }
}
