package dev.agentline.planner.workflow;

import dev.agentline.schemas.PullRequestEvent;
import dev.agentline.schemas.StepResult;
import dev.agentline.schemas.TaskCommand;
import dev.agentline.schemas.TaskSubmitted;
import dev.agentline.schemas.ToolResult;

/** Everything that can happen to a task: a record on one of the planner's input topics, or the clock. */
public sealed interface TaskInput {
  /** The eventId of the input record, used as the causation id of what it causes; null for the clock. */
  String causationId();

  record Submitted(TaskSubmitted record) implements TaskInput {
    public String causationId() {
      return record.getMeta().getEventId();
    }
  }

  record Command(TaskCommand record) implements TaskInput {
    public String causationId() {
      return record.getMeta().getEventId();
    }
  }

  record StepAnswered(StepResult record) implements TaskInput {
    public String causationId() {
      return record.getMeta().getEventId();
    }
  }

  record ToolAnswered(ToolResult record) implements TaskInput {
    public String causationId() {
      return record.getMeta().getEventId();
    }
  }

  /** Something happened on the task's pull request (a review, a comment, a CI run, a merge). */
  record PullRequestActivity(PullRequestEvent record) implements TaskInput {
    public String causationId() {
      return record.getMeta().getEventId();
    }
  }

  /** The wall clock ticked: deadlines are checked. */
  record Tick() implements TaskInput {
    public String causationId() {
      return null;
    }
  }
}
