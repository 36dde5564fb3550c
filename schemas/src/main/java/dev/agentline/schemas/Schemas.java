package dev.agentline.schemas;

import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecordBase;

/** The top-level records that travel on agentline topics or live in a service's state store. */
public final class Schemas {
  private Schemas() {}

  /** Every record class that is written as a whole Kafka value; each has its own fingerprint. */
  public static final List<Class<? extends SpecificRecordBase>> TOP_LEVEL =
      List.of(
          TaskSubmitted.class,
          TaskCommand.class,
          StepRequest.class,
          StepResult.class,
          ToolRequest.class,
          ToolResult.class,
          TaskEvent.class,
          ModelCall.class,
          TaskState.class,
          AnalysisCached.class,
          PullRequestEvent.class,
          AccessRefused.class);

  public static Schema schemaOf(Class<? extends SpecificRecordBase> type) {
    try {
      return (Schema) type.getField("SCHEMA$").get(null);
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException(type + " is not a generated Avro record", e);
    }
  }
}
