package dev.agentline.planner.jira;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The Jira connector's client; everything in this package is off unless {@code agentline.jira.enabled=true}. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("agentline.jira.enabled")
class JiraConfiguration {
  @Bean
  JiraClient jiraClient(JiraProperties properties) {
    return new JiraClient(properties);
  }
}
