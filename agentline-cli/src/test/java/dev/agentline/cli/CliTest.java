package dev.agentline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Bad input is refused with exit code 2 and a message, before anything starts. */
class CliTest {
  @TempDir Path dir;
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  int run(String... args) {
    RunCommand command = new RunCommand();
    command.err = new PrintStream(err, true, StandardCharsets.UTF_8);
    CommandLine cli = new CommandLine(command);
    cli.setErr(new java.io.PrintWriter(err, true, StandardCharsets.UTF_8));
    return cli.execute(args);
  }

  @Test
  void aMissingTicketFileIsBadInput() throws Exception {
    Files.writeString(dir.resolve("models.yaml"), "interactions: []\n");
    assertThat(run("--repo", dir.toString(), "--ticket", dir.resolve("nope.yaml").toString(), "--models", dir.resolve("models.yaml").toString()))
        .isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("nope.yaml does not exist");
  }

  @Test
  void aTicketWithoutTitleIsBadInput() throws Exception {
    Files.writeString(dir.resolve("ticket.yaml"), "description: no title here\ntestCommand: make test\n");
    Files.writeString(dir.resolve("models.yaml"), "interactions: []\n");
    assertThat(run("--repo", dir.toString(), "--ticket", dir.resolve("ticket.yaml").toString(), "--models", dir.resolve("models.yaml").toString()))
        .isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("field 'title' is required");
  }

  @Test
  void aTicketWithoutTestCommandNeedsTheOption() throws Exception {
    Files.writeString(dir.resolve("ticket.json"), "{\"title\": \"Fix it\"}");
    Files.writeString(dir.resolve("models.yaml"), "interactions: []\n");
    assertThat(run("--repo", dir.toString(), "--ticket", dir.resolve("ticket.json").toString(), "--models", dir.resolve("models.yaml").toString()))
        .isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("no test command");
  }

  @Test
  void aRepositoryThatDoesNotExistIsBadInput() throws Exception {
    Files.writeString(dir.resolve("ticket.yaml"), "title: Fix it\ntestCommand: make test\n");
    Files.writeString(dir.resolve("models.yaml"), "interactions: []\n");
    assertThat(run("--repo", dir.resolve("missing").toString(), "--ticket", dir.resolve("ticket.yaml").toString(), "--models",
        dir.resolve("models.yaml").toString())).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("neither an existing local path nor a git URL");
  }

  @Test
  void aMissingRequiredOptionIsBadInput() {
    assertThat(run("--repo", dir.toString())).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("Missing required options");
  }

  @Test
  void ticketFilesMayBeYamlOrJson() throws Exception {
    Files.writeString(dir.resolve("t.json"), "{\"title\": \"Fix it\", \"acceptanceCriteria\": [\"green\"], \"testCommand\": \"make test\"}");
    TicketFile ticket = TicketFile.read(dir.resolve("t.json"));
    assertThat(ticket.title()).isEqualTo("Fix it");
    assertThat(ticket.acceptanceCriteria()).containsExactly("green");
    assertThat(ticket.baseBranch()).isEqualTo("main");
  }

  @Test
  void aTicketMayCarryABudgetAndABadOneIsNamed() throws Exception {
    Files.writeString(dir.resolve("t.yaml"), "title: Fix it\nbudget: {maxTokens: 50000, maxCostUsd: 0.25}\n");
    TicketFile ticket = TicketFile.read(dir.resolve("t.yaml"));
    assertThat(ticket.maxTokens()).isEqualTo(50000L);
    assertThat(ticket.maxCostUsd()).isEqualTo(0.25);
    Files.writeString(dir.resolve("bad.yaml"), "title: Fix it\nbudget: {maxTokens: -1}\n");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> TicketFile.read(dir.resolve("bad.yaml")))
        .hasMessageContaining("field 'budget.maxTokens' must be a positive number, was -1");
  }

  @Test
  void aTicketMayCarryTheWholeSpecAndTheClientSendsIt() throws Exception {
    Files.writeString(dir.resolve("t.yaml"), """
        title: Fix add
        workType: bugfix
        goal: add returns the sum
        constraints: [no new dependencies]
        interfaces: ["Calculator.add(int, int)"]
        """);
    TicketFile ticket = TicketFile.read(dir.resolve("t.yaml"));
    assertThat(ticket.spec()).isEqualTo(new TicketFile.Spec("bugfix", "add returns the sum", java.util.List.of("no new dependencies"),
        java.util.List.of("Calculator.add(int, int)")));

    java.util.concurrent.atomic.AtomicReference<String> sent = new java.util.concurrent.atomic.AtomicReference<>();
    com.sun.net.httpserver.HttpServer planner = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    planner.createContext("/api/tasks", exchange -> {
      sent.set(new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
      byte[] answer = "{\"taskId\": \"t-1\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(202, answer.length);
      exchange.getResponseBody().write(answer);
      exchange.close();
    });
    planner.start();
    try {
      String url = "http://127.0.0.1:" + planner.getAddress().getPort();
      assertThat(new TaskClient(url).submit("/repos/calc", ticket, "sh run-tests.sh")).isEqualTo("t-1");
    } finally {
      planner.stop(0);
    }
    assertThat(sent.get()).contains("\"workType\":\"bugfix\"", "\"goal\":\"add returns the sum\"",
        "\"constraints\":[\"no new dependencies\"]", "\"interfaces\":[\"Calculator.add(int, int)\"]");
  }

  @Test
  void anUnknownTicketFieldIsNamed() throws Exception {
    Files.writeString(dir.resolve("t.yaml"), "title: Fix it\nassignee: bob\n");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> TicketFile.read(dir.resolve("t.yaml")))
        .hasMessageContaining("unknown field 'assignee'");
  }
}
