package dev.agentline.audit.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** {@code agentline.audit.baseline.*}: a source only when repositories are named, for the configured host. */
class BaselineConfigurationTest {
  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(BaselineProperties.class)
  static class Properties {}

  final ApplicationContextRunner context = new ApplicationContextRunner().withUserConfiguration(Properties.class, BaselineConfiguration.class);

  @Test
  void withoutRepositoriesThereIsNoSource() {
    context.run(c -> {
      assertThat(c).hasNotFailed().doesNotHaveBean(BaselineSource.class);
      assertThat(c.getBean(BaselineProperties.class).maxPullRequests()).isEqualTo(200);
    });
  }

  @Test
  void githubIsTheDefaultHost() {
    context.withPropertyValues("agentline.audit.baseline.repositories=acme/shop,acme/api").run(c -> {
      assertThat(c).getBean(BaselineSource.class).isInstanceOf(GitHubBaseline.class);
      BaselineProperties p = c.getBean(BaselineProperties.class);
      assertThat(p.repositories()).containsExactly("acme/shop", "acme/api");
      assertThat(p.api()).isEqualTo("https://api.github.com");
      assertThat(p.tokenEnv()).isEqualTo("GITHUB_TOKEN");
    });
  }

  @Test
  void gitlabReadsProjectPaths() {
    context.withPropertyValues("agentline.audit.baseline.host=GitLab", "agentline.audit.baseline.repositories[0]=acme/platform/shop",
        "agentline.audit.baseline.max-pull-requests=50").run(c -> {
          assertThat(c).getBean(BaselineSource.class).isInstanceOf(GitLabBaseline.class);
          BaselineProperties p = c.getBean(BaselineProperties.class);
          assertThat(p.tokenEnv()).isEqualTo("GITLAB_TOKEN");
          assertThat(p.api()).isEqualTo("https://gitlab.com");
          assertThat(p.maxPullRequests()).isEqualTo(50);
        });
  }

  @Test
  void wrongValuesNameTheirKey() {
    context.withPropertyValues("agentline.audit.baseline.host=bitbucket").run(c ->
        assertThat(c).hasFailed().getFailure().rootCause().hasMessageContaining("agentline.audit.baseline.host must be github or gitlab"));
    context.withPropertyValues("agentline.audit.baseline.repositories=acme/platform/shop").run(c ->
        assertThat(c).hasFailed().getFailure().rootCause().hasMessageContaining("agentline.audit.baseline.repositories: 'acme/platform/shop' is not owner/name"));
    context.withPropertyValues("agentline.audit.baseline.repositories=acme/shop", "agentline.audit.baseline.max-pull-requests=0").run(c ->
        assertThat(c).hasFailed().getFailure().rootCause().hasMessageContaining("agentline.audit.baseline.max-pull-requests must be at least 1"));
    context.withPropertyValues("agentline.audit.baseline.api-url=api.github.com").run(c ->
        assertThat(c).hasFailed().getFailure().rootCause().hasMessageContaining("agentline.audit.baseline.api-url must be an http(s) URL"));
  }
}
