package dev.agentline.toolrunner.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentline.schemas.ToolName;
import dev.agentline.schemas.ToolResult;
import dev.agentline.toolrunner.TestRepos;
import dev.agentline.toolrunner.pr.LocalCodeHost;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DiffToolTest extends ToolTestSupport {

  @Test
  void diffsTheBaseAgainstTheBranchHeadInGitFormatWithStatistics() throws Exception {
    String base = prepare().getCommit();
    runOk(applyEdits("t1/step-1/1/apply",
        edit("src/Greeter.java", "return \"hello\";", "return \"hi\";"),
        edit("docs/NOTES.md", "", "one\ntwo\n")));

    ToolResult result = runOk(request(ToolName.DIFF).setDiffBase(base));

    assertThat(result.getOutput()).isEqualTo("2 files changed, +3 -1");
    assertThat(result.getChangedFiles()).containsExactly("docs/NOTES.md", "src/Greeter.java");
    assertThat(result.getDiffLines()).isEqualTo(4);
    assertThat(result.getCommit()).isEqualTo(TestRepos.head(origin, BRANCH).name());
    assertThat(result.getDiff()).startsWith("diff --git a/docs/NOTES.md b/docs/NOTES.md\nnew file mode 100644\n")
        .contains("""
            --- /dev/null
            +++ b/docs/NOTES.md
            @@ -0,0 +1,2 @@
            +one
            +two
            diff --git a/src/Greeter.java b/src/Greeter.java
            """)
        .contains("""
            --- a/src/Greeter.java
            +++ b/src/Greeter.java
            @@ -1,5 +1,5 @@
             class Greeter {
               String greet() {
            -    return "hello";
            +    return "hi";
               }
             }
            """);
  }

  @Test
  void diffsUpToTheRequestedCommitNotTheHead() throws Exception {
    String base = prepare().getCommit();
    String first = runOk(applyEdits("t1/step-1/1/apply", edit("README.md", "# sample", "# first"))).getCommit();
    runOk(applyEdits("t1/step-2/1/apply", edit("src/Util.java", "hello", "bye")));

    ToolResult result = runOk(request(ToolName.DIFF).setDiffBase(base.substring(0, 12)).setCommit(first));

    assertThat(result.getOutput()).isEqualTo("1 file changed, +1 -1");
    assertThat(result.getDiff()).contains("-# sample\n+# first\n").doesNotContain("Util.java");
    assertThat(result.getCommit()).isEqualTo(first);
  }

  @Test
  void anUnknownBaseFailsNamingIt() {
    prepare();

    ToolResult result = run(request(ToolName.DIFF).setDiffBase("0123456789abcdef0123456789abcdef01234567"));

    assertThat(result.getOk()).isFalse();
    assertThat(result.getError()).startsWith("commit 0123456789abcdef0123456789abcdef01234567 not found");
  }

  @Test
  void aMissingBaseFails() {
    ToolResult result = run(request(ToolName.DIFF));

    assertThat(result.getOk()).isFalse();
    assertThat(result.getError()).isEqualTo("DIFF needs a diffBase (the commit to diff from)");
  }

  @Test
  void aDiffOverTheCapIsCutAtAWholeLineWithAMarker() throws Exception {
    runner = new ToolRunner(workspaces, List.of(new LocalCodeHost()),
        new ToolLimits(4000, Duration.ofSeconds(30), Duration.ofSeconds(60), ToolLimits.DEFAULT_MAX_MAP_CHARS, 1000));
    String base = prepare().getCommit();
    String lines = IntStream.range(0, 200).mapToObj(i -> "line " + i).collect(Collectors.joining("\n", "", "\n"));
    TestRepos.pushToOrigin(origin, temp.resolve("scratch"), BRANCH, "big", tree -> {
      Files.writeString(tree.resolve("a.txt"), lines);
      Files.writeString(tree.resolve("b.txt"), lines);
    });

    ToolResult result = runOk(request(ToolName.DIFF).setDiffBase(base));

    assertThat(result.getDiff().length()).isLessThanOrEqualTo(1000);
    assertThat(result.getDiff()).startsWith("diff --git a/a.txt b/a.txt\n")
        .endsWith("\n... diff capped at 1000 characters; the whole diff changes 2 files, +400 -0\n")
        .doesNotContain("b.txt");
    assertThat(result.getOutput()).startsWith("2 files changed, +400 -0 (diff capped at ");
  }
}
