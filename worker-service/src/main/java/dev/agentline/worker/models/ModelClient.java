package dev.agentline.worker.models;

/**
 * The port to a language model. Provider clients are wrapped in a {@link RetryingModelClient}, which
 * retries transient faults inside one delivery; when those retries are exhausted the
 * {@link TransientModelException} makes the worker release the step record, and the share group
 * redelivers it (up to {@code agentline.worker.max-deliveries}).
 */
public interface ModelClient {

  /**
   * @throws TransientModelException when trying again later may succeed (HTTP 408/429/5xx, timeouts, I/O, a cut-off body)
   * @throws ModelException when it will not (bad request, bad key, no recorded answer)
   */
  ModelResponse call(ModelRequest request);
}
