package dev.agentline.cli;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.LocatorAssertions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 7's "done when": a reviewer follows a task in the web console (Debian's Chromium through
 * Playwright), finds it by search, approves its plan there, and sees it continue to DONE. The whole
 * system runs embedded, the planner asking a person to approve every plan; the demo cassette answers
 * for the models. Afterwards the metrics page shows the task, and the planner's task states (its Streams state
 * changelog) are in the audit.
 */
class ConsoleEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static Path dir;
  private static EmbeddedSystem system;
  private static Playwright playwright;
  private static Browser browser;

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("agentline-console-e2e");
    Path cassette = SampleRepository.copyResource("demo/cassette.yaml", dir);
    system = EmbeddedSystem.start(new EmbeddedSystem.Settings(dir.resolve("system"), cassette, 1, 0, 0, false,
        Map.of("planner", List.of("--agentline.planner.gates.plan-approval=always"))), m -> {});
    playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
        .setExecutablePath(Path.of("/usr/bin/chromium"))
        .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run")));
  }

  @AfterAll
  static void stop() {
    if (browser != null) browser.close();
    if (playwright != null) playwright.close();
    if (system != null) system.close();
  }

  @Test
  void aReviewerFollowsTheDemoTaskInTheConsoleApprovesItsPlanAndSeesItFinish() throws Exception {
    Path origin = SampleRepository.create(Files.createDirectories(dir.resolve("demo")));
    String taskId = submit(origin, "rita");
    Page page = browser.newPage();
    page.setDefaultTimeout(15_000);
    LocatorAssertions.HasTextOptions slow = new LocatorAssertions.HasTextOptions().setTimeout(60_000);

    // the task list shows the task live; open it
    page.navigate(system.auditUrl() + "/");
    Locator row = page.locator("#task-rows tr[data-task-id='" + taskId + "']");
    assertThat(row.locator(".status")).hasText("AWAITING_APPROVAL", slow);
    row.locator("a.task-link").click();

    // the task page: waiting for approval, with its plan and the manager's prompt
    assertThat(page.locator("#task-status")).hasText("AWAITING_APPROVAL");
    assertThat(page.locator("#gate h2")).hasText("Plan v1 is waiting for approval");
    assertThat(page.locator("#plan-steps tbody tr").first()).containsText("s1");
    page.locator("#model-calls details:has-text('MANAGER PLAN') summary").click();
    assertThat(page.locator("#model-calls details[open] pre.prompt").last()).containsText("sum of its two arguments");

    // search finds it
    page.locator("nav a[data-nav='search']").click();
    page.fill("#search-q", "\"sum of its two arguments\"");
    page.click("#search-button");
    Locator hit = page.locator("#search-results a.task-link:text('" + taskId + "')").first();
    assertThat(hit).isVisible();
    hit.click();
    assertThat(page.locator("#task-status")).hasText("AWAITING_APPROVAL");

    // the requester may not approve their own plan: the planner refuses, the console shows it
    page.fill("#user-name", "rita");
    page.click("#approve");
    assertThat(page.locator("#gate-message")).containsText("COMMAND_REFUSED",
        new LocatorAssertions.ContainsTextOptions().setTimeout(30_000));
    assertThat(page.locator("#gate-message")).containsText("rita requested the task and may not approve its plan");

    // another person approves; the task continues to DONE on the page
    page.fill("#user-name", "sam");
    page.click("#approve");
    assertThat(page.locator("#gate-message")).containsText("PLAN_APPROVED: plan v1 approved by sam",
        new LocatorAssertions.ContainsTextOptions().setTimeout(30_000));
    assertThat(page.locator("#task-status")).hasText("DONE", new LocatorAssertions.HasTextOptions().setTimeout(90_000));
    assertThat(page.locator("#decisions")).containsText("approved by sam");
    assertThat(page.locator("#tool-calls")).containsText("OPEN_PR");
    page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target/console-e2e.png")).setFullPage(true));

    // the metrics page draws the pilot metrics, this task among them
    page.locator("nav a[data-nav='metrics']").click();
    assertThat(page.locator("#metrics-figures")).containsText("With a pull request");
    assertThat(page.locator("#chart-ticket-to-pr svg rect.chart-bar").first()).isVisible();
    assertThat(page.locator("#chart-cost svg circle.chart-point title").filter(new Locator.FilterOptions().setHasText(taskId))).hasCount(1);
    page.close();

    // the planner's task states reached the audit from its state changelog, up to the final one
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      List<JsonNode> states = timeline(taskId).stream().filter(e -> e.path("recordType").asText().equals("TaskState"))
          .sorted(java.util.Comparator.comparingLong(e -> e.path("offset").asLong())).toList();
      org.assertj.core.api.Assertions.assertThat(states).isNotEmpty()
          .allSatisfy(e -> org.assertj.core.api.Assertions.assertThat(e.path("topic").asText()).isEqualTo("agentline-planner-task-state-changelog"));
      org.assertj.core.api.Assertions.assertThat(states.stream().map(e -> e.path("eventType").asText()).toList())
          .contains("AWAITING_APPROVAL", "EXECUTING")
          .last().isEqualTo("DONE");
    });
  }

  private static List<JsonNode> timeline(String taskId) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(system.auditUrl() + "/api/tasks/" + taskId + "/timeline")).build(), HttpResponse.BodyHandlers.ofString());
    org.assertj.core.api.Assertions.assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    List<JsonNode> entries = new java.util.ArrayList<>();
    JSON.readTree(response.body()).path("entries").forEach(entries::add);
    return entries;
  }

  private static String submit(Path origin, String requester) throws Exception {
    String body = JSON.writeValueAsString(Map.of("repository", origin.toUri().toString(), "title", "Calculator.add subtracts instead of adding",
        "description", "Calculator.add(2, 3) returns -1. It must return the sum of its two arguments.",
        "acceptanceCriteria", List.of("Calculator.add returns a + b", "CalculatorTest passes", "a test covers adding two negative numbers"),
        "testCommand", "sh run-tests.sh", "requester", requester));
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(system.plannerUrl() + "/api/tasks"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    org.assertj.core.api.Assertions.assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    return JSON.readTree(response.body()).path("taskId").asText();
  }
}
