package dev.agentline.planner.jira;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * The alternative to the webhook: every {@code agentline.jira.poll-interval}, search {@code agentline.jira.jql} (all pages)
 * and submit each labelled issue whose task does not exist yet. On only when the interval is set.
 */
@Component
@ConditionalOnBooleanProperty("agentline.jira.enabled")
@ConditionalOnProperty("agentline.jira.poll-interval")
class JiraPoller implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(JiraPoller.class);
  private final JiraProperties properties;
  private final JiraClient jira;
  private final JiraIntake intake;
  private ScheduledExecutorService scheduler;

  JiraPoller(JiraProperties properties, JiraClient jira, JiraIntake intake) {
    this.properties = properties;
    this.jira = jira;
    this.intake = intake;
  }

  /** One search and its submissions; returns how many tasks it submitted. */
  int pollOnce() {
    int submitted = 0;
    for (JsonNode issue : jira.search(properties.jql(), intake.searchFields())) {
      String key = issue.path("key").asString("");
      if (key.isBlank() || !IssueMapping.hasLabel(issue, properties.label())) continue;
      try {
        if (intake.submit(key).result() == JiraIntake.Result.SUBMITTED) submitted++;
      } catch (RuntimeException e) {
        log.error("Jira issue {} could not be submitted (the next poll tries again): {}", key, e.getMessage());
      }
    }
    return submitted;
  }

  private void poll() {
    try {
      int submitted = pollOnce();
      if (submitted > 0) log.info("Jira poll submitted {} task(s)", submitted);
    } catch (RuntimeException e) {
      log.error("Jira poll failed (next in {}): {}", properties.pollInterval(), e.getMessage());
    }
  }

  @Override
  public synchronized void start() {
    scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "jira-poller");
      thread.setDaemon(true);
      return thread;
    });
    long every = properties.pollInterval().toMillis();
    scheduler.scheduleWithFixedDelay(this::poll, every, every, TimeUnit.MILLISECONDS);
    log.info("polling Jira every {} for: {}", properties.pollInterval(), properties.jql());
  }

  @Override
  public synchronized void stop() {
    if (scheduler == null) return;
    scheduler.shutdownNow();
    try {
      scheduler.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    scheduler = null;
  }

  @Override
  public synchronized boolean isRunning() {
    return scheduler != null;
  }
}
