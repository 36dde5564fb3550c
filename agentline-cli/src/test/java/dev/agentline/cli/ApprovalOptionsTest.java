package dev.agentline.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code --approval} and {@code --requester} on run and demo: what reaches the planner's settings and the submitted task. */
class ApprovalOptionsTest {
  @TempDir Path dir;

  @Test
  void approvalAlwaysBecomesThePlannersPlanApprovalGate() {
    RunCommand run = new RunCommand();
    new CommandLine(run).parseArgs("--repo", ".", "--ticket", "t.yaml", "--models", "m.yaml", "--approval", "always", "--requester", "bob");

    assertThat(run.options.serviceArgs()).isEqualTo(Map.of("planner", List.of("--agentline.planner.gates.plan-approval=always")));
    assertThat(run.options.requester).isEqualTo("bob");
  }

  @Test
  void theDemoRunsWithoutAGateAndAsTheUserByDefault() {
    DemoCommand demo = new DemoCommand();
    new CommandLine(demo).parseArgs();

    assertThat(demo.options.serviceArgs()).isEqualTo(Map.of("planner", List.of("--agentline.planner.gates.plan-approval=never")));
    String user = System.getenv("USER");
    assertThat(demo.options.requester).isEqualTo(user == null || user.isEmpty() ? "cli" : user);
  }

  @Test
  void anUnknownApprovalModeIsBadInput() {
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new DemoCommand()).setErr(new PrintWriter(err, true));

    assertThat(cli.execute("--approval", "sometimes")).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(err.toString()).contains("Invalid value for option '--approval': 'sometimes' is neither never nor always");
  }

  @Test
  void theSubmittedTaskNamesItsRequesterAndTheTicketsLabels() throws Exception {
    Files.writeString(dir.resolve("t.yaml"), "title: Fix it\nlabels: [database, risky]\n");
    TicketFile ticket = TicketFile.read(dir.resolve("t.yaml")).requestedBy("bob");
    WireMockServer planner = new WireMockServer(options().dynamicPort());
    planner.start();
    try {
      planner.stubFor(post(urlEqualTo("/api/tasks")).willReturn(aResponse().withStatus(202)
          .withHeader("Content-Type", "application/json").withBody("{\"taskId\": \"t-1\", \"status\": \"SUBMITTED\"}")));

      assertThat(new TaskClient(planner.baseUrl()).submit("file:///repo", ticket, "make test")).isEqualTo("t-1");

      planner.verify(postRequestedFor(urlEqualTo("/api/tasks"))
          .withRequestBody(matchingJsonPath("$.requester", equalTo("bob")))
          .withRequestBody(matchingJsonPath("$.labels[0]", equalTo("database")))
          .withRequestBody(matchingJsonPath("$.labels[1]", equalTo("risky"))));
    } finally {
      planner.stop();
    }
  }

  @Test
  void labelsMustBeAList() throws Exception {
    Files.writeString(dir.resolve("t.yaml"), "title: Fix it\nlabels: database\n");

    assertThatThrownBy(() -> TicketFile.read(dir.resolve("t.yaml")))
        .hasMessageContaining("field 'labels' must be a list of strings");
  }
}
