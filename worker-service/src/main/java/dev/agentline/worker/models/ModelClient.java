package dev.agentline.worker.models;

/**
 * The port to a language model. Implementations do not retry: a {@link TransientModelException}
 * makes the worker release the step record, and the share group redelivers it (up to
 * {@code agentline.worker.max-deliveries}).
 */
public interface ModelClient {

  /**
   * @throws TransientModelException when trying again later may succeed (HTTP 429/5xx, timeouts, I/O)
   * @throws ModelException when it will not (bad request, bad key, no recorded answer)
   */
  ModelResponse call(ModelRequest request);
}
