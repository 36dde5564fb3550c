package dev.agentline.toolrunner.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentline.schemas.FileContent;
import dev.agentline.schemas.ToolName;
import dev.agentline.schemas.ToolResult;
import dev.agentline.toolrunner.TestRepos;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A repository that holds secrets: no result carries them, and edits near them keep them in the files. */
class RepositorySecretsTest extends ToolTestSupport {
  static final String KEY = "AKIAIOSFODNN7EXAMPLE";
  static final String TOKEN = "ghp_16C7e42F292c6912E7710c838347Ae178B4a";
  static final String CONFIG = "src/main/resources/app.properties";
  static final String CONTENT = "# service settings\nregion=eu-west-1\naws.key=" + KEY + "\ngithub.token=" + TOKEN + "\n";
  static final Pattern AWS_PLACEHOLDER = Pattern.compile("\\[REDACTED:aws-access-key#[0-9a-f]{12}]");

  @BeforeEach
  void originWithSecrets() throws Exception {
    origin = TestRepos.origin(temp.resolve("with-secrets"), Map.of(CONFIG, CONTENT, "README.md", "# settings in " + CONFIG + "\n"));
  }

  @Test
  void readSearchContextAndDiffResultsCarryPlaceholdersNotSecrets() throws Exception {
    ToolResult read = runOk(request(ToolName.READ_FILES).setPaths(List.of(CONFIG)));
    ToolResult search = runOk(request(ToolName.SEARCH).setQuery("aws.key"));
    ToolResult context = runOk(request(ToolName.GATHER_CONTEXT).setQueries(List.of("github.token", "region")).setPaths(List.of(CONFIG)));
    runOk(applyEdits("t1/step-1/1/apply", edit(CONFIG, "region=eu-west-1", "region=us-east-2")));
    ToolResult diff = runOk(request(ToolName.DIFF).setDiffBase(read.getCommit()));

    for (ToolResult result : List.of(read, search, context, diff)) {
      assertThat(result.toString()).as(result.getTool() + "'s result").doesNotContain(KEY).doesNotContain(TOKEN);
    }
    assertThat(read.getFiles()).extracting(FileContent::getContent).singleElement().asString()
        .containsPattern(AWS_PLACEHOLDER).contains("github.token=[REDACTED:secret-assignment#");
    assertThat(search.getOutput()).containsPattern(AWS_PLACEHOLDER);
    assertThat(String.join("\n", context.getSearchHits())).contains("github.token=[REDACTED:secret-assignment#");
    assertThat(TestRepos.fileAt(origin, BRANCH, CONFIG)).contains(KEY).contains(TOKEN).contains("region=us-east-2");
  }

  @Test
  void anEditThatCopiesAPlaceholderKeepsTheSecretInTheFile() throws Exception {
    String shown = runOk(request(ToolName.READ_FILES).setPaths(List.of(CONFIG))).getFiles().get(0).getContent();
    String line = line(shown, "aws.key=");

    ToolResult result = runOk(applyEdits("t1/step-1/1/apply",
        edit(CONFIG, line, "# the deploy user's key\n" + line.replace("aws.key", "aws.access-key"))));

    assertThat(TestRepos.fileAt(origin, BRANCH, CONFIG))
        .isEqualTo(CONTENT.replace("aws.key=", "# the deploy user's key\naws.access-key="));
    // the same key, seen as an assignment now that its name ends in "access-key"
    assertThat(result.getDiff()).contains("+aws.access-key=[REDACTED:secret-assignment#").doesNotContain(KEY);
  }

  @Test
  void aUnifiedDiffThatCopiesAPlaceholderKeepsTheSecretInTheFile() throws Exception {
    String shown = runOk(request(ToolName.READ_FILES).setPaths(List.of(CONFIG))).getFiles().get(0).getContent();
    String keyLine = line(shown, "aws.key=");
    String diff = "--- a/" + CONFIG + "\n+++ b/" + CONFIG + "\n@@ -2,3 +2,3 @@\n region=eu-west-1\n-" + keyLine + "\n+"
        + keyLine.replace("aws.key", "aws.access-key") + "\n " + line(shown, "github.token=") + "\n";

    runOk(request(ToolName.APPLY_EDITS).setUnifiedDiff(diff));

    assertThat(TestRepos.fileAt(origin, BRANCH, CONFIG)).isEqualTo(CONTENT.replace("aws.key=", "aws.access-key="));
  }

  @Test
  void anEditThatMovesASecretIntoAFileThatNeverHeldItIsRefusedAndWritesNothing() throws Exception {
    String shown = runOk(request(ToolName.READ_FILES).setPaths(List.of(CONFIG))).getFiles().get(0).getContent();
    Matcher placeholder = AWS_PLACEHOLDER.matcher(shown);
    assertThat(placeholder.find()).isTrue();

    ToolResult result = run(applyEdits("t1/step-1/1/apply", edit("README.md", "# settings", "key: " + placeholder.group() + "\n# settings")));

    assertThat(result.getOk()).isFalse();
    assertThat(result.getError()).contains(placeholder.group()).contains("none of the files it changes holds");
    assertThat(Files.readString(workspaceFile("README.md"))).isEqualTo("# settings in " + CONFIG + "\n");
    assertThat(TestRepos.head(origin, BRANCH)).as("the task branch on origin").isNull();
  }

  @Test
  void anEditRefusedNearASecretQuotesTheFileWithPlaceholders() {
    ToolResult result = run(applyEdits("t1/step-1/1/apply", edit(CONFIG, "aws.key = nothing like this", "x")));

    assertThat(result.getOk()).isFalse();
    assertThat(result.getError()).doesNotContain(KEY).doesNotContain(TOKEN);
  }

  private static String line(String text, String start) {
    return text.lines().filter(l -> l.startsWith(start)).findFirst().orElseThrow();
  }
}
