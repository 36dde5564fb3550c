package dev.agentline.planner.security;

import dev.agentline.platform.KafkaRefusalLog;
import dev.agentline.platform.access.Role;
import dev.agentline.platform.access.SecuritySettings;
import dev.agentline.platform.access.TeamRepositories;
import dev.agentline.platform.access.RefusalLog;
import dev.agentline.platform.access.web.AccessSecurity;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The planner's routes under {@code agentline.security.*} (the rules are in platform {@code dev.agentline.platform.access},
 * the Spring adapter in {@code access.web}). A command's own checks (approver and not the requester; cancel and retry by
 * the requester or an admin) and the submitter's team allow-list are made in {@code api.TaskController}.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

  @Bean
  SecuritySettings agentlineSecuritySettings(Environment environment) {
    return AccessSecurity.settings(environment);
  }

  @Bean
  TeamRepositories agentlineTeamRepositories(SecuritySettings settings) {
    return settings.teamRepositories();
  }

  /** API tokens; as a bean it also keeps Spring Boot from creating a default user with a generated password. */
  @Bean
  AuthenticationProvider agentlineTokenProvider(SecuritySettings settings) {
    return AccessSecurity.tokenProvider(settings);
  }

  /** Each 403 is also written to agentline.access-refusals, where the audit keeps it with the task's records. */
  @Bean
  KafkaRefusalLog agentlineRefusalLog(@Value("${spring.kafka.bootstrap-servers}") String bootstrapServers) {
    return new KafkaRefusalLog(bootstrapServers, "planner");
  }

  @Bean
  SecurityFilterChain agentlineSecurity(HttpSecurity http, SecuritySettings settings, AuthenticationProvider agentlineTokenProvider,
      RefusalLog agentlineRefusalLog) {
    return AccessSecurity.chain(http, settings, agentlineTokenProvider, "planner", agentlineRefusalLog, requests -> requests
        // Jira signs its deliveries (agentline.jira.webhook-secret); it sends no bearer token
        .requestMatchers(HttpMethod.POST, "/api/jira/webhook").permitAll()
        .requestMatchers(HttpMethod.POST, "/api/tasks").access(AccessSecurity.needs("submit tasks", Role.SUBMITTER))
        .requestMatchers("/api/tasks/**").authenticated());
  }
}
