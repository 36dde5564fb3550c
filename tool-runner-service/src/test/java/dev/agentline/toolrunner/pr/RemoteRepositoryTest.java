package dev.agentline.toolrunner.pr;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RemoteRepositoryTest {
  @Test
  void readsHostAndPathFromHttpsSshAndScpUrls() {
    assertThat(RemoteRepository.parse("https://github.com/acme/shop.git")).contains(new RemoteRepository("github.com", "acme/shop"));
    assertThat(RemoteRepository.parse("ssh://git@GitLab.com:2222/group/sub/shop.git")).contains(new RemoteRepository("gitlab.com", "group/sub/shop"));
    assertThat(RemoteRepository.parse("git@github.com:acme/shop.git")).contains(new RemoteRepository("github.com", "acme/shop"));
  }

  @Test
  void localPathsAreNotRemote() {
    assertThat(RemoteRepository.parse("/tmp/repo")).isEmpty();
    assertThat(RemoteRepository.parse("file:///tmp/repo")).isEmpty();
    assertThat(RemoteRepository.parse("https://github.com/shop")).isEmpty();
  }
}
