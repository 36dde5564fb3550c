package dev.agentline.planner.api;

import dev.agentline.planner.kafka.PlannerStreams;
import dev.agentline.schemas.CommandType;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.Map;
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
  private final TaskIntake intake;
  private final PlannerStreams planner;

  TaskController(TaskIntake intake, PlannerStreams planner) {
    this.intake = intake;
    this.planner = planner;
  }

  @PostMapping
  ResponseEntity<Map<String, String>> submit(@Valid @RequestBody TaskSubmission submission) {
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

  /** A person's decision: approve or reject the plan, accept or reject a step, retry a step, cancel. */
  @PostMapping("/{id}/commands")
  ResponseEntity<?> command(@PathVariable String id, @Valid @RequestBody CommandRequest request) {
    var task = planner.task(id);
    if (task.isEmpty()) return notFound(id);
    CommandType type = request.commandType();
    var refusal = CommandCheck.refusal(task.get(), type, request.actor(), request.stepId(), request.comment());
    if (refusal.isPresent()) {
      ProblemDetail problem = ProblemDetail.forStatusAndDetail(refusal.get().status(), refusal.get().detail());
      problem.setTitle("Command refused");
      return ResponseEntity.status(refusal.get().status()).body(problem);
    }
    String commandId = intake.command(id, type, request.actor(), request.stepId(), request.comment(), planner.traceparent(id).orElse(null));
    return ResponseEntity.accepted().body(Map.of("taskId", id, "command", type.name(), "commandId", commandId));
  }

  private static ResponseEntity<ProblemDetail> notFound(String id) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "no task " + id);
    problem.setTitle("Task not found");
    return ResponseEntity.status(HttpStatus.NOT_FOUND).body(problem);
  }
}
