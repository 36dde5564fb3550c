package dev.agentline.toolrunner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class CodeHostPropertiesTest {
  static CodeHostProperties bind(Map<String, String> properties) {
    return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("agentline.code-hosts", CodeHostProperties.class);
  }

  @Test
  void defaultsServeGitHubAndGitLabWithTokensFromTheUsualVariables() {
    CodeHostProperties properties = bind(Map.of());

    assertThat(properties.githubSettings().host()).isEqualTo("github.com");
    assertThat(properties.githubSettings().tokenEnv()).isEqualTo("GITHUB_TOKEN");
    assertThat(properties.gitlabSettings().host()).isEqualTo("gitlab.com");
    assertThat(properties.gitlabSettings().tokenEnv()).isEqualTo("GITLAB_TOKEN");
    assertThat(properties.githubSettings().draft()).isFalse();
  }

  @Test
  void anEnterpriseApiUrlServesItsOwnHost() {
    CodeHostProperties properties = bind(Map.of("agentline.code-hosts.github.api-url", "https://ghe.acme.test/api/v3/",
        "agentline.code-hosts.github.labels", "bot,ai", "agentline.code-hosts.github.draft", "true",
        "agentline.code-hosts.github.token-env", "GHE_TOKEN"));

    assertThat(properties.githubSettings().host()).isEqualTo("ghe.acme.test");
    assertThat(properties.githubSettings().apiUrl()).hasToString("https://ghe.acme.test/api/v3");
    assertThat(properties.githubSettings().allLabels()).containsExactly("agentline", "bot", "ai");
    assertThat(properties.githubSettings().draft()).isTrue();
    assertThat(properties.githubSettings().tokenEnv()).isEqualTo("GHE_TOKEN");
  }
}
