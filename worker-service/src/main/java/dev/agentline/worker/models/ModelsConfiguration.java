package dev.agentline.worker.models;

import dev.agentline.platform.models.ModelCatalog;
import dev.agentline.schemas.Role;
import dev.agentline.worker.metrics.MeteredModelClient;
import dev.agentline.worker.metrics.WorkerMetrics;
import dev.agentline.worker.roles.Roles;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The model catalog and the model client from {@code agentline.models} and {@code agentline.worker.retry}. */
@Configuration(proxyBeanMethods = false)
class ModelsConfiguration {
  private static final Logger log = LoggerFactory.getLogger(ModelsConfiguration.class);

  @Bean
  ModelsSetup modelsSetup(ModelsProperties properties) {
    ModelsSetup setup = ModelsSetup.from(properties, System::getenv);
    for (Role role : Role.values()) log.info("role {} is answered by {}", Roles.slug(role), setup.describe(role));
    setup.catalog().recordTo().ifPresent(file -> log.info("record mode: every real answer is appended to {}", file));
    return setup;
  }

  @Bean
  ModelCatalog modelCatalog(ModelsSetup setup) {
    return setup.catalog();
  }

  /** The configured client, retrying inside a delivery, measured as a whole ({@link MeteredModelClient}). */
  @Bean
  ModelClient modelClient(ModelsSetup setup, RetryProperties retry, WorkerMetrics metrics) {
    return new MeteredModelClient(setup.client(retry.policy(), RetryingModelClient.Sleeper.REAL, Clock.systemUTC()), setup.catalog()::spec, metrics);
  }
}
