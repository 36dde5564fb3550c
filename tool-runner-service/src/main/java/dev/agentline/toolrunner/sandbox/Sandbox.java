package dev.agentline.toolrunner.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where a test, lint or dependency-resolution command runs: the argument list that starts
 * {@code sh -c <command>} and the environment it gets.
 *
 * <p>{@link #bubblewrap} wraps the shell in bubblewrap: the whole file system read-only
 * ({@code --ro-bind / /}), a fresh {@code /dev}, {@code /proc} and an empty {@code /tmp}, the hidden
 * directories replaced by empty ones (the workspace root, so one task cannot read another's), then
 * writable: the configured build caches and the workspace, whose {@code .git} stays read-only (a
 * test must not plant a hook that the tool runner would run outside the sandbox on its next
 * commit). Its own PID namespace (killing bubblewrap kills everything inside), a new session,
 * killed when the tool runner dies, and, unless the command may use the network (dependency
 * resolution), its own network namespace with only a loopback interface.
 *
 * <p>{@link #none} runs the shell directly (configuration opted out of the sandbox). Either way the
 * environment is only the passed-through variables (never the tool runner's tokens), and each
 * process gets a CPU-time limit ({@code prlimit --cpu}: SIGXCPU at the limit, SIGKILL two seconds
 * of CPU later) and no core dumps.
 */
public final class Sandbox {
  /** The exit code of a shell whose command was stopped by SIGXCPU (128 + 24). */
  public static final int CPU_LIMIT_EXIT = 152;
  /** CPU seconds per process by default: a whole Maven build's JVMs stay far below it, a runaway loop does not. */
  public static final int DEFAULT_CPU_SECONDS = 1800;
  /** The variables a command sees by default: what builds need to find their tools, caches and proxies; no tokens. */
  public static final List<String> DEFAULT_PASS_ENV = List.of("PATH", "HOME", "USER", "LOGNAME", "LANG", "LC_ALL", "TZ",
      "JAVA_HOME", "MAVEN_HOME", "M2_HOME", "MAVEN_OPTS", "GRADLE_HOME", "GRADLE_USER_HOME", "GRADLE_OPTS",
      "http_proxy", "https_proxy", "no_proxy", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY");

  private final String bwrap;
  private final List<Path> cacheDirs;
  private final List<Path> hiddenDirs;
  private final Map<String, String> environment;
  private final int cpuSeconds;

  private Sandbox(String bwrap, List<Path> cacheDirs, List<Path> hiddenDirs, Map<String, String> environment, int cpuSeconds) {
    if (cpuSeconds < 1) throw new IllegalArgumentException("cpuSeconds must be >= 1, was " + cpuSeconds);
    this.bwrap = bwrap;
    this.cacheDirs = List.copyOf(cacheDirs);
    this.hiddenDirs = List.copyOf(hiddenDirs);
    this.environment = Map.copyOf(environment);
    this.cpuSeconds = cpuSeconds;
  }

  /**
   * Commands run under bubblewrap ({@code bwrap}: a path, or a name looked up on PATH).
   * {@code cacheDirs}: writable besides the workspace (those that do not exist are skipped);
   * {@code hiddenDirs}: replaced by empty directories; {@code environment}: all the command sees,
   * plus {@code TMPDIR}, {@code XDG_CONFIG_HOME} and {@code XDG_CACHE_HOME} under the sandbox's /tmp.
   */
  public static Sandbox bubblewrap(String bwrap, List<Path> cacheDirs, List<Path> hiddenDirs, Map<String, String> environment,
      int cpuSeconds) {
    if (bwrap == null || bwrap.isBlank()) throw new IllegalArgumentException("the bubblewrap binary is not set");
    Map<String, String> env = new LinkedHashMap<>(environment);
    env.put("TMPDIR", "/tmp");
    env.put("XDG_CONFIG_HOME", "/tmp/.config");
    env.put("XDG_CACHE_HOME", "/tmp/.cache");
    return new Sandbox(bwrap, cacheDirs, hiddenDirs, env, cpuSeconds);
  }

  /** bubblewrap from PATH, the default caches and environment, the default CPU limit, nothing hidden. */
  public static Sandbox defaults() {
    return bubblewrap("bwrap", defaultCacheDirs(Path.of(System.getProperty("user.home"))), List.of(),
        passedThrough(DEFAULT_PASS_ENV, System.getenv()), DEFAULT_CPU_SECONDS);
  }

  /**
   * The build caches writable by default: Maven's local repository ({@code ~/.m2/repository}, the
   * default even when it does not exist yet), and {@code ~/.gradle} and {@code ~/.npm} when they exist.
   */
  public static List<Path> defaultCacheDirs(Path home) {
    List<Path> dirs = new ArrayList<>(List.of(home.resolve(".m2").resolve("repository")));
    for (String optional : List.of(".gradle", ".npm")) if (Files.isDirectory(home.resolve(optional))) dirs.add(home.resolve(optional));
    return List.copyOf(dirs);
  }

  /** No sandbox: the shell runs as the tool runner's child, with the same environment rules and CPU limit. */
  public static Sandbox none(Map<String, String> environment, int cpuSeconds) {
    return new Sandbox(null, List.of(), List.of(), environment, cpuSeconds);
  }

  /** The tool runner's environment reduced to the named variables (those that are set). */
  public static Map<String, String> passedThrough(List<String> names, Map<String, String> from) {
    Map<String, String> env = new LinkedHashMap<>();
    for (String name : names) {
      String value = from.get(name);
      if (value != null) env.put(name, value);
    }
    return env;
  }

  public boolean isolated() {
    return bwrap != null;
  }

  public int cpuSeconds() {
    return cpuSeconds;
  }

  /** The environment a command gets (the process starts with exactly this). */
  public Map<String, String> environment() {
    return environment;
  }

  /** The argument list that runs {@code sh -c command} in {@code workspace}, with or without the network. */
  public List<String> command(String command, Path workspace, boolean network) throws IOException {
    List<String> args = new ArrayList<>();
    if (bwrap != null) {
      Path ws = workspace.toRealPath();
      args.addAll(List.of(bwrap, "--die-with-parent", "--new-session", "--unshare-pid"));
      if (!network) args.add("--unshare-net");
      args.addAll(List.of("--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp"));
      // Mounts apply in order: hide first, then bind what must be visible (possibly below a hidden dir).
      for (Path hidden : existing(hiddenDirs)) args.addAll(List.of("--tmpfs", hidden.toString()));
      for (Path cache : existing(cacheDirs)) args.addAll(List.of("--bind", cache.toString(), cache.toString()));
      args.addAll(List.of("--bind", ws.toString(), ws.toString()));
      Path git = ws.resolve(".git");
      if (Files.exists(git, LinkOption.NOFOLLOW_LINKS)) args.addAll(List.of("--ro-bind", git.toString(), git.toString()));
      args.addAll(List.of("--chdir", ws.toString(), "--"));
    }
    // soft limit: SIGXCPU (exit 152); hard limit two CPU seconds later: SIGKILL, for a process that ignores it
    args.addAll(List.of("prlimit", "--core=0", "--cpu=" + cpuSeconds + ":" + (cpuSeconds + 2), "--", "sh", "-c", command));
    return args;
  }

  private static List<Path> existing(List<Path> dirs) throws IOException {
    List<Path> real = new ArrayList<>();
    for (Path dir : dirs) if (Files.isDirectory(dir)) real.add(dir.toRealPath());
    return real;
  }

  /**
   * Starts {@code true} once, exactly as a command would be started, in a scratch workspace:
   * empty when it works, else why it does not (for the start-up check).
   */
  public Optional<String> problem() {
    String what = bwrap == null ? "prlimit" : bwrap;
    Path scratch = null;
    try {
      scratch = Files.createTempDirectory("agentline-sandbox-check");
      ProcessRun.Result result = ProcessRun.run(command("true", scratch, false), environment, scratch, Duration.ofSeconds(30), 2000);
      if (result.timedOut()) return Optional.of(what + " did not finish a trivial command in 30 s");
      if (result.exitCode() != 0) {
        String output = result.output().strip();
        return Optional.of(what + " exited with " + result.exitCode() + (output.isEmpty() ? "" : ": " + output));
      }
      return Optional.empty();
    } catch (IOException e) {
      return Optional.of("cannot run " + what + ": " + e.getMessage());
    } finally {
      if (scratch != null) {
        try {
          Files.deleteIfExists(scratch);
        } catch (IOException ignored) {
          // an empty directory under the temp dir
        }
      }
    }
  }

  @Override
  public String toString() {
    return bwrap == null
        ? "no sandbox (cpu " + cpuSeconds + " s)"
        : "bubblewrap " + bwrap + " (writable caches " + cacheDirs + ", hidden " + hiddenDirs + ", cpu " + cpuSeconds + " s)";
  }
}
