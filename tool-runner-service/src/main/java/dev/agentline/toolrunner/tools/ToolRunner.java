package dev.agentline.toolrunner.tools;

import dev.agentline.platform.Meta;
import dev.agentline.platform.redact.RecordStrings;
import dev.agentline.schemas.FailureReason;
import dev.agentline.schemas.ToolName;
import dev.agentline.schemas.ToolRequest;
import dev.agentline.schemas.ToolResult;
import dev.agentline.toolrunner.edits.EditRejectedException;
import dev.agentline.toolrunner.edits.SecretPlaceholders;
import dev.agentline.toolrunner.pr.CodeHost;
import dev.agentline.toolrunner.sandbox.ChangePolicy;
import dev.agentline.toolrunner.sandbox.CommandRunner;
import dev.agentline.toolrunner.sandbox.ChangeRefusedException;
import dev.agentline.toolrunner.sandbox.CommandRefusedException;
import dev.agentline.toolrunner.sandbox.PathRefusedException;
import dev.agentline.toolrunner.workspace.RepositoryLocation;
import dev.agentline.toolrunner.workspace.TaskRef;
import dev.agentline.toolrunner.workspace.Workspace;
import dev.agentline.toolrunner.workspace.WorkspaceException;
import dev.agentline.toolrunner.workspace.Workspaces;
import java.io.IOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers one {@link ToolRequest} with one {@link ToolResult}: opens the task's workspace
 * (rebuilding it from origin if needed), resets it to the request's commit when one is given,
 * runs the tool, and records how long it took. Every string of the result has the repository's
 * secrets replaced by placeholders ({@link SecretPlaceholders}). It never throws: every failure, expected or not,
 * is a result with ok=false and an error saying what went wrong.
 */
public final class ToolRunner {
  public static final String PRODUCER = "tool-runner";
  private static final Logger log = LoggerFactory.getLogger(ToolRunner.class);

  private final Workspaces workspaces;
  private final Map<ToolName, Tool> tools = new EnumMap<>(ToolName.class);
  private final Set<String> protectedBranches;
  private final Consumer<ToolResult> observer;
  private final SecretPlaceholders secrets;

  /** A runner with no configured change policy beyond what each request asks. */
  public ToolRunner(Workspaces workspaces, List<CodeHost> codeHosts, ToolLimits limits) {
    this(workspaces, codeHosts, limits, ChangePolicy.NONE);
  }

  /** {@code changePolicy}: protected paths and limits every APPLY_EDITS obeys, merged with the request's. */
  public ToolRunner(Workspaces workspaces, List<CodeHost> codeHosts, ToolLimits limits, ChangePolicy changePolicy) {
    this(workspaces, codeHosts, limits, changePolicy, Set.of());
  }

  /**
   * {@code protectedBranches}: branches no tool that pushes (PREPARE_WORKSPACE, APPLY_EDITS, OPEN_PR)
   * may use as its task branch; the request's base branch is always one of them.
   */
  public ToolRunner(Workspaces workspaces, List<CodeHost> codeHosts, ToolLimits limits, ChangePolicy changePolicy,
      Set<String> protectedBranches) {
    this(workspaces, codeHosts, limits, changePolicy, protectedBranches, new CommandRunner(limits.maxOutputChars()));
  }

  /** {@code commands}: runs RUN_TESTS and LINT commands (sandbox, allow-list, dependency resolution). */
  public ToolRunner(Workspaces workspaces, List<CodeHost> codeHosts, ToolLimits limits, ChangePolicy changePolicy,
      Set<String> protectedBranches, CommandRunner commands) {
    this(workspaces, codeHosts, limits, changePolicy, protectedBranches, commands, result -> {}, SecretPlaceholders.withRandomKey());
  }

  /**
   * {@code observer}: sees every result before it is returned (the service measures them); its failures are logged, not thrown.
   * {@code secrets}: every result leaves with the repository's secrets as placeholders, which edits may carry back.
   */
  public ToolRunner(Workspaces workspaces, List<CodeHost> codeHosts, ToolLimits limits, ChangePolicy changePolicy,
      Set<String> protectedBranches, CommandRunner commands, Consumer<ToolResult> observer, SecretPlaceholders secrets) {
    this.observer = observer;
    this.secrets = secrets;
    this.workspaces = workspaces;
    this.protectedBranches = Set.copyOf(protectedBranches);
    tools.put(ToolName.PREPARE_WORKSPACE, new PrepareWorkspaceTool());
    tools.put(ToolName.READ_FILES, new ReadFilesTool(limits.maxOutputChars()));
    tools.put(ToolName.SEARCH, new SearchTool(limits.maxOutputChars()));
    tools.put(ToolName.APPLY_EDITS, new ApplyEditsTool(limits.maxOutputChars(), limits.maxDiffChars(), changePolicy, secrets));
    tools.put(ToolName.RUN_TESTS, new RunTestsTool(limits, commands));
    tools.put(ToolName.LINT, new LintTool(limits, commands));
    tools.put(ToolName.OPEN_PR, new OpenPullRequestTool(codeHosts, secrets));
    tools.put(ToolName.GATHER_CONTEXT, new GatherContextTool(limits.maxOutputChars(), limits.maxMapChars()));
    tools.put(ToolName.DIFF, new DiffTool(limits.maxDiffChars()));
    tools.put(ToolName.REPLY_COMMENTS, new ReplyCommentsTool(codeHosts, secrets));
  }

  public ToolResult run(ToolRequest request) {
    long start = System.nanoTime();
    ToolResult.Builder result;
    try {
      result = execute(request);
    } catch (ChangeRefusedException e) {
      result = failed(e.getMessage()).setErrorCode(e.reason());
    } catch (CommandRefusedException e) {
      result = failed(e.getMessage()).setErrorCode(e.reason());
    } catch (ToolFailure | PathRefusedException | EditRejectedException | WorkspaceException e) {
      result = failed(e.getMessage());
    } catch (IOException | RuntimeException e) {
      log.warn("{} {} failed unexpectedly", request.getTool(), request.getRequestId(), e);
      result = failed(request.getTool() + " failed unexpectedly: " + e);
    }
    // interrupted midway (the service is stopping): a test run cut short is not a verdict on the tests
    if (Thread.currentThread().isInterrupted()) {
      throw new ToolRunInterrupted(request.getTool() + " " + request.getRequestId() + " was interrupted; it is left unanswered to run again");
    }
    ToolResult done = result
        .setMeta(Meta.of(request.getMeta().getTaskId(), request.getMeta().getEventId(), PRODUCER))
        .setRequestId(request.getRequestId())
        .setTool(request.getTool())
        .setDurationMs((System.nanoTime() - start) / 1_000_000)
        .build();
    // files, hits, outlines, diffs, test output and errors quoting lines: no secret of the repository leaves the tool runner
    RecordStrings.rewrite(done, secrets::hide);
    try {
      observer.accept(done);
    } catch (RuntimeException e) {
      log.warn("the observer of {} {} failed", request.getTool(), request.getRequestId(), e);
    }
    return done;
  }

  private ToolResult.Builder execute(ToolRequest request) throws IOException {
    Tool tool = tools.get(request.getTool());
    if (tool == null) throw new ToolFailure("tool " + request.getTool() + " is not supported by this tool runner");
    if (PUSHING.contains(request.getTool())) refuseProtectedBranch(request.getBranch(), request.getBaseBranch());
    TaskRef task = new TaskRef(request.getMeta().getTaskId(), RepositoryLocation.of(request.getRepository()),
        request.getBaseBranch(), request.getBranch());
    String commit = request.getCommit();
    // a request that only reads at the commit the workspace is at does not fetch (a round trip to the code host each);
    // one that pushes does, its push needs origin's head as it is now
    try (Workspace workspace = workspaces.open(task, PUSHING.contains(request.getTool()) ? null : commit)) {
      Optional<ToolResult.Builder> done = tool.alreadyDone(workspace, request);
      if (done.isPresent()) return done.get();
      // open() left the branch clean at its head; a request for that commit (the usual case) needs no second reset,
      // which re-reads every file and rewrites the index (the largest share of the tool runner's CPU with 20 tasks)
      if (commit != null && !commit.isBlank() && !workspace.isAt(commit)) workspace.resetTo(commit);
      ToolResult.Builder result = tool.run(workspace, request);
      if (!result.hasCommit()) result.setCommit(workspace.head());
      return result;
    }
  }

  private static final Set<ToolName> PUSHING = Set.of(ToolName.PREPARE_WORKSPACE, ToolName.APPLY_EDITS, ToolName.OPEN_PR);

  /** Agents never push to the base branch, nor to a configured protected branch. */
  private void refuseProtectedBranch(String branch, String baseBranch) {
    if (branch == null) return;
    if (branch.equals(baseBranch)) {
      throw new ChangeRefusedException(FailureReason.PROTECTED_PATH, "refusing to push to the base branch " + baseBranch);
    }
    if (protectedBranches.contains(branch)) {
      throw new ChangeRefusedException(FailureReason.PROTECTED_PATH, "refusing to push to the protected branch " + branch
          + " (agentline.workspace.protected-branches)");
    }
  }

  private static ToolResult.Builder failed(String error) {
    return ToolResult.newBuilder().setOk(false).setError(error);
  }
}
