package dev.agentline.toolrunner;

import dev.agentline.toolrunner.metrics.ToolMetrics;
import dev.agentline.toolrunner.pr.CodeHost;
import dev.agentline.toolrunner.pr.GitHubCodeHost;
import dev.agentline.toolrunner.pr.GitLabCodeHost;
import dev.agentline.toolrunner.pr.LocalCodeHost;
import dev.agentline.toolrunner.sandbox.CommandRunner;
import dev.agentline.toolrunner.sandbox.Sandbox;
import dev.agentline.toolrunner.tools.ToolRunner;
import dev.agentline.toolrunner.workspace.Workspaces;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.PropertySource;

/**
 * The tool runner: consumes {@code agentline.tool-requests}, runs each tool in the task's git
 * workspace and produces one {@code agentline.tool-results} record per request. Needs only
 * {@code spring.kafka.bootstrap-servers}; everything else has a working default.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
// Defaults (the web port of the actuator) live in a file of their own so several services can share one classpath.
@PropertySource("classpath:dev/agentline/toolrunner/tool-runner-defaults.properties")
public class ToolRunnerApplication {
  private static final Logger log = LoggerFactory.getLogger(ToolRunnerApplication.class);

  public static void main(String[] args) {
    dev.agentline.platform.AvroCodec.trustAgentlineRecords();
    SpringApplication.run(ToolRunnerApplication.class, args);
  }

  @Bean
  Workspaces workspaces(WorkspaceProperties workspace) {
    return workspace.workspaces();
  }

  @Bean
  LocalCodeHost localCodeHost() {
    return new LocalCodeHost();
  }

  @Bean
  GitHubCodeHost gitHubCodeHost(CodeHostProperties codeHosts) {
    return new GitHubCodeHost(codeHosts.githubSettings(), System::getenv);
  }

  @Bean
  GitLabCodeHost gitLabCodeHost(CodeHostProperties codeHosts) {
    return new GitLabCodeHost(codeHosts.gitlabSettings(), System::getenv);
  }

  /**
   * The one runner of RUN_TESTS and LINT commands. Start-up check: with {@code agentline.sandbox.mode=required}
   * the sandbox must start (a trivial command is run in it) or the service does not; {@code off} warns.
   */
  @Bean
  CommandRunner commandRunner(SandboxProperties sandbox, WorkspaceProperties workspace) {
    for (Path cache : sandbox.cacheDirs()) {
      try {
        Files.createDirectories(cache);
      } catch (IOException e) {
        throw new IllegalStateException("agentline.sandbox.cache-dirs: cannot create " + cache + ": " + e);
      }
    }
    Sandbox chosen = sandbox.sandbox(workspace.root());
    String problem = chosen.problem().orElse(null);
    if (sandbox.required() && problem != null) {
      throw new IllegalStateException("the sandbox for test and lint commands cannot start: " + problem
          + ". Install bubblewrap (Debian: apt-get install -y bubblewrap) or point agentline.sandbox.bwrap at it;"
          + " to run commands WITHOUT a sandbox, set agentline.sandbox.mode=off explicitly");
    }
    if (!sandbox.required()) {
      log.warn("agentline.sandbox.mode=off: test, lint and dependency-resolution commands run UNSANDBOXED, with the network"
          + " and write access to everything this process can write{}", problem == null ? "" : " (and: " + problem + ")");
    } else {
      log.info("test and lint commands run in {}", chosen);
    }
    return new CommandRunner(workspace.maxOutputChars(), chosen, sandbox.allowList(), sandbox.resolution());
  }

  @Bean
  ToolRunner toolRunner(Workspaces workspaces, List<CodeHost> codeHosts, WorkspaceProperties workspace, CommandRunner commands,
      ToolMetrics metrics) {
    if (!workspace.hasSecretPlaceholderKey()) {
      log.info("the placeholders of the repositories' secrets use a key of this process alone; set"
          + " agentline.workspace.secret-placeholder-key to the same value on every tool runner when there are several");
    }
    return new ToolRunner(workspaces, codeHosts, workspace.limits(), workspace.changePolicy(), Set.copyOf(workspace.protectedBranches()),
        commands, metrics::ran, workspace.secretPlaceholders());
  }
}
