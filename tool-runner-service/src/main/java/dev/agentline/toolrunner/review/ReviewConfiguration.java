package dev.agentline.toolrunner.review;

import dev.agentline.platform.AvroCodec;
import dev.agentline.platform.Topics;
import dev.agentline.schemas.CodeHostKind;
import dev.agentline.toolrunner.CodeHostProperties;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;

/** Wiring of the pull request intake: the webhooks' core, the poller (scheduled only when enabled), the Kafka sink. */
@Configuration(proxyBeanMethods = false)
class ReviewConfiguration {
  static final long SEND_TIMEOUT_SECONDS = 10;

  @Bean
  PullRequestIntake pullRequestIntake(IntakeProperties intake, CodeHostProperties codeHosts, ObjectProvider<CodeHostEnvironment> environment,
      KafkaTemplate<String, byte[]> template) {
    CodeHostEnvironment env = environment.getIfAvailable(() -> CodeHostEnvironment.PROCESS);
    HttpClient client = CodeHostApi.defaultClient();
    Map<CodeHostKind, CodeHostApi> apis = apis(codeHosts, env, client);
    PullRequestLookup lookup = new PullRequestLookup(apis, new LogExcerpt(intake.ciLog().maxLines(), intake.ciLog().maxChars()));
    return new PullRequestIntake(Map.of(CodeHostKind.GITHUB, intake.github().webhookSecretEnv(), CodeHostKind.GITLAB, intake.gitlab().webhookSecretEnv()),
        env::get, lookup, kafkaSink(template), Clock.systemUTC());
  }

  static Map<CodeHostKind, CodeHostApi> apis(CodeHostProperties codeHosts, CodeHostEnvironment env, HttpClient client) {
    return Map.of(
        CodeHostKind.GITHUB, new CodeHostApi(CodeHostKind.GITHUB, codeHosts.githubSettings(), env::get, client, Clock.systemUTC()),
        CodeHostKind.GITLAB, new CodeHostApi(CodeHostKind.GITLAB, codeHosts.gitlabSettings(), env::get, client, Clock.systemUTC()));
  }

  /** Writes to {@code agentline.pr-events}, key = task id, and waits for the broker's acknowledgement. */
  static PullRequestEventSink kafkaSink(KafkaTemplate<String, byte[]> template) {
    return (taskId, event) -> {
      try {
        template.send(Topics.PR_EVENTS, taskId, AvroCodec.get().encode(event)).get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while writing to " + Topics.PR_EVENTS, e);
      } catch (ExecutionException | TimeoutException e) {
        throw new IllegalStateException("could not write to " + Topics.PR_EVENTS + ": " + (e.getCause() == null ? e : e.getCause()).getMessage(), e);
      }
    };
  }

  @Bean
  PullRequestPoller pullRequestPoller(IntakeProperties intake, CodeHostProperties codeHosts, ObjectProvider<CodeHostEnvironment> environment,
      PullRequestIntake pullRequestIntake) {
    CodeHostEnvironment env = environment.getIfAvailable(() -> CodeHostEnvironment.PROCESS);
    return new PullRequestPoller(intake.poll().repositories(), apis(codeHosts, env, CodeHostApi.defaultClient()),
        pullRequestIntake, Clock.systemUTC(), intake.poll().lookback());
  }

  @Bean
  PollSchedule pullRequestPollSchedule(IntakeProperties intake, PullRequestPoller poller) {
    return new PollSchedule(poller, intake.poll().enabled(), intake.poll().interval());
  }
}
