package dev.agentline.worker;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The functional core (roles, contracts, cost) knows neither Kafka nor Spring; only the kafka package knows Kafka. */
@AnalyzeClasses(packages = "dev.agentline.worker", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule coreHasNoKafkaOrSpring = noClasses()
      .that().resideInAnyPackage("..worker.roles..", "..worker.contracts..", "..worker.cost..")
      .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "org.springframework..");

  @ArchTest
  static final ArchRule onlyTheKafkaAdapterTalksToKafka = noClasses()
      .that().resideOutsideOfPackage("..worker.kafka..")
      .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "org.springframework.kafka..");
}
