package dev.agentline.audit.console;

import dev.agentline.audit.UnknownTaskException;
import dev.agentline.audit.console.CommandPublisher.CommandNotSentException;
import dev.agentline.platform.access.web.Callers;
import dev.agentline.platform.access.Caller;
import dev.agentline.platform.access.Denial;
import dev.agentline.platform.access.RefusalLog;
import dev.agentline.platform.access.Role;
import dev.agentline.platform.access.TaskAccess;
import dev.agentline.schemas.TaskCommand;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/console}: what the web console shows, and its gate decisions. */
@RestController
@RequestMapping("/api/console")
class ConsoleController {
  private final ConsoleStore store;
  private final CommandPublisher commands;
  private final RefusalLog refusals;

  ConsoleController(ConsoleStore store, CommandPublisher commands, RefusalLog refusals) {
    this.store = store;
    this.commands = commands;
    this.refusals = refusals;
  }

  /** Tasks, most recently active first; {@code status} one status, {@code repository} and {@code q} text they contain. */
  @GetMapping("/tasks")
  List<TaskSummary> tasks(
      @RequestParam(required = false) String status,
      @RequestParam(required = false) String repository,
      @RequestParam(required = false) String q,
      @RequestParam(required = false) String limit) {
    return store.tasks(TaskFilter.parse(status, repository, q, limit));
  }

  @GetMapping("/tasks/{id}")
  TaskDetail task(@PathVariable String id) {
    return TaskAssembler.assemble(id, store.records(id)).orElseThrow(() -> new UnknownTaskException(id));
  }

  /** Who the console is used by: {@code {"name": "sam", "roles": ["approver"]}}; {@code name} null without authentication. */
  @GetMapping("/me")
  Map<String, Object> me() {
    Optional<Caller> caller = Callers.current();
    Map<String, Object> me = new LinkedHashMap<>();
    me.put("name", caller.map(Caller::name).orElse(null));
    me.put("roles", caller.map(c -> c.roles().stream().map(Role::label).sorted().toList()).orElse(List.of()));
    return me;
  }

  /**
   * Body: {@code {"type": "approve-plan", "actor": "sam", "reason": "...", "stepId": null}}. With authentication the actor
   * is the caller (the body's {@code actor} is ignored). A gate decision needs the approver role and a caller who is not
   * the task's requester; {@code takeover}/{@code handback} need the approver role (admins have every role).
   */
  @PostMapping("/tasks/{id}/commands")
  ResponseEntity<?> command(@PathVariable String id, @RequestBody(required = false) Map<String, Object> body) {
    Map<String, Object> fields = body == null ? Map.of() : body;
    Optional<Caller> caller = Callers.current();
    ConsoleCommand command = ConsoleCommand.parse(id, string(fields, "type"), caller.map(Caller::name).orElse(string(fields, "actor")),
        string(fields, "reason"), string(fields, "stepId"));
    if (caller.isPresent()) {
      String requester = TaskAssembler.assemble(id, store.records(id)).orElseThrow(() -> new UnknownTaskException(id)).requester();
      Optional<Denial> denial = command.ownership()
          ? TaskAccess.requireRole(caller.get(), "take tasks over or hand them back", Role.APPROVER)
          : TaskAccess.decideGate(caller.get(), id, requester);
      if (denial.isPresent()) return Callers.forbidden(refusals, caller.get(), command.type() + " on " + id, id, denial.get());
    }
    TaskCommand sent = commands.send(command, store.traceparent(id).orElse(null));
    Map<String, Object> accepted = new LinkedHashMap<>();
    accepted.put("taskId", id);
    accepted.put("type", sent.getType().name());
    accepted.put("actor", sent.getActor());
    accepted.put("eventId", sent.getMeta().getEventId());
    accepted.put("detail", "sent to the planner; its decision appears in the task's events");
    return ResponseEntity.status(HttpStatus.ACCEPTED).body(accepted);
  }

  private static String string(Map<String, Object> body, String field) {
    Object value = body.get(field);
    if (value == null) return null;
    if (!(value instanceof String text)) throw ConsoleRequestException.field(field, field + " must be a string");
    return text;
  }

  @ExceptionHandler
  ProblemDetail badRequest(ConsoleRequestException e) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    problem.setTitle("Invalid request " + e.where());
    problem.setProperty(e.where(), e.name());
    return problem;
  }

  @ExceptionHandler
  ProblemDetail notSent(CommandNotSentException e) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
    problem.setTitle("Command not sent");
    return problem;
  }
}
