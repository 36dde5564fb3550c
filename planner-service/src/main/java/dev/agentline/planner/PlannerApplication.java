package dev.agentline.planner;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.PropertySource;

/**
 * The planner: REST intake, each task's state machine over Kafka Streams, the task API. Its
 * defaults live in its own properties file, not application.properties, so services that share
 * one classpath (the launcher) never read each other's settings.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@PropertySource("classpath:dev/agentline/planner/planner-defaults.properties")
public class PlannerApplication {
  public static void main(String[] args) {
    dev.agentline.platform.AvroCodec.trustAgentlineRecords();
    SpringApplication.run(PlannerApplication.class, args);
  }
}
