package dev.agentline.audit;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** An unknown task, whichever API asked (timeline, verify, console): 404 with the task id. */
@RestControllerAdvice
class UnknownTaskAdvice {

  @ExceptionHandler
  ProblemDetail unknownTask(UnknownTaskException e) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "nothing is recorded for task " + e.taskId());
    problem.setTitle("Unknown task");
    problem.setProperty("taskId", e.taskId());
    return problem;
  }
}
