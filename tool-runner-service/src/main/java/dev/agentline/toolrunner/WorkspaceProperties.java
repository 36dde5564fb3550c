package dev.agentline.toolrunner;

import dev.agentline.toolrunner.context.RepositoryMap;
import dev.agentline.toolrunner.edits.SecretPlaceholders;
import dev.agentline.toolrunner.sandbox.ChangePolicy;
import dev.agentline.toolrunner.tools.ToolLimits;
import dev.agentline.toolrunner.workspace.Diff;
import dev.agentline.toolrunner.workspace.GitRemotes;
import dev.agentline.toolrunner.workspace.Mirrors;
import dev.agentline.toolrunner.workspace.RemoteCredential;
import dev.agentline.toolrunner.workspace.Workspaces;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code agentline.workspace}: where task workspaces live and how much a tool may produce.
 *
 * @param root directory holding one clone per task, {@code <root>/<taskId>}
 * @param maxOutputChars cap on a result's human-readable output and on a test run's output tail
 * @param testTimeoutDefaultSeconds RUN_TESTS timeout when the request gives none (timeoutSeconds &lt;= 0)
 * @param testTimeoutMaxSeconds no test run lasts longer, whatever the request says
 * @param maxMapChars cap on GATHER_CONTEXT's repository map
 * @param maxDiffChars cap on the diff of DIFF and APPLY_EDITS
 * @param protectedPaths globs of paths no APPLY_EDITS may change, on top of each request's
 *     {@code protectedPaths} (see {@link ChangePolicy} for the glob syntax)
 * @param maxFilesChanged most files one APPLY_EDITS may change, whatever the request says (null: the request's limit)
 * @param maxDiffLines most added + deleted lines one APPLY_EDITS may make, whatever the request says (null: the request's limit)
 * @param protectedBranches branches no tool may push to as a task branch, besides each request's base branch
 * @param mirrors keep a local mirror of every repository, so a task's workspace is built from local objects and only
 *     what is new is fetched (default true)
 * @param mirrorRoot where the mirrors live (default {@code <root>/.mirrors})
 * @param credentials how to authenticate to remotes by URL prefix: {@code url-prefix}, {@code username},
 *     {@code token-env} (or {@code token}) for https, {@code ssh-key} and {@code known-hosts} for ssh
 * @param maxFileBytes no APPLY_EDITS may leave a changed file larger than this
 * @param secretPlaceholderKey the key of the placeholders that stand for the repository's secrets in every result
 *     ({@link SecretPlaceholders}); every tool runner of one deployment needs the same. Unset: a key of this process alone
 */
@ConfigurationProperties("agentline.workspace")
public record WorkspaceProperties(
    Path root,
    @DefaultValue("4000") int maxOutputChars,
    @DefaultValue("300") int testTimeoutDefaultSeconds,
    @DefaultValue("1500") int testTimeoutMaxSeconds,
    @DefaultValue("20000") int maxMapChars,
    @DefaultValue("60000") int maxDiffChars,
    List<String> protectedPaths,
    Integer maxFilesChanged,
    Integer maxDiffLines,
    List<String> protectedBranches,
    @DefaultValue("true") boolean mirrors,
    Path mirrorRoot,
    List<RemoteCredential> credentials,
    @DefaultValue("1048576") long maxFileBytes,
    String secretPlaceholderKey) {

  public WorkspaceProperties {
    if (root == null) root = Path.of(System.getProperty("java.io.tmpdir"), "agentline-workspaces");
    if (maxOutputChars < 100) {
      throw new IllegalArgumentException("agentline.workspace.max-output-chars must be >= 100, was " + maxOutputChars);
    }
    if (testTimeoutDefaultSeconds < 1) {
      throw new IllegalArgumentException("agentline.workspace.test-timeout-default-seconds must be >= 1, was " + testTimeoutDefaultSeconds);
    }
    if (testTimeoutMaxSeconds < testTimeoutDefaultSeconds) {
      throw new IllegalArgumentException("agentline.workspace.test-timeout-max-seconds must be >= test-timeout-default-seconds ("
          + testTimeoutDefaultSeconds + "), was " + testTimeoutMaxSeconds);
    }
    if (maxMapChars < RepositoryMap.MIN_CHARS) {
      throw new IllegalArgumentException("agentline.workspace.max-map-chars must be >= " + RepositoryMap.MIN_CHARS + ", was " + maxMapChars);
    }
    if (maxDiffChars < Diff.MIN_CHARS) {
      throw new IllegalArgumentException("agentline.workspace.max-diff-chars must be >= " + Diff.MIN_CHARS + ", was " + maxDiffChars);
    }
    protectedPaths = protectedPaths == null ? List.of() : List.copyOf(protectedPaths);
    protectedBranches = protectedBranches == null ? List.of() : List.copyOf(protectedBranches);
    if (mirrorRoot == null) mirrorRoot = root.resolve(".mirrors");
    credentials = credentials == null ? List.of() : List.copyOf(credentials);
    changePolicy(protectedPaths, maxFilesChanged, maxDiffLines);
    if (maxFileBytes < 1) throw new IllegalArgumentException("agentline.workspace.max-file-bytes must be >= 1, was " + maxFileBytes);
  }

  /** The change policy every APPLY_EDITS obeys, merged with the request's. */
  public ChangePolicy changePolicy() {
    return changePolicy(protectedPaths, maxFilesChanged, maxDiffLines).withMaxFileBytes(maxFileBytes);
  }

  private static ChangePolicy changePolicy(List<String> protectedPaths, Integer maxFilesChanged, Integer maxDiffLines) {
    try {
      return ChangePolicy.of(List.of(), protectedPaths, maxFilesChanged, maxDiffLines);
    } catch (IllegalArgumentException e) {
      // No cause: the message is the whole story, and Boot reports the root cause.
      throw new IllegalArgumentException("agentline.workspace." + (e.getMessage().startsWith("max-") ? "" : "protected-paths: ") + e.getMessage());
    }
  }

  /** The task workspaces, authenticated by {@link #credentials} and built from local mirrors unless turned off. */
  public Workspaces workspaces() {
    GitRemotes remotes = new GitRemotes(credentials, System::getenv);
    return new Workspaces(root, remotes, mirrors ? new Mirrors(mirrorRoot, remotes) : null);
  }

  /** The placeholders for secrets, under the configured key or, when none is, a key of this process. */
  public SecretPlaceholders secretPlaceholders() {
    return hasSecretPlaceholderKey() ? new SecretPlaceholders(secretPlaceholderKey) : SecretPlaceholders.withRandomKey();
  }

  public boolean hasSecretPlaceholderKey() {
    return secretPlaceholderKey != null && !secretPlaceholderKey.isBlank();
  }

  public ToolLimits limits() {
    return new ToolLimits(maxOutputChars, Duration.ofSeconds(testTimeoutDefaultSeconds), Duration.ofSeconds(testTimeoutMaxSeconds),
        maxMapChars, maxDiffChars);
  }
}
