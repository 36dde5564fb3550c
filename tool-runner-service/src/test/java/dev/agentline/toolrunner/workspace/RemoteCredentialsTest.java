package dev.agentline.toolrunner.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentline.toolrunner.GitHttpServer;
import dev.agentline.toolrunner.TestRepos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Clone, fetch and push over HTTP to a git server that wants a token, as a private GitHub or GitLab repository does. */
class RemoteCredentialsTest {
  static final String TOKEN = "glpat-s3cr3t-t0ken-value";

  @TempDir Path temp;
  Path origin;
  GitHttpServer server;

  @BeforeEach
  void setUp() throws Exception {
    origin = TestRepos.origin(temp.resolve("repo"), TestRepos.sampleFiles());
    server = new GitHttpServer(origin, "oauth2", TOKEN);
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  Workspaces workspaces(String envValue, boolean mirrors) {
    RemoteCredential credential = RemoteCredential.token("http://127.0.0.1:", "oauth2", "GIT_TOKEN");
    GitRemotes remotes = new GitRemotes(List.of(credential), Map.of("GIT_TOKEN", envValue)::get);
    return new Workspaces(temp.resolve("ws"), remotes, mirrors ? new Mirrors(temp.resolve("mirrors"), remotes) : null);
  }

  TaskRef task(String id) {
    return new TaskRef(id, RepositoryLocation.of(server.url()), "main", "agentline/" + id);
  }

  @Test
  void clonesAndPushesWithTheTokenFromTheEnvironment() throws Exception {
    for (boolean mirrors : new boolean[] {false, true}) {
      String id = mirrors ? "mirrored" : "plain";
      RevCommit committed;
      try (Workspace workspace = workspaces(TOKEN, mirrors).open(task(id))) {
        assertThat(workspace.dir().resolve("README.md")).exists();
        Files.writeString(workspace.dir().resolve("NEW.md"), "over http\n");
        committed = workspace.commit("add NEW.md", List.of("NEW.md")).orElseThrow();
        workspace.push();
      }
      assertThat(TestRepos.head(origin, "agentline/" + id).name()).as(id).isEqualTo(committed.name());
    }
  }

  @Test
  void aWrongTokenIsRefusedWithoutTheTokenInTheMessage() {
    assertThatThrownBy(() -> workspaces("wrong-" + TOKEN, false).open(task("t1")))
        .isInstanceOf(WorkspaceException.class)
        .hasMessageContaining(server.url())
        .hasMessageContaining("not authorized")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(TOKEN));
    assertThat(server.refused()).isPositive();
  }

  @Test
  void aRemoteThatWantsATokenIsRefusedWithoutOne() {
    Workspaces anonymous = new Workspaces(temp.resolve("anon"));
    assertThatThrownBy(() -> anonymous.open(task("t1"))).isInstanceOf(WorkspaceException.class)
        .hasMessageContaining("repository not found or not readable").hasMessageContaining(server.url());
  }

  @Test
  void aMissingTokenVariableIsNamedInTheError() {
    GitRemotes remotes = new GitRemotes(List.of(RemoteCredential.token("http://127.0.0.1:", "oauth2", "GIT_TOKEN")), name -> null);
    assertThatThrownBy(() -> new Workspaces(temp.resolve("ws"), remotes, null).open(task("t1")))
        .isInstanceOf(WorkspaceException.class).hasMessageContaining("GIT_TOKEN").hasMessageContaining("not set");
  }

  @Test
  void theLongestMatchingPrefixWins() throws Exception {
    RemoteCredential broad = new RemoteCredential("http://127.0.0.1:", "oauth2", "wrong-token", null, null, null);
    RemoteCredential narrow = RemoteCredential.token(server.url(), "oauth2", "REPO_TOKEN");
    GitRemotes remotes = new GitRemotes(List.of(broad, narrow), Map.of("REPO_TOKEN", TOKEN)::get);
    try (Workspace workspace = new Workspaces(temp.resolve("ws"), remotes, null).open(task("t1"))) {
      assertThat(workspace.dir().resolve("README.md")).exists();
    }
  }

  @Test
  void theTokenNeverShowsInToStringAndACredentialNeedsOne() {
    RemoteCredential credential = new RemoteCredential("https://github.com/", null, "broad-token", null, null, null);
    assertThat(credential.toString()).doesNotContain("broad-token").contains("token=***");
    assertThatThrownBy(() -> new RemoteCredential("https://x/", null, null, null, null, null))
        .hasMessageContaining("needs token, token-env or ssh-key");
  }
}
