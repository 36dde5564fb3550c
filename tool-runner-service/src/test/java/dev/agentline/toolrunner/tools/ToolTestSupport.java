package dev.agentline.toolrunner.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentline.schemas.Edit;
import dev.agentline.schemas.ToolName;
import dev.agentline.schemas.ToolRequest;
import dev.agentline.schemas.ToolResult;
import dev.agentline.toolrunner.TestRepos;
import dev.agentline.toolrunner.pr.LocalCodeHost;
import dev.agentline.toolrunner.workspace.Workspaces;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A real bare origin with sample files, a workspace root and a runner, fresh for every test. */
abstract class ToolTestSupport {
  static final String TASK = "t1";
  static final String BRANCH = "agentline/" + TASK;

  @TempDir Path temp;
  Path origin;
  Workspaces workspaces;
  ToolRunner runner;

  @BeforeEach
  void createOriginAndRunner() throws Exception {
    origin = TestRepos.origin(temp.resolve("repo"), TestRepos.sampleFiles());
    workspaces = new Workspaces(temp.resolve("workspaces"));
    runner = new ToolRunner(workspaces, List.of(new LocalCodeHost()), new ToolLimits(4000, Duration.ofSeconds(30), Duration.ofSeconds(60)));
  }

  ToolRequest.Builder request(ToolName tool) {
    return TestRepos.request(TASK, tool, origin);
  }

  ToolResult run(ToolRequest.Builder request) {
    return runner.run(request.build());
  }

  ToolResult runOk(ToolRequest.Builder request) {
    ToolResult result = run(request);
    assertThat(result.getError()).as("error of " + result.getTool()).isNull();
    assertThat(result.getOk()).isTrue();
    return result;
  }

  ToolResult prepare() {
    return runOk(request(ToolName.PREPARE_WORKSPACE));
  }

  static Edit edit(String path, String search, String replace) {
    return Edit.newBuilder().setPath(path).setSearch(search).setReplace(replace).build();
  }

  ToolRequest.Builder applyEdits(String requestId, Edit... edits) {
    return request(ToolName.APPLY_EDITS).setRequestId(requestId).setEdits(List.of(edits));
  }

  Path workspaceFile(String path) {
    return workspaces.dirOf(TASK).resolve(path);
  }
}
