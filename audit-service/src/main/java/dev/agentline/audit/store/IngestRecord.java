package dev.agentline.audit.store;

import java.util.List;
import java.util.Objects;

/** One consumed record, ready to store: its raw row and the normalised rows it contributes. */
public record IngestRecord(AuditRow raw, List<Normalised> normalised) {
  public IngestRecord {
    Objects.requireNonNull(raw, "raw");
    normalised = List.copyOf(normalised);
  }
}
