package dev.agentline.toolrunner;

import dev.agentline.platform.Meta;
import dev.agentline.schemas.Edit;
import dev.agentline.schemas.ToolName;
import dev.agentline.schemas.ToolRequest;
import dev.agentline.schemas.ToolResult;
import dev.agentline.toolrunner.pr.LocalCodeHost;
import dev.agentline.toolrunner.sandbox.ChangePolicy;
import dev.agentline.toolrunner.sandbox.CommandAllowList;
import dev.agentline.toolrunner.sandbox.CommandRunner;
import dev.agentline.toolrunner.sandbox.DependencyResolution;
import dev.agentline.toolrunner.sandbox.Sandbox;
import dev.agentline.toolrunner.tools.ToolLimits;
import dev.agentline.toolrunner.tools.ToolRunner;
import dev.agentline.toolrunner.workspace.GitRemotes;
import dev.agentline.toolrunner.workspace.Mirrors;
import dev.agentline.toolrunner.workspace.Workspaces;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.util.FileSystemUtils;

/**
 * How long the tool runner takes on a real repository: the first workspace (the mirror is made),
 * the next task's workspace (built from the mirror), an edit applied, committed and pushed, and a
 * sandboxed test run (with the dependency resolution it needs the first time, then without).
 * Run with {@code tool-runner-service/bench/workspace-timings.sh <repository> <file> <test command>}.
 */
public final class WorkspaceBenchmark {
  public static void main(String[] args) throws Exception {
    if (args.length < 3) {
      System.err.println("usage: WorkspaceBenchmark <repository (path or URL)> <a tracked file to edit> <test command> [base branch]");
      System.exit(2);
    }
    String repository = args[0];
    String file = args[1];
    String testCommand = args[2];
    String base = args.length > 3 ? args[3] : "main";
    Path root = Files.createTempDirectory("agentline-bench");
    Runtime.getRuntime().addShutdownHook(new Thread(() -> FileSystemUtils.deleteRecursively(root.toFile()), "bench-cleanup"));
    // -Dbench.mirrors=false: every workspace a clone of the repository itself (agentline.workspace.mirrors=false)
    boolean mirrors = Boolean.parseBoolean(System.getProperty("bench.mirrors", "true"));
    Workspaces workspaces = new Workspaces(root, GitRemotes.ANONYMOUS, mirrors ? new Mirrors(root.resolve(".mirrors"), GitRemotes.ANONYMOUS) : null);
    ToolLimits limits = new ToolLimits(4000, Duration.ofMinutes(30), Duration.ofMinutes(30));
    CommandRunner commands = new CommandRunner(limits.maxOutputChars(), Sandbox.defaults(), CommandAllowList.ANY,
        DependencyResolution.of(DependencyResolution.AUTO, Duration.ofMinutes(20)));
    ToolRunner runner = new ToolRunner(workspaces, List.of(new LocalCodeHost()), limits, ChangePolicy.NONE, Set.of(), commands);

    ToolResult first = timed(mirrors ? "first workspace (mirror made, workspace built from it)" : "first workspace (a clone)",
        runner, request("bench-1", ToolName.PREPARE_WORKSPACE, repository, base));
    timed(mirrors ? "next task's workspace (mirror fetched, objects borrowed)" : "next task's workspace (a clone)",
        runner, request("bench-2", ToolName.PREPARE_WORKSPACE, repository, base));
    String content = Files.readString(workspaces.dirOf("bench-1").resolve(file));
    // a line that occurs once, so the edit is unambiguous (the package declaration in a Java file)
    String line = content.lines().filter(l -> !l.isBlank() && content.indexOf(l) == content.lastIndexOf(l)).findFirst().orElseThrow();
    ToolRequest.Builder apply = request("bench-1", ToolName.APPLY_EDITS, repository, base).setTitle("bench: touch " + file)
        .setEdits(List.of(Edit.newBuilder().setPath(file).setSearch(line).setReplace(line + "\n// agentline benchmark").build()));
    timed("apply one edit, commit, push", runner, apply);
    timed("tests, first run (dependency resolution + sandboxed run)", runner,
        request("bench-1", ToolName.RUN_TESTS, repository, base).setRequestId("bench-1/s/1/test").setCommand(testCommand).setTimeoutSeconds(1800));
    timed("tests, second run (sandboxed run only)", runner,
        request("bench-1", ToolName.RUN_TESTS, repository, base).setRequestId("bench-1/s/2/test").setCommand(testCommand).setTimeoutSeconds(1800));
    System.out.printf(Locale.ROOT, "repository: %d tracked files%n", first.getRepositoryFiles().size());
  }

  private static ToolResult timed(String what, ToolRunner runner, ToolRequest.Builder request) {
    long start = System.nanoTime();
    ToolResult result = runner.run(request.build());
    double seconds = (System.nanoTime() - start) / 1e9;
    String outcome = result.getOk() ? (result.getTests() != null ? result.getTests().getSummary() : "ok") : "FAILED: " + result.getError();
    System.out.printf(Locale.ROOT, "%-62s %7.1f s  %s%n", what, seconds, outcome.lines().findFirst().orElse(""));
    return result;
  }

  private static ToolRequest.Builder request(String task, ToolName tool, String repository, String base) {
    return ToolRequest.newBuilder().setMeta(Meta.of(task, null, "bench")).setRequestId(task + "/s/1/" + tool.name().toLowerCase(Locale.ROOT))
        .setTool(tool).setRepository(repository).setBaseBranch(base).setBranch("agentline/" + task);
  }
}
