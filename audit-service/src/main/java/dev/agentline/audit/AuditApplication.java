package dev.agentline.audit;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.PropertySource;

/**
 * The audit service: consumes every agentline topic into PostgreSQL and serves search and task
 * timelines over HTTP. Needs only {@code spring.kafka.bootstrap-servers}; without
 * {@code spring.datasource.url} it runs its own embedded PostgreSQL.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
// Defaults live in a file of their own (not application.properties) so several services can share one classpath.
@PropertySource("classpath:dev/agentline/audit/audit-defaults.properties")
public class AuditApplication {

  public static void main(String[] args) {
    dev.agentline.platform.AvroCodec.trustAgentlineRecords();
    SpringApplication.run(AuditApplication.class, args);
  }
}
