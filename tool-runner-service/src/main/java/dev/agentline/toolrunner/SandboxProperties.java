package dev.agentline.toolrunner;

import dev.agentline.toolrunner.sandbox.CommandAllowList;
import dev.agentline.toolrunner.sandbox.DependencyResolution;
import dev.agentline.toolrunner.sandbox.Sandbox;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code agentline.sandbox}: how RUN_TESTS and LINT commands, and the dependency resolution before
 * them, are run.
 *
 * @param mode {@code required} (default): commands run under bubblewrap, and the service does not
 *     start when the sandbox cannot; {@code off}: commands run unsandboxed (a loud warning at start-up)
 * @param bwrap the bubblewrap binary, a path or a name on PATH
 * @param cacheDirs build caches writable inside the sandbox, created at start-up when missing
 *     (default: {@code ~/.m2/repository}, and {@code ~/.gradle}, {@code ~/.npm} when they exist)
 * @param hiddenPaths directories a command must not see (replaced by empty ones), besides the
 *     workspace root, which is always hidden except for the command's own workspace
 * @param cpuSeconds CPU-time limit of each process a command starts
 * @param allowedCommands patterns of the commands that may run ({@link CommandAllowList})
 * @param resolveCommand {@code auto}, {@code none}, or the command that downloads a workspace's
 *     dependencies ({@link DependencyResolution})
 * @param resolveTimeoutSeconds how long one dependency resolution may take
 * @param passEnv environment variables a command sees (when set); nothing else is passed
 */
@ConfigurationProperties("agentline.sandbox")
public record SandboxProperties(
    @DefaultValue("required") String mode,
    @DefaultValue("bwrap") String bwrap,
    List<Path> cacheDirs,
    List<Path> hiddenPaths,
    @DefaultValue("" + Sandbox.DEFAULT_CPU_SECONDS) int cpuSeconds,
    List<String> allowedCommands,
    @DefaultValue(DependencyResolution.AUTO) String resolveCommand,
    @DefaultValue("300") int resolveTimeoutSeconds,
    List<String> passEnv) {

  public static final String REQUIRED = "required";
  public static final String OFF = "off";

  public SandboxProperties {
    mode = mode == null ? REQUIRED : mode.strip().toLowerCase(Locale.ROOT);
    if (!mode.equals(REQUIRED) && !mode.equals(OFF)) {
      throw new IllegalArgumentException("agentline.sandbox.mode must be required or off, was " + mode);
    }
    if (bwrap == null || bwrap.isBlank()) throw new IllegalArgumentException("agentline.sandbox.bwrap must name the bubblewrap binary");
    cacheDirs = cacheDirs == null ? Sandbox.defaultCacheDirs(Path.of(System.getProperty("user.home"))) : List.copyOf(cacheDirs);
    hiddenPaths = hiddenPaths == null ? List.of() : List.copyOf(hiddenPaths);
    if (cpuSeconds < 1) throw new IllegalArgumentException("agentline.sandbox.cpu-seconds must be >= 1, was " + cpuSeconds);
    allowedCommands = allowedCommands == null ? CommandAllowList.DEFAULT_PATTERNS : List.copyOf(allowedCommands);
    try {
      CommandAllowList.of(allowedCommands);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("agentline.sandbox.allowed-commands: " + e.getMessage());
    }
    if (resolveTimeoutSeconds < 1) {
      throw new IllegalArgumentException("agentline.sandbox.resolve-timeout-seconds must be >= 1, was " + resolveTimeoutSeconds);
    }
    passEnv = passEnv == null ? Sandbox.DEFAULT_PASS_ENV : List.copyOf(passEnv);
  }

  public boolean required() {
    return mode.equals(REQUIRED);
  }

  public CommandAllowList allowList() {
    return CommandAllowList.of(allowedCommands);
  }

  public DependencyResolution resolution() {
    return DependencyResolution.of(resolveCommand, Duration.ofSeconds(resolveTimeoutSeconds));
  }

  /** The sandbox the mode asks for; {@code workspaceRoot} is hidden from every command. */
  public Sandbox sandbox(Path workspaceRoot) {
    var env = Sandbox.passedThrough(passEnv, System.getenv());
    if (!required()) return Sandbox.none(env, cpuSeconds);
    List<Path> hidden = new java.util.ArrayList<>(hiddenPaths);
    hidden.add(workspaceRoot);
    return Sandbox.bubblewrap(bwrap, cacheDirs, hidden, env, cpuSeconds);
  }
}
