package dev.agentline.planner.api;

import dev.agentline.platform.access.Caller;

import dev.agentline.planner.workflow.TaskWorkflow;
import dev.agentline.schemas.CommandType;
import dev.agentline.schemas.TaskState;
import dev.agentline.schemas.TaskStatus;
import java.util.Optional;
import org.springframework.http.HttpStatus;

/**
 * Answers a command at once when it plainly cannot apply to the task as it is now, so the person
 * learns why (the workflow checks again when the command arrives, and records a refusal).
 */
final class CommandCheck {
  private CommandCheck() {}

  /** A refusal: the HTTP status and the reason. */
  record Refusal(HttpStatus status, String detail) {}

  static Optional<Refusal> refusal(TaskState task, CommandType type, String actor, String stepId, String comment) {
    String requester = task.getSubmitted().getRequester();
    boolean approval = type == CommandType.APPROVE_PLAN || type == CommandType.ACCEPT_STEP;
    if (approval && Caller.sameName(requester, actor)) {
      return Optional.of(new Refusal(HttpStatus.FORBIDDEN, actor + " requested task " + task.getTaskId() + " and may not approve it"));
    }
    if ((type == CommandType.REJECT_PLAN || type == CommandType.REJECT_STEP) && (comment == null || comment.isBlank())) {
      return Optional.of(new Refusal(HttpStatus.BAD_REQUEST, "comment: a rejection must say why, for the model that tries again"));
    }
    boolean awaitingPlan = task.getStatus() == TaskStatus.AWAITING_APPROVAL && "plan".equals(task.getAwaiting());
    boolean awaitingStep = task.getStatus() == TaskStatus.AWAITING_APPROVAL && task.getAwaiting() != null && !"plan".equals(task.getAwaiting());
    return switch (type) {
      case APPROVE_PLAN, REJECT_PLAN -> awaitingPlan ? Optional.empty()
          : conflict("task " + task.getTaskId() + " is " + task.getStatus() + ", not awaiting plan approval");
      case ACCEPT_STEP, REJECT_STEP -> awaitingStep && (stepId == null || stepId.equals(task.getAwaiting())) ? Optional.empty()
          : conflict("task " + task.getTaskId() + " is " + task.getStatus() + ", not awaiting a decision on step " + (stepId == null ? "(any)" : stepId));
      case RETRY -> task.getStatus() == TaskStatus.EXECUTING || task.getStatus() == TaskStatus.FAILED ? Optional.empty()
          : conflict("task " + task.getTaskId() + " is " + task.getStatus() + "; only a running step or a failed task's step can be retried");
      case CANCEL -> TaskWorkflow.isTerminal(task.getStatus()) ? conflict("task " + task.getTaskId() + " has already ended: " + task.getStatus())
          : Optional.empty();
      case TAKEOVER -> switch (task.getStatus()) {
        case TAKEN_OVER -> conflict("task " + task.getTaskId() + " is already taken over by " + task.getTakenOverBy());
        case MERGED, CLOSED, CANCELLED -> conflict("task " + task.getTaskId() + " has ended: " + task.getStatus());
        default -> Optional.empty();
      };
      case HANDBACK -> task.getStatus() == TaskStatus.TAKEN_OVER ? Optional.empty()
          : conflict("task " + task.getTaskId() + " is " + task.getStatus() + ", not taken over; only a taken-over task can be handed back");
    };
  }

  private static Optional<Refusal> conflict(String detail) {
    return Optional.of(new Refusal(HttpStatus.CONFLICT, detail));
  }
}
