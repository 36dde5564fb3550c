package dev.agentline.platform;

import dev.agentline.schemas.Metadata;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/** Builds the {@link Metadata} every record carries. */
public final class Meta {
  private Meta() {}

  public static Metadata of(String taskId, String causationId, String producer, Instant at) {
    return Metadata.newBuilder()
        .setEventId(UUID.randomUUID().toString())
        .setOccurredAt(at)
        .setTaskId(taskId)
        .setCausationId(causationId)
        .setProducer(producer)
        .build();
  }

  public static Metadata of(String taskId, String causationId, String producer) {
    return of(taskId, causationId, producer, Clock.systemUTC().instant());
  }
}
