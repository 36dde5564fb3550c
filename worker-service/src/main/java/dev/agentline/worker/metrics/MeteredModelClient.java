package dev.agentline.worker.metrics;

import dev.agentline.platform.models.ModelSpec;
import dev.agentline.schemas.Role;
import dev.agentline.worker.models.ModelClient;
import dev.agentline.worker.models.ModelException;
import dev.agentline.worker.models.ModelRequest;
import dev.agentline.worker.models.ModelResponse;
import java.time.Duration;
import java.util.function.Function;

/**
 * Measures every call to the wrapped model client into {@link WorkerMetrics}: an answer with the
 * provider's reported latency, tokens and the cost priced by the role's spec; a failure with the
 * time it took to fail. What the call returns or throws is passed on unchanged.
 */
public final class MeteredModelClient implements ModelClient {
  private final ModelClient delegate;
  private final Function<Role, ModelSpec> specs;
  private final WorkerMetrics metrics;

  public MeteredModelClient(ModelClient delegate, Function<Role, ModelSpec> specs, WorkerMetrics metrics) {
    this.delegate = delegate;
    this.specs = specs;
    this.metrics = metrics;
  }

  @Override
  public ModelResponse call(ModelRequest request) {
    ModelSpec spec = specs.apply(request.role());
    long started = System.nanoTime();
    ModelResponse response;
    try {
      response = delegate.call(request);
    } catch (RuntimeException e) {
      ModelException known = e instanceof ModelException m ? m : null;
      String provider = known == null || known.provider() == null ? spec.provider() : known.provider();
      String model = known == null || known.model() == null ? String.valueOf(spec.model()) : known.model();
      metrics.failed(request.role(), provider, model, Duration.ofNanos(System.nanoTime() - started));
      throw e;
    }
    metrics.answered(request.role(), response.provider(), response.model(), response.latency(), response.inputTokens(), response.outputTokens(),
        spec.costUsd(response.inputTokens(), response.outputTokens()));
    return response;
  }
}
