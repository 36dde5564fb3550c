package dev.agentline.toolrunner.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class IntakePropertiesTest {
  @Test
  void defaultsWorkWithNothingSet() {
    IntakeProperties p = new IntakeProperties(null, null, null, null);

    assertThat(p.github().webhookSecretEnv()).isEqualTo("GITHUB_WEBHOOK_SECRET");
    assertThat(p.gitlab().webhookSecretEnv()).isEqualTo("GITLAB_WEBHOOK_SECRET");
    assertThat(p.poll().enabled()).isFalse();
    assertThat(p.poll().interval()).isEqualTo(Duration.ofSeconds(60));
    assertThat(p.poll().repositories()).isEmpty();
    assertThat(p.ciLog().maxLines()).isEqualTo(60);
    assertThat(p.ciLog().maxChars()).isEqualTo(6000);
  }

  @Test
  void aWrongValueNamesItsKey() {
    assertThatThrownBy(() -> new IntakeProperties(null, null, new IntakeProperties.Poll(true, Duration.ZERO, null, null), null))
        .hasMessageStartingWith("agentline.code-hosts.poll.interval must be positive");
    assertThatThrownBy(() -> new IntakeProperties(null, null, null, new IntakeProperties.CiLog(0, null)))
        .hasMessageStartingWith("agentline.code-hosts.ci-log.max-lines must be at least 1");
  }
}
