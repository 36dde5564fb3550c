package dev.agentline.planner.api;

import dev.agentline.planner.kafka.PlannerStreams;
import dev.agentline.platform.access.web.Callers;
import dev.agentline.platform.access.Caller;
import dev.agentline.platform.access.Denial;
import dev.agentline.platform.access.RefusalLog;
import dev.agentline.platform.access.TaskAccess;
import dev.agentline.platform.access.TeamRepositories;
import dev.agentline.schemas.CommandType;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Intake and the task read view. */
@RestController
@RequestMapping("/api/tasks")
class TaskController {
  private static final Logger log = LoggerFactory.getLogger(TaskController.class);
  private final TaskIntake intake;
  private final PlannerStreams planner;
  private final TeamRepositories teams;
  private final RefusalLog refusals;

  TaskController(TaskIntake intake, PlannerStreams planner, TeamRepositories teams, RefusalLog refusals) {
    this.intake = intake;
    this.planner = planner;
    this.teams = teams;
    this.refusals = refusals;
  }

  /** With authentication, the repository must be allowed to one of the caller's teams, and the caller is the requester. */
  @PostMapping
  ResponseEntity<?> submit(@Valid @RequestBody TaskSubmission submission) {
    Optional<Caller> caller = Callers.current();
    if (caller.isPresent()) {
      Optional<Denial> denial = TaskAccess.submit(caller.get(), submission.repository(), teams);
      if (denial.isPresent()) return Callers.forbidden(refusals, caller.get(), "submit a task to " + submission.repository(), null, denial.get());
      if (!submission.requester().isBlank() && !caller.get().is(submission.requester())) {
        log.info("task submitted by {} names requester {}: the requester is the authenticated caller", caller.get().name(), submission.requester());
      }
      submission = submission.withRequester(caller.get().name());
    }
    String taskId = intake.submit(submission, "rest");
    return ResponseEntity.accepted().location(URI.create("/api/tasks/" + taskId)).body(Map.of("taskId", taskId, "status", "SUBMITTED"));
  }

  @GetMapping("/{id}")
  ResponseEntity<?> get(@PathVariable String id) {
    return planner.task(id).<ResponseEntity<?>>map(state -> ResponseEntity.ok(TaskView.of(state))).orElseGet(() -> notFound(id));
  }

  @PostMapping("/{id}/cancel")
  ResponseEntity<?> cancel(@PathVariable String id, @RequestParam(defaultValue = "api") String actor,
      @RequestParam(required = false) String reason) {
    return command(id, new CommandRequest("cancel", actor, null, reason));
  }

  /** A person's decision: approve or reject the plan, accept or reject a step, retry a step, cancel, take over or hand back. */
  @PostMapping("/{id}/commands")
  ResponseEntity<?> command(@PathVariable String id, @Valid @RequestBody CommandRequest request) {
    var task = planner.task(id);
    if (task.isEmpty()) return notFound(id);
    CommandType type = request.commandType();
    Optional<Caller> caller = Callers.current();
    String actor = caller.map(Caller::name).orElse(request.actor());
    if (actor == null || actor.isBlank()) {
      ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "invalid command: actor must name who gives the command");
      problem.setTitle("Invalid request body");
      return ResponseEntity.badRequest().body(problem);
    }
    if (caller.isPresent()) {
      String requester = task.get().getSubmitted().getRequester();
      Optional<Denial> denial = switch (type) {
        case CANCEL, RETRY -> TaskAccess.cancelOrRetry(caller.get(), id, requester);
        case TAKEOVER, HANDBACK -> TaskAccess.takeOverOrHandBack(caller.get(), id, requester);
        default -> TaskAccess.decideGate(caller.get(), id, requester);
      };
      if (denial.isPresent()) return Callers.forbidden(refusals, caller.get(), request.type() + " on " + id, id, denial.get());
    }
    var refusal = CommandCheck.refusal(task.get(), type, actor, request.stepId(), request.comment());
    if (refusal.isPresent()) {
      ProblemDetail problem = ProblemDetail.forStatusAndDetail(refusal.get().status(), refusal.get().detail());
      problem.setTitle("Command refused");
      return ResponseEntity.status(refusal.get().status()).body(problem);
    }
    String commandId = intake.command(id, type, actor, request.stepId(), request.comment(), planner.traceparent(id).orElse(null));
    return ResponseEntity.accepted().body(Map.of("taskId", id, "command", type.name(), "commandId", commandId));
  }

  private static ResponseEntity<ProblemDetail> notFound(String id) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "no task " + id);
    problem.setTitle("Task not found");
    return ResponseEntity.status(HttpStatus.NOT_FOUND).body(problem);
  }
}
