package dev.agentline.toolrunner.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentline.toolrunner.GitSshServer;
import dev.agentline.toolrunner.TestRepos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Clone and push over ssh with a configured key, checked against a configured known_hosts file. */
class SshRemoteTest {
  @TempDir Path temp;
  Path origin;
  Path key;
  GitSshServer server;

  @BeforeEach
  void setUp() throws Exception {
    origin = TestRepos.origin(temp.resolve("repo"), TestRepos.sampleFiles());
    key = temp.resolve("id_agentline");
    KeyPair pair = GitSshServer.newClientKey(key);
    server = new GitSshServer(origin, pair.getPublic(), temp.resolve("host-key.ser"));
  }

  @AfterEach
  void tearDown() throws Exception {
    server.close();
  }

  Workspaces workspaces(Path knownHosts) {
    GitRemotes remotes = new GitRemotes(List.of(new RemoteCredential("ssh://git@127.0.0.1:", null, null, null, key, knownHosts)), name -> null);
    return new Workspaces(temp.resolve("ws"), remotes, new Mirrors(temp.resolve("mirrors"), remotes));
  }

  TaskRef task() {
    return new TaskRef("t1", RepositoryLocation.of(server.url()), "main", "agentline/t1");
  }

  @Test
  void clonesAndPushesWithTheConfiguredKey() throws Exception {
    Path knownHosts = Files.writeString(temp.resolve("known_hosts"), server.knownHostsLine() + "\n");
    RevCommit committed;
    try (Workspace workspace = workspaces(knownHosts).open(task())) {
      Files.writeString(workspace.dir().resolve("NEW.md"), "over ssh\n");
      committed = workspace.commit("add NEW.md", List.of("NEW.md")).orElseThrow();
      workspace.push();
    }
    assertThat(TestRepos.head(origin, "agentline/t1").name()).isEqualTo(committed.name());
  }

  @Test
  void anUnknownHostKeyIsRefused() throws Exception {
    Path knownHosts = Files.writeString(temp.resolve("known_hosts"), "");
    assertThatThrownBy(() -> workspaces(knownHosts).open(task())).isInstanceOf(WorkspaceException.class)
        .hasMessageContaining(server.url());
    assertThat(temp.resolve("ws").resolve("t1")).doesNotExist();
  }
}
