package dev.agentline.audit.ingest;

import dev.agentline.platform.Meta;
import dev.agentline.schemas.ChatMessage;
import dev.agentline.schemas.ModelCall;
import dev.agentline.schemas.Role;
import dev.agentline.schemas.StepKind;
import dev.agentline.schemas.TaskEvent;
import dev.agentline.schemas.TaskEventType;
import dev.agentline.schemas.TaskStatus;
import dev.agentline.schemas.TestRun;
import dev.agentline.schemas.ToolName;
import dev.agentline.schemas.ToolResult;
import dev.agentline.schemas.Usage;
import java.time.Instant;
import java.util.List;

/** Sample records for tests of the audit. */
public final class Records {
  private Records() {}

  public static TaskEvent taskEvent(String taskId, Instant at, String message) {
    return TaskEvent.newBuilder()
        .setMeta(Meta.of(taskId, null, "planner", at))
        .setType(TaskEventType.STATE_CHANGED)
        .setStatus(TaskStatus.PLANNING)
        .setPreviousStatus(TaskStatus.RECEIVED)
        .setMessage(message)
        .build();
  }

  public static ModelCall modelCall(String taskId, Instant at, String prompt) {
    return ModelCall.newBuilder()
        .setMeta(Meta.of(taskId, null, "worker", at))
        .setRequestId(taskId + "/plan/1")
        .setRole(Role.MANAGER)
        .setKind(StepKind.PLAN)
        .setProvider("replay")
        .setModel("strong-1")
        .setPrompt(List.of(new ChatMessage("system", "You plan code changes."), new ChatMessage("user", prompt)))
        .setResponse("{\"goal\": \"clean up\"}")
        .setUsage(new Usage(1200, 345, 0.0123))
        .setLatencyMs(850)
        .setOk(true)
        .build();
  }

  public static ToolResult failedTests(String taskId, Instant at) {
    return ToolResult.newBuilder()
        .setMeta(Meta.of(taskId, null, "tool-runner", at))
        .setRequestId(taskId + "/s1/1/test")
        .setTool(ToolName.RUN_TESTS)
        .setOk(false)
        .setError("tests failed")
        .setTests(TestRun.newBuilder()
            .setExitCode(1).setPassed(false).setSummary("2 of 40 failed").setOutputTail("FAIL FrobTest").setDurationMs(4100).build())
        .setDurationMs(4200)
        .build();
  }
}
