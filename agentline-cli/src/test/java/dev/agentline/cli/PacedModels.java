package dev.agentline.cli;

import dev.agentline.worker.models.ModelClient;
import java.time.Duration;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Makes a worker's model take {@link #latency} before it answers, as a provider does: the overhead benchmark's
 * phase with many tasks in flight whose models are not instant. Added to a worker-service context with
 * {@code --spring.main.sources=dev.agentline.cli.PacedModels}; it wraps the context's {@link ModelClient} bean (the
 * metered, replaying client), so the worker's code is the same as in a run against a real provider.
 */
public final class PacedModels implements BeanPostProcessor {
  /** How long each model call takes; read at every call. */
  static volatile Duration latency = Duration.ZERO;

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (!(bean instanceof ModelClient client)) return bean;
    return (ModelClient) request -> {
      try {
        Thread.sleep(latency.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while the paced model was answering", e);
      }
      return client.call(request);
    };
  }
}
