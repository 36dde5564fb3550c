package dev.agentline.audit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class ArchitectureTest {
  private static final JavaClasses AUDIT = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.agentline.audit");

  @Test
  void theRecordToRowCoreUsesNeitherKafkaNorSpring() {
    noClasses()
        .that().haveSimpleNameStartingWith("AuditRows")
        .or().haveSimpleNameStartingWith("Summar")
        .or().haveSimpleNameStartingWith("Json")
        .or().haveSimpleNameStartingWith("Payloads")
        .or().haveSimpleNameStartingWith("IncomingRecord")
        .or().haveSimpleNameStartingWith("SearchQuery")
        .or().haveSimpleNameStartingWith("TaskAssembler")
        .or().haveSimpleNameStartingWith("TaskDetail")
        .or().haveSimpleNameStartingWith("TaskFilter")
        .or().haveSimpleNameStartingWith("PlanDiff")
        .or().haveSimpleNameStartingWith("ConsoleCommand")
        .or().haveSimpleNameStartingWith("ConsoleRecord")
        .or().haveSimpleNameStartingWith("NormalisedRows")
        .or().haveSimpleNameStartingWith("RecordRedaction")
        .or().haveSimpleNameStartingWith("RequestIds")
        .or().haveSimpleNameStartingWith("Canonical")
        .or().haveSimpleNameStartingWith("HashChain")
        .or().haveSimpleNameStartingWith("ChainCheck")
        .or().haveSimpleNameStartingWith("RecordContent")
        .or().haveSimpleNameStartingWith("Verification")
        .or().haveSimpleNameStartingWith("Normalised")
        .or().haveSimpleNameStartingWith("PilotMetrics")
        .or().haveSimpleNameStartingWith("PilotReport")
        .or().haveSimpleNameStartingWith("Since")
        .or().haveSimpleNameStartingWith("Comparison")
        .or().haveSimpleNameStartingWith("ReportTask")
        .or().haveSimpleNameStartingWith("ReportRequest")
        .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "org.apache.kafka..")
        .check(AUDIT);
  }

  @Test
  void featuresDoNotReachIntoEachOther() {
    noClasses().that().resideInAPackage("..audit.search..")
        .should().dependOnClassesThat().resideInAnyPackage("..audit.views..", "..audit.ingest..")
        .check(AUDIT);
    noClasses().that().resideInAPackage("..audit.views..")
        .should().dependOnClassesThat().resideInAnyPackage("..audit.search..", "..audit.ingest..")
        .check(AUDIT);
    noClasses().that().resideInAnyPackage("..audit.console..", "..audit.metrics..", "..audit.analytics..")
        .should().dependOnClassesThat().resideInAnyPackage("..audit.search..", "..audit.views..", "..audit.ingest..")
        .check(AUDIT);
    noClasses().that().resideInAPackage("..audit.store..")
        .should().dependOnClassesThat().resideInAnyPackage("..audit.search..", "..audit.views..", "..audit.ingest..")
        .check(AUDIT);
    noClasses().that().resideInAPackage("..audit.chain..")
        .should().dependOnClassesThat().resideInAnyPackage("..audit.search..", "..audit.views..", "..audit.ingest..", "..audit.store..")
        .check(AUDIT);
  }
}
