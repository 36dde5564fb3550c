package dev.agentline.toolrunner.review;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The intake's core (payload mapping, lookup, intake, poller) knows nothing of Spring or Kafka; only its adapters do. */
class ReviewArchitectureTest {
  @Test
  void onlyTheAdaptersKnowSpringOrKafka() {
    noClasses()
        .that().resideInAPackage("dev.agentline.toolrunner.review")
        .and().doNotHaveSimpleName("WebhookController").and().doNotHaveSimpleName("ReviewConfiguration")
        .and().doNotHaveSimpleName("PollSchedule").and().doNotHaveSimpleName("IntakeProperties")
        .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "org.apache.kafka..")
        .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.agentline.toolrunner.review"));
  }
}
