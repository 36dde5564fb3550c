package dev.agentline.worker;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.PropertySource;

/**
 * The worker service: every model call of agentline. One share-group consumer pool per role reads
 * {@code agentline.steps.<role>}, asks the configured model, validates the answer against the
 * role's prompt contract and publishes a StepResult and a ModelCall.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
// Defaults (the web port of the actuator) live in a file of their own so several services can share one classpath.
@PropertySource("classpath:dev/agentline/worker/worker-defaults.properties")
public class WorkerApplication {

  public static void main(String[] args) {
    dev.agentline.platform.AvroCodec.trustAgentlineRecords();
    SpringApplication.run(WorkerApplication.class, args);
  }
}
