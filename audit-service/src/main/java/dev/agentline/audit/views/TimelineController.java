package dev.agentline.audit.views;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/tasks/{id}/timeline}: a task's recorded history. */
@RestController
class TimelineController {
  private final TaskTimelines timelines;

  TimelineController(TaskTimelines timelines) {
    this.timelines = timelines;
  }

  @GetMapping("/api/tasks/{id}/timeline")
  Timeline timeline(@PathVariable String id) {
    return timelines.of(id).orElseThrow(() -> new UnknownTaskException(id));
  }

  @ExceptionHandler
  ProblemDetail unknownTask(UnknownTaskException e) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "nothing is recorded for task " + e.taskId);
    problem.setTitle("Unknown task");
    problem.setProperty("taskId", e.taskId);
    return problem;
  }

  static final class UnknownTaskException extends RuntimeException {
    private final String taskId;

    UnknownTaskException(String taskId) {
      super("unknown task " + taskId);
      this.taskId = taskId;
    }
  }
}
