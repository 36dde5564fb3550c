package dev.agentline.platform;

import dev.agentline.schemas.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Every agentline topic, keyed by task id, with its one producing service. Planner input topics
 * (tasks, commands, step-results, tool-results, pr-events) are co-partitioned: same key, same partition count.
 */
public final class Topics {
  private Topics() {}

  /** TaskSubmitted: intake (planner REST, CLI) → planner. */
  public static final String TASKS = "agentline.tasks";
  /** TaskCommand: REST/CLI/console → planner. */
  public static final String COMMANDS = "agentline.commands";
  /** StepResult: worker → planner. */
  public static final String STEP_RESULTS = "agentline.step-results";
  /** ToolRequest: planner → tool runner. */
  public static final String TOOL_REQUESTS = "agentline.tool-requests";
  /** ToolResult: tool runner → planner. */
  public static final String TOOL_RESULTS = "agentline.tool-results";
  /** TaskEvent: planner → audit, console. */
  public static final String TASK_EVENTS = "agentline.task-events";
  /** PullRequestEvent: the tool runner's code host webhooks and poller → planner. */
  public static final String PR_EVENTS = "agentline.pr-events";
  /** ModelCall: worker → audit. */
  public static final String MODEL_CALLS = "agentline.model-calls";
  /** AccessRefused: the planner's and the audit service's HTTP refusals (403) → audit. */
  public static final String ACCESS_REFUSALS = "agentline.access-refusals";

  /**
   * AnalysisCached, keyed by {@code repository@commit}: planner → planner (a global store), so an
   * analysis is reused by every task on the same commit. Compacted.
   */
  public static final String ANALYSIS_CACHE = "agentline.analysis-cache";

  /** The dead-letter suffix; a dead-letter topic is written by the consumer of its source topic. */
  public static final String DLT_SUFFIX = ".dlt";

  /** StepRequest: planner → the worker pool of one role, e.g. {@code agentline.steps.code-edit}. */
  public static String steps(Role role) {
    return "agentline.steps." + role.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * Partitions of a step topic. A share group gives each partition only some of its consumers: with 6 partitions and 20
   * consumers a partition has about 3, and a step written to it waits while they are all in model calls, however many
   * of the others are idle. On one partition every consumer of the role can take any step. The broker hands out records
   * of a share partition only within {@code group.share.partition.max.record.locks} offsets (2000 by default: steps and
   * their commit markers) of its oldest unfinished one.
   */
  public static final int STEP_PARTITIONS = 1;

  /** Whether the topic is a worker pool's step topic, {@code agentline.steps.<role>}. */
  public static boolean isSteps(String topic) {
    for (Role role : Role.values()) {
      if (steps(role).equals(topic)) return true;
    }
    return false;
  }

  public static String dlt(String topic) {
    return topic + DLT_SUFFIX;
  }

  /** The topics the planner consumes; they must be co-partitioned. */
  public static List<String> plannerInputs() {
    return List.of(TASKS, COMMANDS, STEP_RESULTS, TOOL_RESULTS, PR_EVENTS);
  }

  /** Every topic with a consumer that dead-letters bad records. */
  public static List<String> consumed() {
    List<String> topics = new ArrayList<>(plannerInputs());
    for (Role role : Role.values()) topics.add(steps(role));
    topics.add(TOOL_REQUESTS);
    return List.copyOf(topics);
  }

  /** Every topic, dead-letter topics included. */
  public static List<String> all() {
    List<String> topics = new ArrayList<>(consumed());
    topics.add(TASK_EVENTS);
    topics.add(MODEL_CALLS);
    topics.add(ACCESS_REFUSALS);
    topics.add(ANALYSIS_CACHE);
    for (String consumed : consumed()) topics.add(dlt(consumed));
    // the planner's Jira write-back reads task events and dead-letters what is not one
    topics.add(dlt(TASK_EVENTS));
    return List.copyOf(topics);
  }
}
