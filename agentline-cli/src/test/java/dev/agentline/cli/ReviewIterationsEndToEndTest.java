package dev.agentline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentline.platform.Topics;
import dev.agentline.schemas.CodeHostKind;
import dev.agentline.schemas.TaskEvent;
import dev.agentline.schemas.TaskEventType;
import dev.agentline.toolrunner.pr.LocalCodeHost;
import dev.agentline.toolrunner.review.Outcome;
import dev.agentline.toolrunner.review.PullRequestIntake;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.awaitility.Awaitility;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, done when: a reviewer's "please also handle null input" on an agentline pull request becomes a new commit
 * on the same branch and a reply; a person takes the branch over, pushes, and hands it back; the merge ends the task.
 * The whole system runs in one process; the code host's webhooks are signed GitHub payloads given to the tool
 * runner's intake, and the pull request lives on a local origin (its replies are recorded beside it).
 */
class ReviewIterationsEndToEndTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient http = HttpClient.newHttpClient();
  /** The intake reads the webhook secret from the environment variable it is told, or a system property of that name. */
  static final String SECRET_ENV = "AGENTLINE_E2E_GITHUB_WEBHOOK_SECRET";
  static final String SECRET = "e2e-webhook-secret";

  static Path dir;
  static EmbeddedSystem system;

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("agentline-review");
    System.setProperty(SECRET_ENV, SECRET);
    Path cassette = dir.resolve("cassette.yaml");
    try (var in = ReviewIterationsEndToEndTest.class.getResourceAsStream("/review-cassette.yaml")) {
      Files.copy(in, cassette);
    }
    system = EmbeddedSystem.start(new EmbeddedSystem.Settings(dir.resolve("system"), cassette, 1, 0, 0, false, Map.of(
        "tool-runner", List.of("--agentline.code-hosts.github.webhook-secret-env=" + SECRET_ENV))), m -> {});
  }

  @AfterAll
  static void stop() {
    if (system != null) system.close();
  }

  @Test
  void aReviewCommentBecomesACommitAndAReplyAndAPersonCanTakeOverAndHandBack() throws Exception {
    Path origin = SampleRepository.create(Files.createDirectories(dir.resolve("repo")));
    TicketFile ticket = new TicketFile("Calculator.add subtracts instead of adding", "Calculator.add(2, 3) returns -1. It must return the sum.",
        List.of("CalculatorTest passes"), "sh run-tests.sh", "main");
    TaskRun.Outcome outcome = new TaskRun(system, new PrintStream(OutputStream.nullOutputStream()), false)
        .run(origin.toUri().toString(), ticket, "sh run-tests.sh", "Calculator", Duration.ofMinutes(4), System.nanoTime());
    assertThat(outcome.status()).as(outcome.task().toString()).isEqualTo("DONE");
    String taskId = outcome.taskId();
    String branch = outcome.task().path("branch").asText();
    String prUrl = outcome.task().path("pullRequest").path("url").asText();
    String prBody = outcome.task().path("pullRequest").path("body").asText();
    assertThat(prBody).contains("<!-- agentline-task: " + taskId + " -->");
    String firstHead = head(origin, branch);

    // Iteration 2: a line comment, then the review that requests changes (two deliveries, as GitHub sends them)
    assertThat(deliver("pull_request_review_comment", reviewComment(branch, prBody, 7001, "please also handle null input", "maya")))
        .isInstanceOf(Outcome.Accepted.class);
    ObjectNode review = review(branch, prBody, 8001, "changes_requested", "One more thing before this goes in.");
    String reviewDelivery = UUID.randomUUID().toString();
    assertThat(deliver("pull_request_review", review, reviewDelivery)).isInstanceOf(Outcome.Accepted.class);
    assertThat(deliver("pull_request_review", review, reviewDelivery)).as("the same delivery again").isInstanceOf(Outcome.Ignored.class);

    JsonNode task = awaitTask(taskId, t -> t.path("status").asText().equals("DONE") && t.path("iteration").path("number").asInt() == 2);
    String secondHead = head(origin, branch);
    assertThat(secondHead).isNotEqualTo(firstHead);
    assertThat(task.path("pullRequest").path("url").asText()).as("the same pull request").isEqualTo(prUrl);
    assertThat(fileOn(origin, branch, "src/main/java/demo/Calculator.java")).contains("public static int sum(int[] values)", "return a + b;");
    assertThat(parentsOf(origin, secondHead)).as("the new commit sits on the first iteration's").contains(firstHead);
    List<JsonNode> replies = replies(origin);
    assertThat(replies).extracting(r -> r.path("key").asText()).contains("github:review-comment:7001", "github:review:8001");
    assertThat(replies).allSatisfy(r -> assertThat(r.path("body").asText()).contains("Added Calculator.sum(int[]), which returns 0 for null input"));

    // A person takes the branch over on the pull request, pushes a commit, and hands it back through the REST API
    assertThat(deliver("pull_request_review_comment", reviewComment(branch, prBody, 9001, "@agentline takeover", "lee")))
        .isInstanceOf(Outcome.Accepted.class);
    awaitTask(taskId, t -> t.path("status").asText().equals("TAKEN_OVER"));
    String personsCommit = pushAsPerson(origin, branch);
    HttpResponse<String> handback = http.send(HttpRequest.newBuilder(URI.create(system.plannerUrl() + "/api/tasks/" + taskId + "/commands"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
            "{\"type\": \"handback\", \"actor\": \"lee\", \"comment\": \"README is done; please cover sum(null) with a check\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(handback.statusCode()).as(handback.body()).isEqualTo(202);
    awaitTask(taskId, t -> t.path("status").asText().equals("DONE") && t.path("iteration").path("number").asInt() == 3);
    String thirdHead = head(origin, branch);
    assertThat(parentsOf(origin, thirdHead)).as("iteration 3 starts from the person's commit").contains(personsCommit);
    assertThat(fileOn(origin, branch, "README.md")).contains("Reviewed by lee");
    assertThat(fileOn(origin, branch, "src/test/java/demo/CalculatorTest.java")).contains("check(\"sum(null)\", 0, Calculator.sum(null));");

    // The merge ends the task
    assertThat(deliver("pull_request", merged(branch, prBody, thirdHead))).isInstanceOf(Outcome.Accepted.class);
    awaitTask(taskId, t -> t.path("status").asText().equals("MERGED"));

    List<TaskEvent> events = TopicContents.values(system.bootstrapServers(), List.of(Topics.TASK_EVENTS), true, taskId, TaskEvent.class);
    assertThat(events).extracting(TaskEvent::getType).contains(TaskEventType.PR_OPENED, TaskEventType.PR_ACTIVITY, TaskEventType.ITERATION_STARTED,
        TaskEventType.PR_UPDATED, TaskEventType.COMMENTS_REPLIED, TaskEventType.TAKEN_OVER, TaskEventType.HANDED_BACK, TaskEventType.PR_MERGED);
    assertThat(events.stream().filter(e -> e.getType() == TaskEventType.PR_UPDATED)).extracting(TaskEvent::getIteration).containsExactly(2, 3);
    assertThat(events.stream().filter(e -> e.getType() == TaskEventType.TAKEN_OVER)).singleElement()
        .satisfies(e -> assertThat(e.getActor()).isEqualTo("lee"));
    NothingLost.assertNothingLost(system, List.of(taskId), Duration.ofMinutes(1));

    // The pilot report of the period shows the pull request: merged after three iterations, the people's comments, the takeover
    JsonNode report = Awaitility.await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1)).until(() -> {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(system.auditUrl() + "/api/report?since=1d")).build(),
          HttpResponse.BodyHandlers.ofString());
      return JSON.readTree(response.body());
    }, r -> r.path("agentline").path("merged").asInt() == 1);
    JsonNode pr = report.path("pullRequests").get(0);
    assertThat(pr.path("taskId").asText()).isEqualTo(taskId);
    assertThat(pr.path("outcome").asText()).isEqualTo("MERGED");
    assertThat(pr.path("iterations").asInt()).isEqualTo(3);
    assertThat(pr.path("reviewComments").asInt()).as("maya's line comment and lee's").isEqualTo(2);
    assertThat(report.path("agentline").path("takeovers").asInt()).isEqualTo(1);
    assertThat(report.path("agentline").path("mergeRate").asDouble()).isEqualTo(1.0);
  }

  /** Gives a signed GitHub delivery to the tool runner's intake, as its webhook endpoint does. */
  static Outcome deliver(String event, JsonNode payload) throws Exception {
    return deliver(event, payload, UUID.randomUUID().toString());
  }

  static Outcome deliver(String event, JsonNode payload, String delivery) throws Exception {
    byte[] body = JSON.writeValueAsBytes(payload);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String signature = "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    return system.bean("tool-runner", PullRequestIntake.class).receive(CodeHostKind.GITHUB,
        Map.of("X-GitHub-Event", event, "X-GitHub-Delivery", delivery, "X-Hub-Signature-256", signature), body);
  }

  static ObjectNode pullRequest(String branch, String body, String state, boolean merged, String headSha) {
    ObjectNode pr = JSON.createObjectNode();
    pr.put("url", "https://api.github.com/repos/acme/calculator/pulls/1").put("id", 2100000001L).put("number", 1)
        .put("html_url", "https://github.com/acme/calculator/pull/1").put("state", state).put("title", "Calculator.add subtracts instead of adding")
        .put("body", body).put("merged", merged).put("draft", false);
    pr.putObject("user").put("login", "agentline-bot").put("type", "Bot");
    pr.putObject("head").put("ref", branch).put("sha", headSha == null ? "0000000000000000000000000000000000000000" : headSha)
        .putObject("repo").put("full_name", "acme/calculator");
    pr.putObject("base").put("ref", "main").putObject("repo").put("full_name", "acme/calculator");
    if (merged) pr.put("merged_at", "2026-11-26T09:00:00Z").putObject("merged_by").put("login", "maya");
    return pr;
  }

  static ObjectNode envelope(String action) {
    ObjectNode payload = JSON.createObjectNode().put("action", action);
    payload.putObject("repository").put("id", 700123).put("name", "calculator").put("full_name", "acme/calculator")
        .put("html_url", "https://github.com/acme/calculator").putObject("owner").put("login", "acme");
    return payload;
  }

  static ObjectNode reviewComment(String branch, String prBody, long id, String text, String login) {
    ObjectNode payload = envelope("created");
    ObjectNode comment = payload.putObject("comment");
    comment.put("id", id).put("pull_request_review_id", 8001).put("diff_hunk", "@@ -7,3 +7,3 @@").put("path", "src/main/java/demo/Calculator.java")
        .put("line", 8).put("side", "RIGHT").put("commit_id", "0000000000000000000000000000000000000000").put("body", text)
        .put("created_at", "2026-11-26T08:00:00Z").put("html_url", "https://github.com/acme/calculator/pull/1#discussion_r" + id);
    comment.putObject("user").put("login", login).put("type", "User");
    payload.set("pull_request", pullRequest(branch, prBody, "open", false, null));
    payload.putObject("sender").put("login", login).put("type", "User");
    return payload;
  }

  static ObjectNode review(String branch, String prBody, long id, String state, String text) {
    ObjectNode payload = envelope("submitted");
    ObjectNode review = payload.putObject("review");
    review.put("id", id).put("body", text).put("state", state).put("submitted_at", "2026-11-26T08:00:05Z")
        .put("html_url", "https://github.com/acme/calculator/pull/1#pullrequestreview-" + id).put("commit_id", "0000000000000000000000000000000000000000");
    review.putObject("user").put("login", "maya").put("type", "User");
    payload.set("pull_request", pullRequest(branch, prBody, "open", false, null));
    payload.putObject("sender").put("login", "maya").put("type", "User");
    return payload;
  }

  static ObjectNode merged(String branch, String prBody, String head) {
    ObjectNode payload = envelope("closed");
    payload.put("number", 1);
    payload.set("pull_request", pullRequest(branch, prBody, "closed", true, head));
    payload.putObject("sender").put("login", "maya").put("type", "User");
    return payload;
  }

  static JsonNode awaitTask(String taskId, java.util.function.Predicate<JsonNode> done) {
    return Awaitility.await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(300)).until(() -> {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(system.plannerUrl() + "/api/tasks/" + taskId)).build(),
          HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? JSON.readTree(response.body()) : JSON.createObjectNode();
    }, done::test);
  }

  static List<JsonNode> replies(Path origin) throws Exception {
    Path file = LocalCodeHost.repliesFile(origin.toUri().toString());
    return Files.readAllLines(file).stream().map(line -> {
      try {
        return JSON.readTree(line);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }).toList();
  }

  static String head(Path origin, String branch) throws Exception {
    try (Git git = Git.open(origin.toFile())) {
      return git.getRepository().resolve("refs/heads/" + branch).name();
    }
  }

  static List<String> parentsOf(Path origin, String commit) throws Exception {
    try (Git git = Git.open(origin.toFile()); var walk = new org.eclipse.jgit.revwalk.RevWalk(git.getRepository())) {
      RevCommit c = walk.parseCommit(git.getRepository().resolve(commit));
      List<String> ancestors = new java.util.ArrayList<>();
      for (RevCommit ancestor : git.log().add(c).call()) ancestors.add(ancestor.name());
      return ancestors;
    }
  }

  static String fileOn(Path origin, String branch, String path) throws Exception {
    Path clone = Files.createTempDirectory(dir, "read");
    try (Git git = Git.cloneRepository().setURI(origin.toUri().toString()).setBranch(branch).setDirectory(clone.toFile()).call()) {
      return Files.readString(clone.resolve(path));
    }
  }

  /** A person clones the task branch, commits a README line and pushes it: the commit agentline must build on. */
  static String pushAsPerson(Path origin, String branch) throws Exception {
    Path clone = Files.createTempDirectory(dir, "person");
    try (Git git = Git.cloneRepository().setURI(origin.toUri().toString()).setBranch(branch).setDirectory(clone.toFile()).call()) {
      Files.writeString(clone.resolve("README.md"), "\nReviewed by lee.\n", java.nio.file.StandardOpenOption.APPEND);
      git.add().addFilepattern("README.md").call();
      PersonIdent lee = new PersonIdent("Lee", "lee@example.com");
      RevCommit commit = git.commit().setMessage("README: reviewed").setAuthor(lee).setCommitter(lee).call();
      git.push().call();
      return commit.name();
    }
  }
}
