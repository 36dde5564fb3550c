package dev.agentline.toolrunner.review;

import dev.agentline.schemas.PullRequestEvent;

/** Where pull request events go ({@code agentline.pr-events}, key = task id). Returns once written; throws when not. */
@FunctionalInterface
public interface PullRequestEventSink {
  void send(String taskId, PullRequestEvent event);
}
