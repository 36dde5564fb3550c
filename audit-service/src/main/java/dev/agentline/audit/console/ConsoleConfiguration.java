package dev.agentline.audit.console;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The web console: its static files (bundled in the jar under {@code dev/agentline/audit/console/web},
 * not {@code static/}, so other services sharing the launcher's classpath do not serve them) at
 * {@code /console/}, {@code /} leading there, and the producer of the console's commands.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleConfiguration implements WebMvcConfigurer {
  static final String COMMAND_TEMPLATE = "consoleCommandTemplate";

  @Override
  public void addResourceHandlers(ResourceHandlerRegistry registry) {
    registry.addResourceHandler("/console/**").addResourceLocations("classpath:/dev/agentline/audit/console/web/");
  }

  @Override
  public void addViewControllers(ViewControllerRegistry registry) {
    registry.addRedirectViewController("/", "/console/");
    registry.addViewController("/console/").setViewName("forward:/console/index.html");
    registry.addRedirectViewController("/console", "/console/");
  }

  @Bean(destroyMethod = "destroy")
  DefaultKafkaProducerFactory<String, byte[]> consoleCommandProducerFactory(KafkaProperties kafka) {
    Map<String, Object> config = new HashMap<>(kafka.buildProducerProperties());
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.CLIENT_ID_CONFIG, "agentline-audit-console");
    return new DefaultKafkaProducerFactory<>(config, new StringSerializer(), new ByteArraySerializer());
  }

  @Bean(COMMAND_TEMPLATE)
  KafkaTemplate<String, byte[]> consoleCommandTemplate(DefaultKafkaProducerFactory<String, byte[]> consoleCommandProducerFactory) {
    return new KafkaTemplate<>(consoleCommandProducerFactory);
  }
}
