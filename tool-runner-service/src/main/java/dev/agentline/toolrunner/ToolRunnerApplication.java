package dev.agentline.toolrunner;

import dev.agentline.toolrunner.pr.CodeHost;
import dev.agentline.toolrunner.pr.GitHubCodeHost;
import dev.agentline.toolrunner.pr.GitLabCodeHost;
import dev.agentline.toolrunner.pr.LocalCodeHost;
import dev.agentline.toolrunner.tools.ToolRunner;
import dev.agentline.toolrunner.workspace.Workspaces;
import java.util.List;
import java.util.Set;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/**
 * The tool runner: consumes {@code agentline.tool-requests}, runs each tool in the task's git
 * workspace and produces one {@code agentline.tool-results} record per request. Needs only
 * {@code spring.kafka.bootstrap-servers}; everything else has a working default.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ToolRunnerApplication {

  public static void main(String[] args) {
    dev.agentline.platform.AvroCodec.trustAgentlineRecords();
    SpringApplication app = new SpringApplication(ToolRunnerApplication.class);
    app.setWebApplicationType(WebApplicationType.NONE);
    app.run(args);
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

  @Bean
  ToolRunner toolRunner(Workspaces workspaces, List<CodeHost> codeHosts, WorkspaceProperties workspace) {
    return new ToolRunner(workspaces, codeHosts, workspace.limits(), workspace.changePolicy(), Set.copyOf(workspace.protectedBranches()));
  }
}
