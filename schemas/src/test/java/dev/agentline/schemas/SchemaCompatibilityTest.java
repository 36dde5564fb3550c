package dev.agentline.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.specific.SpecificRecordBase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every top-level schema must read what its previously published version wrote (backward
 * compatibility), so records already on the topics and in state stores stay readable. Published
 * versions are recorded under src/test/resources/compat/v&lt;N&gt;/; when a release changes a schema,
 * record the new copy in a new folder and list it in {@link #VERSIONS}. A record type that an older
 * version lacks was introduced later; it must be in the latest version.
 */
class SchemaCompatibilityTest {
  /**
   * v1: the walking skeleton; v2: roles, contracts, context and budgets (issues 4, 5); v3: the tool runner's
   * line ranges, regex search, one-test runs, LINT, JUnit report results, ticket keys (issue 6); v4: work types,
   * goals, constraints and interfaces in the ticket (issue 8); v5: pull request events, review and CI iterations, takeover
   * and handback (issue 11); v6: AccessRefused, the refusals of the access control (issue 10).
   */
  static final List<String> VERSIONS = List.of("v1", "v2", "v3", "v4", "v5", "v6");

  static Stream<Class<? extends SpecificRecordBase>> topLevel() {
    return Schemas.TOP_LEVEL.stream();
  }

  @ParameterizedTest
  @MethodSource("topLevel")
  void currentSchemaReadsEveryRecordedVersion(Class<? extends SpecificRecordBase> type) throws IOException {
    Schema current = Schemas.schemaOf(type);
    for (String version : VERSIONS) {
      if (SchemaCompatibilityTest.class.getResource(path(version, type.getSimpleName())) == null) continue;
      Schema recorded = recorded(version, type.getSimpleName());
      var result = SchemaCompatibility.checkReaderWriterCompatibility(current, recorded).getResult();
      assertThat(result.getCompatibility())
          .as("%s must read %s written by %s: %s", type.getSimpleName(), version, version, result.getIncompatibilities())
          .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }
  }

  @ParameterizedTest
  @MethodSource("topLevel")
  void latestRecordedVersionIsTheCurrentSchemaOrAnOlderOne(Class<? extends SpecificRecordBase> type) throws IOException {
    String latest = VERSIONS.stream().max(Comparator.naturalOrder()).orElseThrow();
    assertThat(recorded(latest, type.getSimpleName()).getFullName()).isEqualTo(Schemas.schemaOf(type).getFullName());
  }

  @org.junit.jupiter.api.Test
  void aReaderWithANewFieldWithoutDefaultIsCaught() {
    Schema writer = Schemas.schemaOf(TaskCommand.class);
    Schema reader = new Schema.Parser().parse(writer.toString().replace(
        "\"fields\":[", "\"fields\":[{\"name\":\"priority\",\"type\":\"int\"},"));
    var result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getResult();
    assertThat(result.getCompatibility()).isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
    assertThat(result.getIncompatibilities().get(0).getMessage()).contains("priority");
  }

  private static String path(String version, String name) {
    return "/compat/" + version + "/" + name + ".avsc";
  }

  private static Schema recorded(String version, String name) throws IOException {
    String resource = path(version, name);
    try (InputStream in = SchemaCompatibilityTest.class.getResourceAsStream(resource)) {
      assertThat(in).as("recorded schema %s", resource).isNotNull();
      return new Schema.Parser().parse(in);
    }
  }
}
