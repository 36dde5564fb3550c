package dev.agentline.audit.security;

import dev.agentline.platform.KafkaRefusalLog;
import dev.agentline.platform.access.Role;
import dev.agentline.platform.access.SecuritySettings;
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
 * The audit service's routes under {@code agentline.security.*} (the rules are in platform
 * {@code dev.agentline.platform.access}, the Spring adapter in {@code access.web}). A console gate decision is checked
 * in {@code console.ConsoleController} (approver, and not the task's requester). The console's browser answers the
 * Basic challenge: user name anything, password the API token.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

  @Bean
  SecuritySettings agentlineSecuritySettings(Environment environment) {
    return AccessSecurity.settings(environment);
  }

  /** API tokens; as a bean it also keeps Spring Boot from creating a default user with a generated password. */
  @Bean
  AuthenticationProvider agentlineTokenProvider(SecuritySettings settings) {
    return AccessSecurity.tokenProvider(settings);
  }

  /** Each 403 is also written to agentline.access-refusals, where the audit keeps it with the task's records. */
  @Bean
  KafkaRefusalLog agentlineRefusalLog(@Value("${spring.kafka.bootstrap-servers}") String bootstrapServers) {
    return new KafkaRefusalLog(bootstrapServers, "audit");
  }

  @Bean
  SecurityFilterChain agentlineSecurity(HttpSecurity http, SecuritySettings settings, AuthenticationProvider agentlineTokenProvider,
      RefusalLog agentlineRefusalLog) {
    return AccessSecurity.chain(http, settings, agentlineTokenProvider, "audit service", agentlineRefusalLog, requests -> requests
        // the console's pages, task list and task pages: any signed-in caller
        .requestMatchers(HttpMethod.GET, "/", "/console", "/console/", "/console/**").authenticated()
        .requestMatchers(HttpMethod.GET, "/api/console/me", "/api/console/tasks", "/api/console/tasks/*").authenticated()
        .requestMatchers(HttpMethod.POST, "/api/console/tasks/*/commands").authenticated()
        // search, timelines, the chain check, the pilot metrics and the pilot report: analysts
        .requestMatchers(HttpMethod.GET, "/api/audit/**", "/api/tasks/*/timeline", "/api/tasks/*/verify", "/api/metrics",
            "/api/report", "/api/report.csv")
            .access(AccessSecurity.needs("read the audit trail, timelines, metrics and the pilot report", Role.ANALYST)));
  }
}
