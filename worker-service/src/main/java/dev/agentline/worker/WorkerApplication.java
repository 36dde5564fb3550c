package dev.agentline.worker;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The worker service: every model call of agentline. One share-group consumer pool per role reads
 * {@code agentline.steps.<role>}, asks the configured model, validates the answer against the
 * role's prompt contract and publishes a StepResult and a ModelCall.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class WorkerApplication {

  public static void main(String[] args) {
    dev.agentline.platform.AvroCodec.trustAgentlineRecords();
    SpringApplication app = new SpringApplication(WorkerApplication.class);
    app.setWebApplicationType(WebApplicationType.NONE);
    app.run(args);
  }
}
