package dev.agentline.toolrunner.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PathPolicyTest {
  @TempDir Path temp;
  Path workspace;
  PathPolicy policy;

  @BeforeEach
  void setUp() throws Exception {
    workspace = Files.createDirectories(temp.resolve("ws"));
    Files.createDirectories(workspace.resolve(".git"));
    Files.createDirectories(workspace.resolve("src"));
    Files.writeString(workspace.resolve("src/A.java"), "class A {}");
    Files.createDirectories(temp.resolve("outside"));
    Files.writeString(temp.resolve("outside/secret.txt"), "secret");
    policy = new PathPolicy(workspace);
  }

  @ParameterizedTest(name = "{0} refused: {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "../x                | '..' escapes the workspace",
      "src/../../x         | '..' escapes the workspace",
      "/etc/passwd         | absolute path",
      ".git/config         | inside .git/",
      "src/../.git/HEAD    | inside .git/",
      ".GIT/config         | inside .git/",
      ".                   | names the workspace itself",
  })
  void refuses(String path, String why) {
    assertThatThrownBy(() -> policy.resolve(path))
        .isInstanceOf(PathRefusedException.class)
        .hasMessage("path refused: " + path + " (" + why + ")");
  }

  @Test
  void refusesAnEmptyPath() {
    assertThatThrownBy(() -> policy.resolve("")).hasMessage("path refused:  (empty path)");
  }

  @Test
  void refusesASymlinkedFilePointingOutside() throws Exception {
    Files.createSymbolicLink(workspace.resolve("leak.txt"), temp.resolve("outside/secret.txt"));

    assertThatThrownBy(() -> policy.resolve("leak.txt"))
        .hasMessage("path refused: leak.txt (resolves outside the workspace through a symlink)");
  }

  @Test
  void refusesANewFileUnderASymlinkedDirectoryPointingOutside() throws Exception {
    Files.createSymbolicLink(workspace.resolve("out"), temp.resolve("outside"));

    assertThatThrownBy(() -> policy.resolve("out/new/file.txt"))
        .hasMessage("path refused: out/new/file.txt (resolves outside the workspace through a symlink)");
  }

  @Test
  void refusesADanglingSymlinkPointingOutside() throws Exception {
    Files.createSymbolicLink(workspace.resolve("later.txt"), temp.resolve("outside/not-yet.txt"));

    assertThatThrownBy(() -> policy.resolve("later.txt"))
        .hasMessage("path refused: later.txt (resolves outside the workspace through a symlink)");
  }

  @Test
  void refusesASymlinkIntoGitMetadata() throws Exception {
    Files.createSymbolicLink(workspace.resolve("cfg"), workspace.resolve(".git"));

    assertThatThrownBy(() -> policy.resolve("cfg/config"))
        .hasMessage("path refused: cfg/config (resolves into .git/ through a symlink)");
  }

  @Test
  void allowsPathsInsideTheWorkspace() throws Exception {
    Files.createSymbolicLink(workspace.resolve("alias.java"), workspace.resolve("src/A.java"));

    assertThat(policy.resolve("src/A.java")).isEqualTo(workspace.resolve("src/A.java"));
    assertThat(policy.resolve("src/../README.md")).isEqualTo(workspace.resolve("README.md"));
    assertThat(policy.resolve("new/dir/B.java")).isEqualTo(workspace.resolve("new/dir/B.java"));
    assertThat(policy.resolve(".gitignore")).isEqualTo(workspace.resolve(".gitignore"));
    assertThat(policy.allows("alias.java")).isTrue();
  }
}
