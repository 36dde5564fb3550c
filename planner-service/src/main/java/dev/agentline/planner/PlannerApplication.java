package dev.agentline.planner;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The planner: REST intake, each task's state machine over Kafka Streams, the task API. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class PlannerApplication {
  public static void main(String[] args) {
    if (System.getProperty("org.apache.avro.SERIALIZABLE_PACKAGES") == null) {
      System.setProperty("org.apache.avro.SERIALIZABLE_PACKAGES", "dev.agentline.schemas");
    }
    SpringApplication.run(PlannerApplication.class, args);
  }
}
