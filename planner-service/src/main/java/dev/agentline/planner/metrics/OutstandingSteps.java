package dev.agentline.planner.metrics;

import dev.agentline.schemas.Role;
import dev.agentline.schemas.StepKind;
import dev.agentline.schemas.StepRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The step requests one planner processor has sent and not seen answered yet, one per task at most
 * (a task waits for one answer at a time). A request leaves when the task's pending request is no
 * longer it: answered (then its request → result time is reported), timed out, cancelled, or the
 * task ended. Written by the processor's stream thread, read by the scrape.
 *
 * <p>In memory only: requests sent before a restart, or by the instance that owned the partition
 * before a rebalance, are not counted until they are answered.
 */
public final class OutstandingSteps {

  /** Receives the request → result time of each answered step. */
  @FunctionalInterface
  public interface Answered {
    void step(Role role, StepKind kind, Duration requestToResult);
  }

  private record Pending(String requestId, Role role, StepKind kind, long sentAtMs) {}

  private final Map<String, Pending> byTask = new ConcurrentHashMap<>();
  private final Answered answered;
  private final Consumer<OutstandingSteps> onClose;

  OutstandingSteps(Answered answered, Consumer<OutstandingSteps> onClose) {
    this.answered = answered;
    this.onClose = onClose;
  }

  /** A tracker that reports answers to {@code answered}, for tests and tools that need no registry. */
  public static OutstandingSteps reportingTo(Answered answered) {
    return new OutstandingSteps(answered, closed -> {});
  }

  /**
   * After one decision for a task.
   *
   * @param answeredRequestId the request id of the StepResult that caused it, else null
   * @param pendingAfter the task's pending request id after the decision (null when it waits for nothing)
   * @param sent the step requests the decision publishes
   */
  public void update(String taskId, String answeredRequestId, String pendingAfter, List<StepRequest> sent, long nowMs) {
    Pending pending = byTask.get(taskId);
    if (pending != null && !pending.requestId().equals(pendingAfter)) {
      byTask.remove(taskId);
      if (pending.requestId().equals(answeredRequestId)) {
        answered.step(pending.role(), pending.kind(), Duration.ofMillis(Math.max(0, nowMs - pending.sentAtMs())));
      }
    }
    for (StepRequest request : sent) {
      if (request.getRequestId().equals(pendingAfter)) {
        byTask.put(taskId, new Pending(request.getRequestId(), request.getRole(), request.getKind(), nowMs));
      }
    }
  }

  /** Step requests of {@code role} sent and not answered yet. */
  public long outstanding(Role role) {
    return byTask.values().stream().filter(p -> p.role() == role).count();
  }

  /** The processor is closed (its partition moved or the planner stops): its requests no longer count. */
  public void close() {
    byTask.clear();
    onClose.accept(this);
  }
}
