package dev.agentline.worker.models;

import dev.agentline.schemas.Role;
import dev.agentline.worker.cost.CostTable;
import dev.agentline.worker.roles.Roles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The model client and price table from {@code agentline.models}. */
@Configuration(proxyBeanMethods = false)
class ModelsConfiguration {
  private static final Logger log = LoggerFactory.getLogger(ModelsConfiguration.class);

  @Bean
  ModelsSetup modelsSetup(ModelsProperties properties) {
    ModelsSetup setup = ModelsSetup.from(properties, System::getenv);
    for (Role role : Role.values()) log.info("role {} is answered by {}", Roles.slug(role), setup.describe(role));
    return setup;
  }

  @Bean
  ModelClient modelClient(ModelsSetup setup) {
    return setup.client();
  }

  @Bean
  CostTable costTable(ModelsSetup setup) {
    return setup.costTable();
  }
}
