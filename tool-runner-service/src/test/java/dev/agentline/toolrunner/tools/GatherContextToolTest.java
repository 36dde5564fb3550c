package dev.agentline.toolrunner.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentline.schemas.FileContent;
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

class GatherContextToolTest extends ToolTestSupport {
  static final String SHOP = """
      package shop;

      public class Shop {
        public String hello(String name) {
          return "hello " + name;
        }

        private void hidden() {}
      }
      """;
  static final String STOCK = """
      class Stock:
          def count(self, sku):
              return 0
      """;

  void pushShopAndStock() throws Exception {
    TestRepos.pushToOrigin(origin, temp.resolve("scratch"), "main", "shop and stock", tree -> {
      Files.createDirectories(tree.resolve("src/shop"));
      Files.writeString(tree.resolve("src/shop/Shop.java"), SHOP);
      Files.createDirectories(tree.resolve("tools"));
      Files.writeString(tree.resolve("tools/stock.py"), STOCK);
    });
  }

  @Test
  void readsPathsSearchesEveryQueryAndMapsTheRepositoryInOneRequest() throws Exception {
    pushShopAndStock();

    ToolResult result = runOk(request(ToolName.GATHER_CONTEXT)
        .setPaths(List.of("src/Greeter.java", "src/Missing.java"))
        .setQueries(List.of("hello", "def count"))
        .setIncludeRepositoryMap(true));

    assertThat(result.getFiles()).extracting(FileContent::getPath).containsExactly("src/Greeter.java");
    assertThat(result.getSearchHits()).containsExactly(
        "src/Greeter.java:3:     return \"hello\";",
        "src/Util.java:2:   // hello helper",
        "src/shop/Shop.java:4:   public String hello(String name) {",
        "src/shop/Shop.java:5:     return \"hello \" + name;",
        "test.sh:2: grep -q hello src/Greeter.java",
        "tools/stock.py:2:     def count(self, sku):");
    assertThat(result.getRepositoryMap()).isEqualTo("""
        README.md
        src/Greeter.java
          class Greeter
            String greet()
        src/Util.java
          class Util
        src/shop/Shop.java
          public class Shop
            public String hello(String name)
        test.sh
        tools/stock.py
          class Stock
            def count(self, sku)""");
    assertThat(result.getOutput()).isEqualTo("""
        read 1 of 2 files
        not found: src/Missing.java
        query "hello": 5 hits
        query "def count": 1 hit
        repository map: 6 files""");
    assertThat(result.getCommit()).isEqualTo(TestRepos.head(origin, "main").name());
  }

  @Test
  void regexQueriesAreFoundLineByLineAndNamedAsRegexesInTheOutput() throws Exception {
    pushShopAndStock();

    ToolResult result = runOk(request(ToolName.GATHER_CONTEXT).setRegex(true).setQueries(List.of("^\\s+def \\w+\\(self", "public \\w+ hel+o\\(")));

    assertThat(result.getSearchHits()).containsExactly( // in file order
        "src/shop/Shop.java:4:   public String hello(String name) {",
        "tools/stock.py:2:     def count(self, sku):");
    assertThat(result.getOutput()).isEqualTo("""
        query /^\\s+def \\w+\\(self/: 1 hit
        query /public \\w+ hel+o\\(/: 1 hit""");
  }

  @Test
  void aRegexQueryThatDoesNotCompileFailsTheRequestNamingIt() {
    ToolResult result = run(request(ToolName.GATHER_CONTEXT).setRegex(true).setQueries(List.of("hello", "[a-")).setIncludeRepositoryMap(true));

    assertThat(result.getOk()).isFalse();
    assertThat(result.getError()).isEqualTo("query 2 is not a valid regular expression: /[a-/: Illegal character range at index 3");
    assertThat(result.getRepositoryMap()).isNull();
  }

  @Test
  void pathsAreReadWholeWhateverTheLineRangeSays() {
    ToolResult result = runOk(request(ToolName.GATHER_CONTEXT).setPaths(List.of("src/Util.java")).setStartLine(2).setEndLine(2));

    assertThat(result.getFiles().get(0).getContent()).isEqualTo("class Util {\n  // hello helper\n}\n");
  }

  @Test
  void gathersAtTheRequestedCommit() {
    String base = prepare().getCommit();
    runOk(applyEdits("t1/step-1/1/apply", edit("src/Greeter.java", "\"hello\"", "\"hey\"")));

    ToolResult result = runOk(request(ToolName.GATHER_CONTEXT).setCommit(base).setQueries(List.of("\"hello\"")));

    assertThat(result.getCommit()).isEqualTo(base);
    assertThat(result.getSearchHits()).containsExactly("src/Greeter.java:3:     return \"hello\";");
  }

  @Test
  void aRefusedPathFailsTheRequestWithThePolicyError() {
    ToolResult result = run(request(ToolName.GATHER_CONTEXT).setPaths(List.of("README.md", "../origin.git/config")).setIncludeRepositoryMap(true));

    assertThat(result.getOk()).isFalse();
    assertThat(result.getError()).isEqualTo("path refused: ../origin.git/config ('..' escapes the workspace)");
    assertThat(result.getRepositoryMap()).isNull();
  }

  @Test
  void keepsTwentyHitsPerQueryAndSaysHowManyThereWere() throws Exception {
    String many = IntStream.range(0, 50).mapToObj(i -> "needle number " + i).collect(Collectors.joining("\n"));
    TestRepos.pushToOrigin(origin, temp.resolve("scratch"), "main", "many hits", tree -> Files.writeString(tree.resolve("many.txt"), many));

    ToolResult result = runOk(request(ToolName.GATHER_CONTEXT).setQueries(List.of("needle", "", "number 4")));

    assertThat(result.getSearchHits()).hasSize(20 + 10) // "number 4" adds 40..49; its hit on line 5 was kept by "needle"
        .startsWith("many.txt:1: needle number 0")
        .contains("many.txt:20: needle number 19", "many.txt:41: needle number 40")
        .doesNotContain("many.txt:21: needle number 20")
        .doesNotHaveDuplicates();
    assertThat(result.getOutput()).isEqualTo("""
        query 2 ignored: empty
        query "needle": 50 hits, first 20 kept (20 per query)
        query "number 4": 11 hits""");
  }

  @Test
  void onlyTrackedFilesAreReadSearchedOrMapped() throws Exception {
    TestRepos.pushToOrigin(origin, temp.resolve("scratch"), "main", "ignore build", tree -> Files.writeString(tree.resolve(".gitignore"), "build/\n"));
    prepare();
    Files.createDirectories(workspaceFile("build"));
    Files.writeString(workspaceFile("build/out.txt"), "hello from the build\n");

    ToolResult result = runOk(request(ToolName.GATHER_CONTEXT)
        .setPaths(List.of("build/out.txt")).setQueries(List.of("hello from")).setIncludeRepositoryMap(true));

    assertThat(result.getFiles()).isEmpty();
    assertThat(result.getSearchHits()).isEmpty();
    // README and sources first, tool files such as .gitignore last (ReadingOrder)
    assertThat(result.getRepositoryMap()).startsWith("README.md\nsrc/Greeter.java\n").endsWith("\n.gitignore").doesNotContain("build/");
    assertThat(result.getOutput()).contains("not tracked by git (ignored or generated): build/out.txt", "query \"hello from\": no matches");
  }

  @Test
  void aMapOverTheCapEndsWithTheMarkerAndTheOutputSaysSo() throws Exception {
    runner = new ToolRunner(workspaces, List.of(new LocalCodeHost()),
        new ToolLimits(4000, Duration.ofSeconds(30), Duration.ofSeconds(60), 200, ToolLimits.DEFAULT_MAX_DIFF_CHARS));
    TestRepos.pushToOrigin(origin, temp.resolve("scratch"), "main", "many files", tree -> {
      for (int i = 0; i < 30; i++) Files.writeString(tree.resolve("file" + i + ".txt"), "text\n");
    });

    ToolResult result = runOk(request(ToolName.GATHER_CONTEXT).setIncludeRepositoryMap(true));

    assertThat(result.getRepositoryMap().length()).isLessThanOrEqualTo(200);
    assertThat(result.getRepositoryMap()).startsWith("README.md\nsrc/Greeter.java\n").containsPattern("\n\\.\\.\\. \\d+ more files not shown \\(map capped at 200 characters\\)$");
    assertThat(result.getOutput()).matches("repository map: \\d+ files, \\d+ more not shown \\(map capped at 200 characters\\)");
  }

  @Test
  void aRequestForNothingStillAnswersWithTheCommit() {
    ToolResult result = runOk(request(ToolName.GATHER_CONTEXT));

    assertThat(result.getOutput()).isEqualTo("nothing to gather: no paths, queries or repository map requested");
    assertThat(result.getCommit()).isNotBlank();
    assertThat(result.getRepositoryMap()).isNull();
  }
}
