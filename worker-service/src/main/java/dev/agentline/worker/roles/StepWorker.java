package dev.agentline.worker.roles;

import dev.agentline.platform.Meta;
import dev.agentline.platform.models.ModelSpec;
import dev.agentline.schemas.ChatMessage;
import dev.agentline.schemas.ModelCall;
import dev.agentline.schemas.Role;
import dev.agentline.schemas.StepRequest;
import dev.agentline.schemas.StepResult;
import dev.agentline.schemas.Usage;
import dev.agentline.worker.contracts.PromptContract;
import dev.agentline.worker.contracts.PromptContracts;
import dev.agentline.worker.contracts.StepOutput;
import dev.agentline.worker.cost.Usages;
import dev.agentline.worker.models.Message;
import dev.agentline.worker.models.ModelClient;
import dev.agentline.worker.models.ModelException;
import dev.agentline.worker.models.ModelRequest;
import dev.agentline.worker.models.ModelResponse;
import dev.agentline.worker.models.TransientModelException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Answers one step request: the prompt of the role's contract (context fitted into the role's
 * budget), the model's answer checked against the contract, ONE re-ask when the answer is malformed
 * (the conversation, the bad answer and the validation error), the result and a record of every
 * call. No I/O besides the model port.
 *
 * <p>Idempotent per requestId: answering a redelivered request again yields a result with the same
 * requestId, which the planner recognizes and ignores when it already has one.
 */
public final class StepWorker {
  static final String REASK = """
      Your answer could not be used: %s
      Answer again: give the complete answer in exactly the format the instructions describe, and nothing the format does not allow.""";

  private final ModelClient models;
  private final PromptContracts contracts;
  private final Function<Role, ModelSpec> specs;
  private final int maxDeliveries;
  private final String producer;
  private final Clock clock;
  private final int maxResponseChars;

  /** Answers longer than this many characters are cut and not parsed (agentline.worker.max-response-chars). */
  public static final int DEFAULT_MAX_RESPONSE_CHARS = 200_000;

  /**
   * @param specs each role's model spec: its context budget, price, temperature and output limit
   * @param maxDeliveries deliveries of one record before a transient model failure fails the step
   * @param producer the name written into every record's metadata
   */
  public StepWorker(ModelClient models, PromptContracts contracts, Function<Role, ModelSpec> specs, int maxDeliveries, String producer, Clock clock) {
    this(models, contracts, specs, maxDeliveries, producer, clock, DEFAULT_MAX_RESPONSE_CHARS);
  }

  /** @param maxResponseChars a longer answer is cut here, marked, not parsed, and re-asked for once */
  public StepWorker(ModelClient models, PromptContracts contracts, Function<Role, ModelSpec> specs, int maxDeliveries, String producer, Clock clock,
      int maxResponseChars) {
    if (maxResponseChars < 1) throw new IllegalArgumentException("maxResponseChars must be >= 1, was " + maxResponseChars);
    this.maxResponseChars = maxResponseChars;
    if (maxDeliveries < 1) throw new IllegalArgumentException("maxDeliveries must be >= 1, was " + maxDeliveries);
    this.models = models;
    this.contracts = contracts;
    this.specs = specs;
    this.maxDeliveries = maxDeliveries;
    this.producer = producer;
    this.clock = clock;
  }

  /** @param deliveryCount how often the share group has delivered this record, 1 the first time */
  public StepOutcome handle(StepRequest request, int deliveryCount) {
    Optional<PromptContract> found = contracts.forStep(request.getRole(), request.getKind());
    if (found.isEmpty()) {
      String reason = "no prompt contract for role " + Roles.slug(request.getRole()) + " and kind " + request.getKind().name().toLowerCase(Locale.ROOT);
      return new StepOutcome.Answered(resultBuilder(request, Usages.none(), "", null, 0).setOk(false).setError(reason).build(), List.of());
    }
    PromptContract contract = found.get();
    ModelSpec spec = specs.apply(request.getRole());
    Step step = new Step(request, contract, spec);
    List<Message> conversation = new ArrayList<>(contract.prompt(request, spec.contextTokens()));
    for (int reask = 0; reask <= 1; reask++) {
      ModelRequest call = new ModelRequest(request.getRole(), request.getKind(), request.getStepId(), request.getAttempt(), reask,
          request.getRequestId(), conversation);
      Instant started = clock.instant();
      ModelResponse response;
      try {
        response = models.call(call);
      } catch (TransientModelException e) {
        step.failedCall(call, e, Duration.between(started, clock.instant()));
        if (deliveryCount < maxDeliveries) return new StepOutcome.Retry(e.getMessage(), step.calls);
        return step.failed("model call failed after " + deliveryCount + " deliveries: " + e.getMessage());
      } catch (ModelException e) {
        step.failedCall(call, e, Duration.between(started, clock.instant()));
        return step.failed("model call failed: " + e.getMessage());
      }
      String text = response.text();
      StepOutput output;
      if (text.length() > maxResponseChars) {
        String error = "the answer is " + text.length() + " characters, over the cap of " + maxResponseChars
            + " (agentline.worker.max-response-chars); answer much more briefly";
        text = text.substring(0, maxResponseChars) + truncationMarker(text.length(), maxResponseChars);
        output = StepOutput.invalid(error);
      } else {
        output = contract.read(request, text);
      }
      step.answeredCall(call, response, text, output.error());
      if (output.ok()) return step.succeeded(output);
      if (reask == 1) return step.failed("answer invalid after a re-ask: " + output.error());
      conversation.add(Message.assistant(text));
      conversation.add(Message.user(REASK.formatted(output.error())));
    }
    throw new IllegalStateException("unreachable");
  }

  /** What one step's calls have produced so far. */
  private final class Step {
    final StepRequest request;
    final PromptContract contract;
    final ModelSpec spec;
    final List<ModelCall> calls = new ArrayList<>();
    Usage usage = Usages.none();
    String answeredBy;

    Step(StepRequest request, PromptContract contract, ModelSpec spec) {
      this.request = request;
      this.contract = contract;
      this.spec = spec;
    }

    void answeredCall(ModelRequest call, ModelResponse response, String text, String error) {
      Usage callUsage = Usages.of(spec, response.inputTokens(), response.outputTokens());
      usage = Usages.sum(usage, callUsage);
      answeredBy = response.provider() + "/" + response.model();
      calls.add(modelCall(call, response.provider(), response.model(), text, callUsage, response.latency(), response.stopReason(), error));
    }

    void failedCall(ModelRequest call, ModelException e, Duration latency) {
      calls.add(modelCall(call, e.provider(), e.model(), "", Usages.none(), latency, null, e.getMessage()));
    }

    StepOutcome succeeded(StepOutput output) {
      StepResult result = resultBuilder(request, usage, contract.version(), answeredBy, calls.size())
          .setOk(true)
          .setPlan(output.plan())
          .setEdits(output.edits())
          .setUnifiedDiff(output.unifiedDiff())
          .setText(output.text())
          .setEvaluation(output.evaluation())
          .setReview(output.review())
          .build();
      return new StepOutcome.Answered(result, calls);
    }

    StepOutcome failed(String reason) {
      return new StepOutcome.Answered(resultBuilder(request, usage, contract.version(), answeredBy, calls.size()).setOk(false).setError(reason).build(), calls);
    }

    private ModelCall modelCall(ModelRequest call, String provider, String model, String response, Usage callUsage, Duration latency,
        String stopReason, String error) {
      return ModelCallFit.fit(ModelCall.newBuilder()
          .setMeta(meta(request))
          .setRequestId(request.getRequestId())
          .setRole(request.getRole())
          .setKind(request.getKind())
          .setProvider(provider == null ? spec.provider() : provider)
          .setModel(model == null ? String.valueOf(spec.model()) : model)
          .setPrompt(call.messages().stream().map(m -> ChatMessage.newBuilder().setRole(m.role()).setContent(m.content()).build()).toList())
          .setResponse(response)
          .setUsage(callUsage)
          .setLatencyMs(latency.toMillis())
          .setOk(error == null)
          .setError(error)
          .setPromptVersion(contract.version())
          .setReask(call.reask())
          .setStopReason(stopReason)
          .setTemperature(spec.temperature())
          .setMaxOutputTokens(spec.maxOutputTokens())
          .build(), ModelCallFit.MAX_BYTES);
    }
  }

  /** Appended where an over-long answer was cut, so the stored ModelCall says it is not the whole answer. */
  static String truncationMarker(int length, int cap) {
    return "\n[... agentline: answer truncated at " + cap + " of " + length + " characters (agentline.worker.max-response-chars) ...]";
  }

  private StepResult.Builder resultBuilder(StepRequest request, Usage usage, String promptVersion, String model, int modelCalls) {
    return StepResult.newBuilder()
        .setMeta(meta(request))
        .setRequestId(request.getRequestId())
        .setRole(request.getRole())
        .setKind(request.getKind())
        .setStepId(request.getStepId())
        .setAttempt(request.getAttempt())
        .setUsage(usage)
        .setPromptVersion(promptVersion)
        .setModel(model)
        .setModelCalls(modelCalls);
  }

  private dev.agentline.schemas.Metadata meta(StepRequest request) {
    return Meta.of(request.getMeta().getTaskId(), request.getMeta().getEventId(), producer, clock.instant());
  }
}
