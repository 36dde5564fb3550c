package dev.agentline.planner;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class ArchitectureTest {
  @Test
  void theWorkflowCoreImportsNeitherKafkaNorSpring() {
    var classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.agentline.planner");
    noClasses().that().resideInAPackage("dev.agentline.planner.workflow..")
        .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "org.springframework..", "dev.agentline.platform..")
        .check(classes);
  }
}
