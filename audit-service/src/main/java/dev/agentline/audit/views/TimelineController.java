package dev.agentline.audit.views;

import dev.agentline.audit.UnknownTaskException;
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
}
