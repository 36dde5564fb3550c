package dev.agentline.toolrunner.review;

import dev.agentline.schemas.CodeHostKind;
import dev.agentline.schemas.PullRequestEvent;
import dev.agentline.schemas.PullRequestEventType;
import java.time.Instant;
import java.util.List;

/**
 * One event a payload (or a polled item) gives, before its pull request is known to be agentline's: the builder has
 * everything but meta, deliveryId, via and the pull request fields, which come from {@code pr}.
 */
record Pending(PullRequestEvent.Builder event, PrRef pr, LogSource log) {
  Pending(PullRequestEvent.Builder event, PrRef pr) {
    this(event, pr, null);
  }

  static PullRequestEvent.Builder event(CodeHostKind host, PullRequestEventType type, String itemKey, String actor, Instant at) {
    return PullRequestEvent.newBuilder().setHost(host).setType(type).setItemKey(itemKey)
        .setActor(actor == null || actor.isBlank() ? "unknown" : actor).setHappenedAt(at);
  }

  /** What a payload gave: events, or the reason it gives none. */
  record Mapped(List<Pending> events, String ignored) {
    static Mapped of(Pending... events) {
      return new Mapped(List.of(events), null);
    }

    static Mapped of(List<Pending> events) {
      return new Mapped(List.copyOf(events), null);
    }

    static Mapped ignored(String reason) {
      return new Mapped(List.of(), reason);
    }
  }
}
