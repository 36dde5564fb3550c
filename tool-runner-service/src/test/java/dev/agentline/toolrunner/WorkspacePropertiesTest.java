package dev.agentline.toolrunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class WorkspacePropertiesTest {

  static WorkspaceProperties bind(Map<String, String> properties) {
    return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("agentline.workspace", WorkspaceProperties.class);
  }

  @Test
  void defaultsWorkEmbedded() {
    WorkspaceProperties properties = bind(Map.of());

    assertThat(properties.root()).isEqualTo(Path.of(System.getProperty("java.io.tmpdir"), "agentline-workspaces"));
    assertThat(properties.maxOutputChars()).isEqualTo(4000);
    assertThat(properties.testTimeoutDefaultSeconds()).isEqualTo(300);
    assertThat(properties.testTimeoutMaxSeconds()).isEqualTo(1500);
    assertThat(properties.maxMapChars()).isEqualTo(20000);
    assertThat(properties.maxDiffChars()).isEqualTo(60000);
    assertThat(properties.protectedPaths()).isEmpty();
    assertThat(properties.maxFilesChanged()).isNull();
    assertThat(properties.maxDiffLines()).isNull();
    assertThat(properties.maxFileBytes()).isEqualTo(1_048_576);
  }

  @Test
  void theMaximumFileSizeIsPartOfTheChangePolicy() throws Exception {
    WorkspaceProperties properties = bind(Map.of("agentline.workspace.max-file-bytes", "10"));
    Path dir = java.nio.file.Files.createTempDirectory("max-file-bytes");
    java.nio.file.Files.writeString(dir.resolve("big.txt"), "01234567890");

    assertThatThrownBy(() -> properties.changePolicy().checkFileSizes(dir, java.util.List.of("big.txt")))
        .hasMessage("file larger than the limit of 10 bytes (max-file-bytes) after the change: big.txt (11 bytes)");
    assertThatThrownBy(() -> bind(Map.of("agentline.workspace.max-file-bytes", "0")))
        .rootCause()
        .hasMessage("agentline.workspace.max-file-bytes must be >= 1, was 0");
  }

  @Test
  void configuredProtectedPathsAndLimitsBecomeTheChangePolicy() {
    WorkspaceProperties properties = bind(Map.of("agentline.workspace.protected-paths", ".github/**,**/*.pem",
        "agentline.workspace.max-files-changed", "20", "agentline.workspace.max-diff-lines", "500"));

    assertThat(properties.protectedPaths()).containsExactly(".github/**", "**/*.pem");
    assertThatThrownBy(() -> properties.changePolicy().checkPaths(java.util.List.of("key.pem")))
        .hasMessage("protected path: key.pem matches **/*.pem");
    assertThatThrownBy(() -> properties.changePolicy().check(java.util.List.of("a"), 400, 101))
        .hasMessage("501 diff lines (+400 -101), more than the limit of 500 (max-diff-lines)");
  }

  @Test
  void bindsKebabCaseKeys() {
    WorkspaceProperties properties = bind(Map.of("agentline.workspace.root", "/srv/ws", "agentline.workspace.max-output-chars", "500",
        "agentline.workspace.max-map-chars", "1000", "agentline.workspace.max-diff-chars", "2000"));

    assertThat(properties.root()).isEqualTo(Path.of("/srv/ws"));
    assertThat(properties.limits().maxOutputChars()).isEqualTo(500);
    assertThat(properties.limits().maxMapChars()).isEqualTo(1000);
    assertThat(properties.limits().maxDiffChars()).isEqualTo(2000);
  }

  @Test
  void aWrongValueIsRefusedNamingTheKey() {
    assertThatThrownBy(() -> bind(Map.of("agentline.workspace.max-output-chars", "10")))
        .rootCause()
        .hasMessage("agentline.workspace.max-output-chars must be >= 100, was 10");
    assertThatThrownBy(() -> bind(Map.of("agentline.workspace.test-timeout-max-seconds", "60")))
        .rootCause()
        .hasMessage("agentline.workspace.test-timeout-max-seconds must be >= test-timeout-default-seconds (300), was 60");
    assertThatThrownBy(() -> bind(Map.of("agentline.workspace.max-map-chars", "10")))
        .rootCause()
        .hasMessage("agentline.workspace.max-map-chars must be >= 200, was 10");
    assertThatThrownBy(() -> bind(Map.of("agentline.workspace.max-diff-chars", "10")))
        .rootCause()
        .hasMessage("agentline.workspace.max-diff-chars must be >= 240, was 10");
    assertThatThrownBy(() -> bind(Map.of("agentline.workspace.max-files-changed", "0")))
        .rootCause()
        .hasMessage("agentline.workspace.max-files-changed must be >= 1, was 0");
    assertThatThrownBy(() -> bind(Map.of("agentline.workspace.protected-paths[0]", "/etc/**")))
        .rootCause()
        .hasMessage("agentline.workspace.protected-paths: glob /etc/** is absolute; globs match repository-relative paths");
  }
}
