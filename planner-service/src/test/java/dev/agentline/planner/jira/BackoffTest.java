package dev.agentline.planner.jira;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BackoffTest {
  @Test
  void retryAfterInSecondsIsHonouredUpToTheCap() {
    Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), () -> 0.5);
    assertThat(backoff.delay(1, Optional.of("7"))).isEqualTo(Duration.ofSeconds(7));
    assertThat(backoff.delay(1, Optional.of(" 0 "))).isEqualTo(Duration.ZERO);
    assertThat(backoff.delay(1, Optional.of("3600"))).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void withoutRetryAfterTheWaitDoublesWithJitterBetweenHalfAndAll() {
    Backoff least = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5), () -> 0.0);
    Backoff most = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5), () -> 0.999_999);
    assertThat(least.delay(1, Optional.empty())).isEqualTo(Duration.ofMillis(100));
    assertThat(most.delay(1, Optional.empty())).isEqualTo(Duration.ofMillis(199));
    assertThat(least.delay(3, Optional.empty())).isEqualTo(Duration.ofMillis(400));
    assertThat(most.delay(3, Optional.empty())).isEqualTo(Duration.ofMillis(799));
  }

  @Test
  void theWaitIsCappedHoweverManyAttempts() {
    Backoff backoff = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5), () -> 0.999_999);
    assertThat(backoff.delay(1000, Optional.empty())).isLessThanOrEqualTo(Duration.ofSeconds(5)).isGreaterThan(Duration.ofMillis(4900));
  }

  @Test
  void anHttpDateRetryAfterFallsBackToTheExponentialWait() {
    Backoff backoff = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5), () -> 0.0);
    assertThat(backoff.delay(2, Optional.of("Wed, 21 Oct 2026 07:28:00 GMT"))).isEqualTo(Duration.ofMillis(200));
  }

  @Test
  void aCapBelowTheFirstWaitIsRefused() {
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), () -> 0.0)).isInstanceOf(IllegalArgumentException.class);
  }
}
