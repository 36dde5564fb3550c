package dev.agentline.toolrunner;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The functional core (workspace, edits, tools, sandbox, pr, context) knows nothing of Kafka or Spring. */
class ArchitectureTest {
  static final JavaClasses CLASSES;

  static {
    try {
      // Import the module's own classes only: scanning the whole class path for the package is slow.
      CLASSES = new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPath(Path.of(ToolRunnerApplication.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void coreDoesNotDependOnKafkaOrSpring() {
    noClasses()
        .that().resideInAnyPackage("..toolrunner.workspace..", "..toolrunner.edits..", "..toolrunner.tools..",
            "..toolrunner.sandbox..", "..toolrunner.pr..", "..toolrunner.context..")
        .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "org.apache.kafka..", "..toolrunner.kafka..")
        .check(CLASSES);
  }
}
