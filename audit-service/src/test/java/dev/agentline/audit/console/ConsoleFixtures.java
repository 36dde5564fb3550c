package dev.agentline.audit.console;

import dev.agentline.platform.AvroCodec;
import dev.agentline.platform.Meta;
import dev.agentline.platform.Topics;
import dev.agentline.schemas.ChatMessage;
import dev.agentline.schemas.CommandType;
import dev.agentline.schemas.ModelCall;
import dev.agentline.schemas.Plan;
import dev.agentline.schemas.PlanStep;
import dev.agentline.schemas.PullRequest;
import dev.agentline.schemas.Role;
import dev.agentline.schemas.StepKind;
import dev.agentline.schemas.StepResult;
import dev.agentline.schemas.StepType;
import dev.agentline.schemas.TaskCommand;
import dev.agentline.schemas.TaskEvent;
import dev.agentline.schemas.TaskEventType;
import dev.agentline.schemas.TaskStatus;
import dev.agentline.schemas.TaskSubmitted;
import dev.agentline.schemas.TestRun;
import dev.agentline.schemas.ToolName;
import dev.agentline.schemas.ToolResult;
import dev.agentline.schemas.Usage;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Two realistic tasks as the services would write them: {@link #WAITING} planned, re-planned and
 * waiting for approval (its requester's own approval refused), {@link #DONE} through a failed worker
 * answer, edits, green tests and a pull request.
 */
final class ConsoleFixtures {
  static final String WAITING = "t-console-wait";
  static final String DONE = "t-console-done";
  /** The trace every record of {@link #WAITING} carries, as the services would write it. */
  static final String WAITING_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  static final String REPO = "file:///repos/calculator-origin.git";
  static final Instant T0 = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MILLIS);
  static final String DIFF = """
      --- a/src/main/java/demo/Calculator.java
      +++ b/src/main/java/demo/Calculator.java
      @@ -3,1 +3,1 @@
      -    return a - b;
      +    return a + b;
      """;

  private ConsoleFixtures() {}

  record Sent(String topic, String key, SpecificRecordBase value) {}

  static Plan planV1() {
    return Plan.newBuilder().setGoal("make add return the sum").setVersion(1).setSteps(List.of(
        PlanStep.newBuilder().setId("s1").setType(StepType.CODE_EDIT).setDescription("Fix Calculator.add to return a + b")
            .setFiles(List.of("src/main/java/demo/Calculator.java")).build())).build();
  }

  static Plan planV2() {
    return Plan.newBuilder().setGoal("make add return the sum, with a test").setVersion(2).setSteps(List.of(
        PlanStep.newBuilder().setId("s1").setType(StepType.CODE_EDIT).setDescription("Fix Calculator.add to return a + b")
            .setFiles(List.of("src/main/java/demo/Calculator.java")).build(),
        PlanStep.newBuilder().setId("s2").setType(StepType.TEST_WRITE).setDescription("Test add with negative numbers")
            .setFiles(List.of("src/test/java/demo/CalculatorTest.java")).setDependsOn(List.of("s1")).build())).build();
  }

  static List<Sent> records() {
    List<Sent> out = new ArrayList<>();
    // the waiting task
    Instant t = T0;
    out.add(new Sent(Topics.TASKS, WAITING, submitted(WAITING, t, "Calculator.add subtracts instead of adding", "rita")));
    out.add(event(WAITING, t.plusSeconds(1), TaskEventType.STATE_CHANGED, TaskStatus.PLANNING, null, "planning the ticket"));
    out.add(new Sent(Topics.MODEL_CALLS, WAITING, modelCall(WAITING, t.plusSeconds(2), Role.MANAGER, StepKind.PLAN, "plan/1",
        "Ticket: Calculator.add(2, 3) returns -1. It must return the sum of its two arguments.", "{\"goal\": \"make add return the sum\"}",
        new Usage(1200, 300, 0.012))));
    TaskEvent accepted = eventRecord(WAITING, t.plusSeconds(3), TaskEventType.PLAN_ACCEPTED, TaskStatus.PLANNING, null,
        "1 step(s) to make add return the sum");
    accepted.setPlan(planV1());
    out.add(new Sent(Topics.TASK_EVENTS, WAITING, accepted));
    TaskEvent revised = eventRecord(WAITING, t.plusSeconds(4), TaskEventType.PLAN_REVISED, TaskStatus.PLANNING, null,
        "plan v2: a test step added");
    revised.setPlan(planV2());
    out.add(new Sent(Topics.TASK_EVENTS, WAITING, revised));
    out.add(event(WAITING, t.plusSeconds(5), TaskEventType.STATE_CHANGED, TaskStatus.AWAITING_APPROVAL, null,
        "waiting for a person to approve plan v2: every plan needs approval"));
    out.add(event(WAITING, t.plusSeconds(5), TaskEventType.APPROVAL_REQUESTED, TaskStatus.AWAITING_APPROVAL, null,
        "plan v2 needs approval (every plan needs approval)"));
    out.add(new Sent(Topics.COMMANDS, WAITING, TaskCommand.newBuilder().setMeta(Meta.of(WAITING, null, "planner-intake", t.plusSeconds(6)))
        .setType(CommandType.APPROVE_PLAN).setActor("rita").build()));
    TaskEvent refused = eventRecord(WAITING, t.plusSeconds(7), TaskEventType.COMMAND_REFUSED, TaskStatus.AWAITING_APPROVAL, null,
        "APPROVE_PLAN from rita refused: rita requested the task and may not approve its plan");
    refused.setActor("rita");
    out.add(new Sent(Topics.TASK_EVENTS, WAITING, refused));

    // the finished task, two hours earlier
    t = T0.minus(2, ChronoUnit.HOURS);
    out.add(new Sent(Topics.TASKS, DONE, submitted(DONE, t, "Make the frobnicator thread-safe", "sam")));
    TaskEvent accepted0 = eventRecord(DONE, t.plusSeconds(10), TaskEventType.PLAN_ACCEPTED, TaskStatus.PLANNING, null, "1 step(s)");
    accepted0.setPlan(planV1());
    out.add(new Sent(Topics.TASK_EVENTS, DONE, accepted0));
    out.add(event(DONE, t.plusSeconds(11), TaskEventType.STATE_CHANGED, TaskStatus.EXECUTING, null, "executing 1 step(s)"));
    out.add(event(DONE, t.plusSeconds(11), TaskEventType.STEP_STARTED, TaskStatus.EXECUTING, "s1", "step s1 attempt 1"));
    out.add(new Sent(Topics.MODEL_CALLS, DONE, modelCall(DONE, t.plusSeconds(20), Role.CODE_EDIT, StepKind.EXECUTE, "s1/1",
        "Fix Calculator.add to return a + b", "no edits here, <i>sorry</i>", new Usage(2000, 100, 0.004))));
    out.add(new Sent(Topics.STEP_RESULTS, DONE, StepResult.newBuilder().setMeta(Meta.of(DONE, null, "worker", t.plusSeconds(21)))
        .setRequestId(DONE + "/s1/1").setRole(Role.CODE_EDIT).setKind(StepKind.EXECUTE).setStepId("s1").setOk(false)
        .setError("the answer had no SEARCH/REPLACE blocks").setUsage(new Usage(2000, 100, 0.004)).build()));
    out.add(event(DONE, t.plusSeconds(22), TaskEventType.STEP_STARTED, TaskStatus.EXECUTING, "s1", "step s1 attempt 2"));
    out.add(new Sent(Topics.MODEL_CALLS, DONE, modelCall(DONE, t.plusSeconds(30), Role.CODE_EDIT, StepKind.EXECUTE, "s1/2",
        "Fix Calculator.add to return a + b", "<<<<<<< SEARCH\n    return a - b;\n=======\n    return a + b;\n>>>>>>> REPLACE",
        new Usage(2100, 120, 0.005))));
    out.add(new Sent(Topics.TOOL_RESULTS, DONE, ToolResult.newBuilder().setMeta(Meta.of(DONE, null, "tool-runner", t.plusSeconds(31)))
        .setRequestId(DONE + "/s1/2/apply").setTool(ToolName.APPLY_EDITS).setOk(true).setOutput("applied 1 edit")
        .setDiff(DIFF).setChangedFiles(List.of("src/main/java/demo/Calculator.java")).setDiffLines(2).setDurationMs(40).build()));
    out.add(new Sent(Topics.TOOL_RESULTS, DONE, ToolResult.newBuilder().setMeta(Meta.of(DONE, null, "tool-runner", t.plusSeconds(40)))
        .setRequestId(DONE + "/s1/2/test").setTool(ToolName.RUN_TESTS).setOk(true)
        .setTests(TestRun.newBuilder().setExitCode(0).setPassed(true).setSummary("3 tests passed")
            .setOutputTail("CalculatorTest > addsNegativeNumbers PASSED").setDurationMs(3000).build())
        .setDurationMs(3100).build()));
    out.add(event(DONE, t.plusSeconds(41), TaskEventType.STEP_COMPLETED, TaskStatus.EXECUTING, "s1", "step s1 done"));
    TaskEvent pr = eventRecord(DONE, t.plusSeconds(600), TaskEventType.PR_OPENED, TaskStatus.PR_OPENED, null, "pull request opened");
    pr.setPullRequest(PullRequest.newBuilder().setBranch("agentline/" + DONE).setTitle("Make the frobnicator thread-safe")
        .setBody("## Summary").setUrl("file:///repos/calculator-origin.git#agentline/" + DONE).build());
    out.add(new Sent(Topics.TASK_EVENTS, DONE, pr));
    out.add(event(DONE, t.plusSeconds(601), TaskEventType.STATE_CHANGED, TaskStatus.DONE, null, "done"));
    return out;
  }

  /** Sends every fixture record to its topic; returns how many were sent. */
  static int produce(String bootstrapServers) throws Exception {
    List<Sent> records = records();
    try (var producer = new KafkaProducer<String, byte[]>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
        new StringSerializer(), new ByteArraySerializer())) {
      for (Sent sent : records) {
        var record = new ProducerRecord<>(sent.topic(), sent.key(), AvroCodec.get().encode(sent.value()));
        if (WAITING.equals(sent.key())) record.headers().add("traceparent", ("00-" + WAITING_TRACE + "-00f067aa0ba902b7-01").getBytes());
        producer.send(record).get();
      }
    }
    return records.size();
  }

  private static TaskSubmitted submitted(String taskId, Instant at, String title, String requester) {
    return TaskSubmitted.newBuilder().setMeta(Meta.of(taskId, null, "planner-intake", at)).setRepository(REPO).setTitle(title)
        .setDescription("Calculator.add(2, 3) returns -1. It must return the sum of its two arguments.")
        .setTestCommand("sh run-tests.sh").setRequester(requester).build();
  }

  private static Sent event(String taskId, Instant at, TaskEventType type, TaskStatus status, String stepId, String message) {
    return new Sent(Topics.TASK_EVENTS, taskId, eventRecord(taskId, at, type, status, stepId, message));
  }

  private static TaskEvent eventRecord(String taskId, Instant at, TaskEventType type, TaskStatus status, String stepId, String message) {
    return TaskEvent.newBuilder().setMeta(Meta.of(taskId, null, "planner", at)).setType(type).setStatus(status).setStepId(stepId)
        .setMessage(message).build();
  }

  private static ModelCall modelCall(String taskId, Instant at, Role role, StepKind kind, String request, String prompt, String response,
      Usage usage) {
    return ModelCall.newBuilder().setMeta(Meta.of(taskId, null, "worker", at)).setRequestId(taskId + "/" + request).setRole(role)
        .setKind(kind).setProvider("replay").setModel("strong-1")
        .setPrompt(List.of(new ChatMessage("system", "You are the " + role + " of a coding team."), new ChatMessage("user", prompt)))
        .setResponse(response).setUsage(usage).setLatencyMs(640).setOk(true).setPromptVersion(role.name().toLowerCase() + "@1").build();
  }
}
