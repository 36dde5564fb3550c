package dev.agentline.toolrunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentline.toolrunner.sandbox.CommandAllowList;
import dev.agentline.toolrunner.sandbox.DependencyResolution;
import dev.agentline.toolrunner.sandbox.Sandbox;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class SandboxPropertiesTest {

  static SandboxProperties bind(Map<String, String> properties) {
    return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("agentline.sandbox", SandboxProperties.class);
  }

  @Test
  void defaultsRequireTheSandboxAndAllowCommonBuildTools() {
    SandboxProperties properties = bind(Map.of());

    assertThat(properties.required()).isTrue();
    assertThat(properties.bwrap()).isEqualTo("bwrap");
    assertThat(properties.cacheDirs()).startsWith(Path.of(System.getProperty("user.home"), ".m2", "repository"));
    assertThat(properties.hiddenPaths()).isEmpty();
    assertThat(properties.cpuSeconds()).isEqualTo(1800);
    assertThat(properties.allowedCommands()).isEqualTo(CommandAllowList.DEFAULT_PATTERNS);
    assertThat(properties.resolveCommand()).isEqualTo("auto");
    assertThat(properties.resolveTimeoutSeconds()).isEqualTo(300);
    assertThat(properties.passEnv()).isEqualTo(Sandbox.DEFAULT_PASS_ENV);
    assertThat(properties.sandbox(Path.of("/srv/ws")).isolated()).isTrue();
  }

  @Test
  void bindsKebabCaseKeys() {
    SandboxProperties properties = bind(Map.of("agentline.sandbox.mode", "OFF", "agentline.sandbox.cache-dirs", "/srv/m2,/srv/npm",
        "agentline.sandbox.allowed-commands", "mvn **,sh *.sh", "agentline.sandbox.resolve-command", "npm ci",
        "agentline.sandbox.cpu-seconds", "60", "agentline.sandbox.pass-env", "PATH"));

    assertThat(properties.required()).isFalse();
    assertThat(properties.sandbox(Path.of("/srv/ws")).isolated()).isFalse();
    assertThat(properties.cacheDirs()).containsExactly(Path.of("/srv/m2"), Path.of("/srv/npm"));
    assertThat(properties.allowList().patterns()).containsExactly("mvn **", "sh *.sh");
    assertThat(properties.resolution().commandFor(Path.of("/srv/ws"))).contains("npm ci");
    assertThat(properties.sandbox(Path.of("/srv/ws")).cpuSeconds()).isEqualTo(60);
    assertThat(properties.sandbox(Path.of("/srv/ws")).environment()).containsOnlyKeys("PATH");
    assertThat(bind(Map.of("agentline.sandbox.resolve-command", "none")).resolution()).isNotNull()
        .satisfies(none -> assertThat(none.commandFor(Path.of("."))).isEmpty());
    assertThat(DependencyResolution.MAVEN).startsWith("mvn ");
  }

  @Test
  void aWrongValueIsRefusedNamingTheKey() {
    assertThatThrownBy(() -> bind(Map.of("agentline.sandbox.mode", "maybe")))
        .rootCause().hasMessage("agentline.sandbox.mode must be required or off, was maybe");
    assertThatThrownBy(() -> bind(Map.of("agentline.sandbox.cpu-seconds", "0")))
        .rootCause().hasMessage("agentline.sandbox.cpu-seconds must be >= 1, was 0");
    assertThatThrownBy(() -> bind(Map.of("agentline.sandbox.resolve-timeout-seconds", "0")))
        .rootCause().hasMessage("agentline.sandbox.resolve-timeout-seconds must be >= 1, was 0");
    assertThatThrownBy(() -> bind(Map.of("agentline.sandbox.allowed-commands", "")))
        .rootCause().hasMessage("agentline.sandbox.allowed-commands: no command is allowed: the list is empty");
    assertThatThrownBy(() -> bind(Map.of("agentline.sandbox.bwrap", " ")))
        .rootCause().hasMessage("agentline.sandbox.bwrap must name the bubblewrap binary");
  }

  @Test
  void theWorkspaceRootIsHiddenBesidesTheConfiguredPaths() {
    SandboxProperties properties = bind(Map.of("agentline.sandbox.hidden-paths", "/etc/agentline"));

    assertThat(properties.hiddenPaths()).containsExactly(Path.of("/etc/agentline"));
    assertThat(properties.sandbox(Path.of("/srv/ws")).toString()).contains("hidden [/etc/agentline, /srv/ws]");
    assertThat(List.of(properties.sandbox(Path.of("/srv/ws")).environment().get("XDG_CONFIG_HOME"))).containsExactly("/tmp/.config");
  }
}
