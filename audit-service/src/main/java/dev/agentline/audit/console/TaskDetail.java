package dev.agentline.audit.console;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Everything the console's task page shows, assembled from the task's audit records.
 *
 * @param awaiting while AWAITING_APPROVAL: {@code "plan"} or the step id waiting for a decision; else null
 * @param plans every plan version in order, each with its changes from the one before
 * @param decisions what people decided and what the planner refused (events with an actor)
 * @param iteration the round of work the task is in (1 for the ticket, 2 and up for review and CI feedback)
 * @param takeover {@code possible} while a person may take the task over from the agents, {@code taken} while someone has
 *     (they may hand it back), null once that is over (merged, closed, cancelled)
 * @param takenOverBy who took it over, while {@code takeover} is {@code taken}
 * @param prEvents what happened on its pull request (reviews, comments, CI runs, merge), in order
 * @param timelineUrl the task's full JSON timeline
 */
record TaskDetail(
    String taskId,
    String title,
    String description,
    String repository,
    String baseBranch,
    String requester,
    String status,
    String awaiting,
    Instant submittedAt,
    Instant updatedAt,
    Cost cost,
    List<PlanVersion> plans,
    List<Step> steps,
    List<Event> events,
    List<Event> decisions,
    List<Command> commands,
    List<ModelCallView> modelCalls,
    List<ToolCall> toolCalls,
    JsonNode pullRequest,
    int iteration,
    String takeover,
    String takenOverBy,
    List<PrEvent> prEvents,
    String timelineUrl) {

  /** What the task's model calls cost, in total and by role. */
  record Cost(double costUsd, long inputTokens, long outputTokens, Map<String, Double> costUsdByRole) {}

  /** One version of the plan: the event that brought it, the plan, and what changed since the previous version. */
  record PlanVersion(int version, Instant at, String eventType, String message, JsonNode plan, List<String> changes) {}

  /** One step of the latest plan with what happened to it. */
  record Step(String id, String type, String description, List<String> files, String status, int attempts) {}

  /** One task event; {@code prItemKey} names the pull request event a PR_ACTIVITY records. */
  record Event(Instant at, String type, String status, String stepId, String message, String actor, String reason, int iteration,
      String prItemKey) {}

  /** One thing that happened on the task's pull request (a PullRequestEvent). */
  record PrEvent(Instant at, String type, String itemKey, String actor, String body, String reviewState, String path, Integer line,
      String ciName, String ciConclusion, String ciUrl, String url, String via) {}

  /** A command someone sent. */
  record Command(Instant at, String type, String actor, String stepId, String reason) {}

  /** One model call in full. */
  record ModelCallView(Instant at, String requestId, String stepId, String role, String kind, String provider, String model,
      String promptVersion, JsonNode prompt, String response, JsonNode usage, long latencyMs, boolean ok, String error) {}

  /** One tool run's outcome: its output, diff and test run. */
  record ToolCall(Instant at, String requestId, String stepId, String tool, boolean ok, String error, String output, String diff,
      List<String> changedFiles, JsonNode tests, JsonNode pullRequest, long durationMs) {}
}
