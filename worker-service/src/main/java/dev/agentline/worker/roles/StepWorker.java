package dev.agentline.worker.roles;

import dev.agentline.platform.Meta;
import dev.agentline.schemas.ChatMessage;
import dev.agentline.schemas.ModelCall;
import dev.agentline.schemas.StepRequest;
import dev.agentline.schemas.StepResult;
import dev.agentline.schemas.Usage;
import dev.agentline.worker.contracts.PromptContract;
import dev.agentline.worker.contracts.PromptContracts;
import dev.agentline.worker.contracts.StepOutput;
import dev.agentline.worker.cost.CostTable;
import dev.agentline.worker.models.Message;
import dev.agentline.worker.models.ModelClient;
import dev.agentline.worker.models.ModelException;
import dev.agentline.worker.models.ModelRequest;
import dev.agentline.worker.models.ModelResponse;
import dev.agentline.worker.models.TransientModelException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One model call per step request: the prompt of the role's contract, the model's answer checked
 * against the contract, the result and the record of the call. No I/O besides the model port.
 *
 * <p>Idempotent per requestId: answering a redelivered request again yields a result with the same
 * requestId, which the planner recognizes and ignores when it already has one.
 */
public final class StepWorker {
  private final ModelClient models;
  private final PromptContracts contracts;
  private final CostTable costs;
  private final int maxDeliveries;
  private final String producer;
  private final Clock clock;

  /**
   * @param maxDeliveries deliveries of one record before a transient model failure fails the step
   * @param producer the name written into every record's metadata
   */
  public StepWorker(ModelClient models, PromptContracts contracts, CostTable costs, int maxDeliveries, String producer, Clock clock) {
    if (maxDeliveries < 1) throw new IllegalArgumentException("maxDeliveries must be >= 1, was " + maxDeliveries);
    this.models = models;
    this.contracts = contracts;
    this.costs = costs;
    this.maxDeliveries = maxDeliveries;
    this.producer = producer;
    this.clock = clock;
  }

  /** @param deliveryCount how often the share group has delivered this record, 1 the first time */
  public StepOutcome handle(StepRequest request, int deliveryCount) {
    Optional<PromptContract> contract = contracts.forStep(request.getRole(), request.getKind());
    if (contract.isEmpty()) {
      String reason = "no prompt contract for role " + Roles.slug(request.getRole()) + " and kind " + kindName(request);
      return new StepOutcome.Answered(failed(request, reason, emptyUsage()), Optional.empty());
    }
    List<Message> prompt = contract.get().prompt(request);
    ModelRequest call = new ModelRequest(request.getRole(), request.getKind(), request.getStepId(), request.getAttempt(), request.getRequestId(), prompt);
    Instant started = clock.instant();
    ModelResponse response;
    try {
      response = models.call(call);
    } catch (TransientModelException e) {
      ModelCall record = failedCall(request, prompt, e.provider(), e.model(), Duration.between(started, clock.instant()), e.getMessage());
      if (deliveryCount < maxDeliveries) return new StepOutcome.Retry(e.getMessage(), Optional.of(record));
      String reason = "model call failed after " + deliveryCount + " deliveries: " + e.getMessage();
      return new StepOutcome.Answered(failed(request, reason, emptyUsage()), Optional.of(record));
    } catch (ModelException e) {
      ModelCall record = failedCall(request, prompt, e.provider(), e.model(), Duration.between(started, clock.instant()), e.getMessage());
      return new StepOutcome.Answered(failed(request, "model call failed: " + e.getMessage(), emptyUsage()), Optional.of(record));
    }
    StepOutput output = contract.get().read(response.text());
    Usage usage = costs.usage(response.model(), response.inputTokens(), response.outputTokens());
    ModelCall record = modelCall(request, prompt, response.provider(), response.model(), response.text(), usage, response.latency(), output.error());
    StepResult result = output.ok() ? succeeded(request, output, usage) : failed(request, output.error(), usage);
    return new StepOutcome.Answered(result, Optional.of(record));
  }

  private StepResult succeeded(StepRequest request, StepOutput output, Usage usage) {
    return resultBuilder(request, usage)
        .setOk(true)
        .setPlan(output.plan())
        .setEdits(output.edits())
        .setUnifiedDiff(output.unifiedDiff())
        .setText(output.text())
        .build();
  }

  private StepResult failed(StepRequest request, String reason, Usage usage) {
    return resultBuilder(request, usage).setOk(false).setError(reason).build();
  }

  private StepResult.Builder resultBuilder(StepRequest request, Usage usage) {
    return StepResult.newBuilder()
        .setMeta(meta(request))
        .setRequestId(request.getRequestId())
        .setRole(request.getRole())
        .setKind(request.getKind())
        .setStepId(request.getStepId())
        .setAttempt(request.getAttempt())
        .setUsage(usage);
  }

  private ModelCall failedCall(StepRequest request, List<Message> prompt, String provider, String model, Duration latency, String error) {
    return modelCall(request, prompt, provider, model, "", emptyUsage(), latency, error);
  }

  private ModelCall modelCall(
      StepRequest request, List<Message> prompt, String provider, String model, String response, Usage usage, Duration latency, String error) {
    return ModelCall.newBuilder()
        .setMeta(meta(request))
        .setRequestId(request.getRequestId())
        .setRole(request.getRole())
        .setKind(request.getKind())
        .setProvider(provider == null ? "unknown" : provider)
        .setModel(model == null ? "unknown" : model)
        .setPrompt(prompt.stream().map(m -> ChatMessage.newBuilder().setRole(m.role()).setContent(m.content()).build()).toList())
        .setResponse(response)
        .setUsage(usage)
        .setLatencyMs(latency.toMillis())
        .setOk(error == null)
        .setError(error)
        .build();
  }

  private dev.agentline.schemas.Metadata meta(StepRequest request) {
    return Meta.of(request.getMeta().getTaskId(), request.getMeta().getEventId(), producer, clock.instant());
  }

  private static Usage emptyUsage() {
    return Usage.newBuilder().build();
  }

  private static String kindName(StepRequest request) {
    return request.getKind().name().toLowerCase(Locale.ROOT);
  }
}
