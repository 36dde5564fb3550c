package dev.agentline.planner.workflow;

import dev.agentline.schemas.TaskState;
import java.util.List;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * The outcome of one input: the task's next state (null when the task is unknown and stays so) and
 * the records to publish: {@code StepRequest}s, {@code ToolRequest}s and {@code TaskEvent}s, in order.
 */
public record Decision(TaskState next, List<SpecificRecordBase> commands) {
  public Decision {
    commands = List.copyOf(commands);
  }
}
