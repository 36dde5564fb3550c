package dev.agentline.toolrunner.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentline.schemas.ToolName;
import dev.agentline.schemas.ToolResult;
import dev.agentline.toolrunner.TestRepos;
import java.nio.file.Files;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SearchToolTest extends ToolTestSupport {

  @Test
  void listsEveryHitAsPathLineText() {
    ToolResult result = runOk(request(ToolName.SEARCH).setQuery("hello"));

    assertThat(result.getOutput()).isEqualTo("""
        src/Greeter.java:3:     return "hello";
        src/Util.java:2:   // hello helper
        test.sh:2: grep -q hello src/Greeter.java""");
  }

  @Test
  void isCaseSensitiveAndSaysWhenNothingMatches() {
    ToolResult result = runOk(request(ToolName.SEARCH).setQuery("HELLO"));

    assertThat(result.getOutput()).isEqualTo("no matches for \"HELLO\"");
  }

  @Test
  void cutsTheOutputAtTheLimitAndSaysHowManyHitsAreLeftOut() throws Exception {
    String many = IntStream.range(0, 500).mapToObj(i -> "needle number " + i).collect(Collectors.joining("\n"));
    TestRepos.pushToOrigin(origin, temp.resolve("scratch"), "main", "many hits", tree -> Files.writeString(tree.resolve("many.txt"), many));

    ToolResult result = runOk(request(ToolName.SEARCH).setQuery("needle"));

    assertThat(result.getOutput().length()).isLessThanOrEqualTo(4000);
    assertThat(result.getOutput()).startsWith("many.txt:1: needle number 0\n").containsPattern("… \\d+ more of 500 hits not shown");
  }

  @Test
  void skipsATrackedSymlinkThatPointsOutsideTheWorkspace() throws Exception {
    Files.writeString(temp.resolve("secret.txt"), "hello from outside");
    TestRepos.pushToOrigin(origin, temp.resolve("scratch"), "main", "add a link",
        tree -> Files.createSymbolicLink(tree.resolve("leak.txt"), temp.resolve("secret.txt")));

    ToolResult result = runOk(request(ToolName.SEARCH).setQuery("hello"));

    assertThat(result.getOutput()).doesNotContain("leak.txt").doesNotContain("outside").contains("src/Greeter.java:3:");
  }

  @Test
  void aRegexQueryIsFoundLineByLine() {
    ToolResult result = runOk(request(ToolName.SEARCH).setQuery("^class \\w+ \\{$").setRegex(true));

    assertThat(result.getOutput()).isEqualTo("""
        src/Greeter.java:1: class Greeter {
        src/Util.java:1: class Util {""");
  }

  @Test
  void theQueryIsLiteralByDefaultSoRegexCharactersMatchThemselves() {
    assertThat(runOk(request(ToolName.SEARCH).setQuery("greet()")).getOutput()).isEqualTo("src/Greeter.java:2:   String greet() {");
    assertThat(runOk(request(ToolName.SEARCH).setQuery("^class")).getOutput()).isEqualTo("no matches for \"^class\"");
  }

  @Test
  void aRegexThatDoesNotCompileFailsNamingThePatternAndTheError() {
    ToolResult result = run(request(ToolName.SEARCH).setQuery("greet(").setRegex(true));

    assertThat(result.getOk()).isFalse();
    assertThat(result.getError()).isEqualTo("SEARCH query is not a valid regular expression: /greet(/: Unclosed group at index 6");
  }

  @Test
  void aRegexWithoutMatchesSaysSoWithTheRegex() {
    ToolResult result = runOk(request(ToolName.SEARCH).setQuery("hel{3}o").setRegex(true));

    assertThat(result.getOutput()).isEqualTo("no matches for /hel{3}o/");
  }

  @Test
  void anIgnoredFileHoldingTheQueryIsNotSearched() throws Exception {
    TestRepos.pushToOrigin(origin, temp.resolve("scratch"), "main", "ignore logs", tree -> Files.writeString(tree.resolve(".gitignore"), "*.log\n"));
    prepare();
    Files.writeString(workspaceFile("run.log"), "hello from a log\n");

    ToolResult result = runOk(request(ToolName.SEARCH).setQuery("hello"));

    assertThat(Files.exists(workspaceFile("run.log"))).as("ignored files survive the workspace's clean").isTrue();
    assertThat(result.getOutput()).isEqualTo("""
        src/Greeter.java:3:     return "hello";
        src/Util.java:2:   // hello helper
        test.sh:2: grep -q hello src/Greeter.java""");
  }

  @Test
  void failsWithoutAQuery() {
    ToolResult result = run(request(ToolName.SEARCH).setPaths(List.of()));

    assertThat(result.getOk()).isFalse();
    assertThat(result.getError()).isEqualTo("SEARCH needs a non-empty query");
  }
}
