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
  void aReadAtTheCommitTheWorkspaceIsAtDoesNotAskOriginButAPushingRequestDoes() throws Exception {
    String applied = runOk(request(ToolName.APPLY_EDITS).setEdits(List.of(edit("README.md", "# sample", "# applied")))).getCommit();
    Path away = Files.move(origin, origin.resolveSibling("repo-away"));

    // the code host cannot be reached: a read at the workspace's commit still works (no fetch)...
    ToolResult read = runOk(request(ToolName.READ_FILES).setPaths(List.of("README.md")).setCommit(applied));
    assertThat(read.getFiles().get(0).getContent()).isEqualTo("# applied\n");
    // ...a request without a commit, and one that pushes, fetch first
    assertThat(run(request(ToolName.READ_FILES).setPaths(List.of("README.md"))).getError()).startsWith("cannot fetch from");
    assertThat(run(request(ToolName.APPLY_EDITS).setCommit(applied).setEdits(List.of(edit("README.md", "# applied", "# again"))))
        .getError()).startsWith("cannot fetch from");

    Files.move(away, origin);
    assertThat(runOk(request(ToolName.READ_FILES).setPaths(List.of("README.md"))).getCommit()).isEqualTo(applied);
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

  @Test
  void aLineRangeComesBackNumberedAndTheOutputSaysWhichLinesOfHowMany() {
    ToolResult result = runOk(request(ToolName.READ_FILES).setPaths(List.of("src/Greeter.java")).setStartLine(2).setEndLine(4));

    assertThat(result.getFiles()).singleElement().satisfies(file -> {
      assertThat(file.getPath()).isEqualTo("src/Greeter.java");
      assertThat(file.getContent()).isEqualTo("""
             2|   String greet() {
             3|     return "hello";
             4|   }
          """);
    });
    assertThat(result.getOutput()).isEqualTo("read 1 of 1 files\nsrc/Greeter.java: lines 2-4 of 5");
  }

  @Test
  void eitherEndOfTheRangeMayBeOpenAndTheRangeAppliesToEveryPath() {
    ToolResult fromLine = runOk(request(ToolName.READ_FILES).setPaths(List.of("src/Greeter.java", "src/Util.java")).setStartLine(3));
    ToolResult toLine = runOk(request(ToolName.READ_FILES).setPaths(List.of("src/Util.java")).setEndLine(1));

    assertThat(fromLine.getFiles()).extracting(FileContent::getContent).containsExactly(
        "   3|     return \"hello\";\n   4|   }\n   5| }\n", "   3| }\n");
    assertThat(fromLine.getOutput()).isEqualTo("read 2 of 2 files\nsrc/Greeter.java: lines 3-5 of 5\nsrc/Util.java: lines 3-3 of 3");
    assertThat(toLine.getFiles().get(0).getContent()).isEqualTo("   1| class Util {\n");
  }

  @Test
  void aRangePastTheEndOfAFileFailsSayingHowManyLinesItHas() {
    ToolResult pastEnd = run(request(ToolName.READ_FILES).setPaths(List.of("src/Greeter.java", "src/Util.java")).setStartLine(2).setEndLine(4));
    ToolResult startPastEnd = run(request(ToolName.READ_FILES).setPaths(List.of("README.md")).setStartLine(2));

    assertThat(pastEnd.getOk()).isFalse();
    assertThat(pastEnd.getError()).isEqualTo("src/Util.java has 3 lines; endLine 4 is past its end (ask within 1-3)");
    assertThat(pastEnd.getFiles()).isEmpty();
    assertThat(startPastEnd.getError()).isEqualTo("README.md has 1 line; startLine 2 is past its end (ask within 1-1)");
  }

  @Test
  void aRangeThatIsNotOneFailsBeforeAnythingIsRead() {
    assertThat(run(request(ToolName.READ_FILES).setPaths(List.of("README.md")).setStartLine(3).setEndLine(2)).getError())
        .isEqualTo("endLine (2) must be >= startLine (3)");
    assertThat(run(request(ToolName.READ_FILES).setPaths(List.of("README.md")).setStartLine(0)).getError())
        .isEqualTo("startLine must be >= 1 (lines are numbered from 1), was 0");
  }

  @Test
  void aFileTooLargeForOneResultIsLeftOutWithItsLineCountAndARangeOfItCanBeRead() throws Exception {
    String line = "x".repeat(99) + "\n";
    TestRepos.pushToOrigin(origin, temp.resolve("scratch"), "main", "big file", tree -> Files.writeString(tree.resolve("big.txt"), line.repeat(6000)));

    ToolResult whole = runOk(request(ToolName.READ_FILES).setPaths(List.of("big.txt")));
    ToolResult part = runOk(request(ToolName.READ_FILES).setPaths(List.of("big.txt")).setStartLine(5999));

    assertThat(whole.getFiles()).isEmpty();
    assertThat(whole.getOutput()).isEqualTo("read 0 of 1 files\n"
        + "left out (the result would exceed 524288 characters): big.txt (6000 lines; read part of it with startLine/endLine)");
    assertThat(part.getFiles().get(0).getContent()).isEqualTo("5999| " + line + "6000| " + line);
    assertThat(part.getOutput()).isEqualTo("read 1 of 1 files\nbig.txt: lines 5999-6000 of 6000");
  }

  @Test
  void binaryInvalidUtf8AndOversizedFilesAreNotedNotRead() throws Exception {
    TestRepos.pushToOrigin(origin, temp.resolve("scratch"), "main", "odd files", tree -> {
      Files.write(tree.resolve("logo.bin"), new byte[] {'P', 'N', 'G', 0, 1, 2});
      Files.write(tree.resolve("latin1.txt"), new byte[] {'c', 'a', 'f', (byte) 0xE9, '\n'});
      byte[] huge = new byte[(int) ReadFilesTool.MAX_READ_BYTES + 1];
      java.util.Arrays.fill(huge, (byte) 'x');
      Files.write(tree.resolve("huge.txt"), huge);
    });

    ToolResult result = runOk(request(ToolName.READ_FILES).setPaths(List.of("logo.bin", "latin1.txt", "huge.txt", "README.md")).setStartLine(1));

    assertThat(result.getFiles()).extracting(FileContent::getPath).containsExactly("README.md");
    assertThat(result.getOutput()).contains("binary file (not read): logo.bin", "not UTF-8 text (not read): latin1.txt",
        "too large to read: huge.txt (8388609 bytes; files over 8388608 bytes are not read)");
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      for (var path : paths.sorted(Comparator.reverseOrder()).toList()) Files.delete(path);
    }
  }
}
