package dev.agentline.audit.baseline;

import java.util.List;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * A {@link BaselineSource} bean for the configured code host, only when {@code agentline.audit.baseline.repositories}
 * names at least one repository; otherwise there is none and the report has no baseline ({@link BaselineSource#NONE}).
 */
@Configuration(proxyBeanMethods = false)
public class BaselineConfiguration {

  @Bean
  @Conditional(RepositoriesConfigured.class)
  BaselineSource baselineSource(BaselineProperties properties) {
    return properties.host().equals("gitlab") ? GitLabBaseline.of(properties, System::getenv) : GitHubBaseline.of(properties, System::getenv);
  }

  /** True when {@code agentline.audit.baseline.repositories} binds to a non-empty list (indexed or comma-separated). */
  static final class RepositoriesConfigured implements Condition {
    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
      return Binder.get(context.getEnvironment()).bind("agentline.audit.baseline.repositories", Bindable.listOf(String.class))
          .map(list -> list.stream().anyMatch(r -> !r.isBlank())).orElse(false);
    }
  }
}
