package dev.agentline.toolrunner.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The step that downloads what a workspace's build needs, so that the test and lint commands can
 * run without network. It runs before the first command in a workspace and again whenever a build
 * file changed ({@link #fingerprint}: a hash of every build file and of the command itself).
 *
 * <p>The setting is {@code auto} (the default), {@code none}, or a shell command. {@code auto}:
 * a workspace with a root {@code pom.xml} gets {@link #MAVEN}, any other none. That command builds
 * up to {@code test} with compile errors tolerated and runs no test method (a method filter no test
 * has): unlike {@code dependency:go-offline}, which misses plugin dependencies and the Surefire
 * provider, this leaves exactly what a later {@code mvn test} needs in the local repository (verified
 * with JUnit 5 on Surefire 3.5 and JUnit 4 on Surefire 2.12, the Maven 3.8 default). Build plugins
 * and the loading of test classes run with network in this step; no test method does.
 *
 * <p>A successful resolution is remembered in {@code .git/agentline-dependencies} (so a rebuilt
 * workspace resolves again: it may keep downloads in the workspace, e.g. {@code node_modules}), or in
 * memory for a directory that is not a git work tree. A failed one is tried again before the next
 * command.
 */
public final class DependencyResolution {
  /** Maven: everything {@code mvn test} needs, without running a test. */
  public static final String MAVEN = "mvn -B -q -fae -Dmaven.compiler.failOnError=false '-Dtest=*Test*#agentlineResolveOnly'"
      + " -Dsurefire.failIfNoSpecifiedTests=false -DfailIfNoTests=false test";
  public static final String AUTO = "auto";
  public static final String NONE = "none";

  static final String MARKER = "agentline-dependencies";
  private static final Set<String> BUILD_FILES = Set.of("pom.xml", "build.gradle", "build.gradle.kts", "settings.gradle",
      "settings.gradle.kts", "gradle.properties", "libs.versions.toml", "gradle-wrapper.properties", "maven-wrapper.properties",
      "extensions.xml", "package.json", "package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml");
  private static final Set<String> SKIPPED_DIRS = Set.of(".git", "node_modules", "target", "build", ".gradle", ".idea");

  private final String setting;
  private final Duration timeout;
  private final Map<Path, String> resolvedOutsideGit = new ConcurrentHashMap<>();

  private DependencyResolution(String setting, Duration timeout) {
    this.setting = setting;
    this.timeout = timeout;
  }

  /** {@code auto}, {@code none} (or blank), or a command; {@code timeout}: how long one resolution may take. */
  public static DependencyResolution of(String setting, Duration timeout) {
    if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout must be positive, was " + timeout);
    String s = setting == null || setting.isBlank() ? NONE : setting.strip();
    return new DependencyResolution(s.equalsIgnoreCase(AUTO) ? AUTO : s.equalsIgnoreCase(NONE) ? NONE : s, timeout);
  }

  public static DependencyResolution none() {
    return of(NONE, Duration.ofMinutes(1));
  }

  public Duration timeout() {
    return timeout;
  }

  /** True when the command comes from configuration, not from {@code auto}. */
  boolean configured() {
    return !setting.equals(AUTO) && !setting.equals(NONE);
  }

  /** The command that resolves this workspace's dependencies, if any. */
  public Optional<String> commandFor(Path workspace) {
    if (setting.equals(NONE)) return Optional.empty();
    if (!setting.equals(AUTO)) return Optional.of(setting);
    return Files.isRegularFile(workspace.resolve("pom.xml")) ? Optional.of(MAVEN) : Optional.empty();
  }

  /** SHA-256 over the command and every build file (path and content), skipping build output and .git. */
  public static String fingerprint(Path workspace, String command) {
    Map<String, Path> files = new TreeMap<>();
    try {
      Files.walkFileTree(workspace, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
          return !dir.equals(workspace) && SKIPPED_DIRS.contains(dir.getFileName().toString()) ? FileVisitResult.SKIP_SUBTREE
              : FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
          if (attrs.isRegularFile() && BUILD_FILES.contains(file.getFileName().toString())) {
            files.put(workspace.relativize(file).toString().replace('\\', '/'), file);
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
          return FileVisitResult.CONTINUE;
        }
      });
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(command.getBytes(StandardCharsets.UTF_8));
      for (Map.Entry<String, Path> file : files.entrySet()) {
        digest.update((byte) 0);
        digest.update(file.getKey().getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        digest.update(Files.readAllBytes(file.getValue()));
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the build files of " + workspace, e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** True when the last successful resolution in this workspace had this fingerprint. */
  public boolean isCurrent(Path workspace, String fingerprint) {
    Path marker = marker(workspace);
    if (marker == null) return fingerprint.equals(resolvedOutsideGit.get(workspace.toAbsolutePath().normalize()));
    try {
      return Files.isRegularFile(marker) && Files.readString(marker).strip().equals(fingerprint);
    } catch (IOException e) {
      return false;
    }
  }

  /** Remembers a successful resolution. */
  public void resolved(Path workspace, String fingerprint) throws IOException {
    Path marker = marker(workspace);
    if (marker == null) {
      resolvedOutsideGit.put(workspace.toAbsolutePath().normalize(), fingerprint);
    } else {
      Files.writeString(marker, fingerprint + "\n");
    }
  }

  private static Path marker(Path workspace) {
    Path git = workspace.resolve(".git");
    return Files.isDirectory(git) ? git.resolve(MARKER) : null;
  }

  @Override
  public String toString() {
    return "DependencyResolution[" + setting + ", timeout " + timeout.toSeconds() + " s]";
  }
}
