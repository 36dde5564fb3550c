package dev.agentline.audit.console;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static dev.agentline.audit.console.ConsoleFixtures.DONE;
import static dev.agentline.audit.console.ConsoleFixtures.WAITING;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.Route;
import dev.agentline.platform.AvroCodec;
import dev.agentline.schemas.CommandType;
import dev.agentline.schemas.TaskCommand;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The console in Debian's Chromium (Playwright), against the real service holding the fixture tasks. */
class ConsoleBrowserTest extends ConsoleServiceTestBase {
  private Playwright playwright;
  private Browser browser;
  private Page page;
  private final List<String> requestsElsewhere = new ArrayList<>();

  @BeforeAll
  void launch() {
    playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
        .setExecutablePath(Path.of("/usr/bin/chromium"))
        .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run")));
  }

  @AfterAll
  void close() {
    if (browser != null) browser.close();
    if (playwright != null) playwright.close();
  }

  /** A page whose browser answers the service's Basic challenge with {@code token} as the password. */
  private Page signedIn(String user, String token) {
    BrowserContext context = browser.newContext(new Browser.NewContextOptions().setHttpCredentials(user, token));
    Page signed = context.newPage();
    signed.setDefaultTimeout(10_000);
    signed.onClose(p -> context.close());
    return signed;
  }

  @BeforeEach
  void open() {
    page = signedIn("admin", ADMIN);
    page.setDefaultTimeout(10_000);
    page.onRequest(request -> {
      if (!request.url().startsWith(baseUrl())) requestsElsewhere.add(request.url());
    });
  }

  @AfterEach
  void closePage() {
    page.close();
    org.assertj.core.api.Assertions.assertThat(requestsElsewhere).as("requests to other hosts").isEmpty();
  }

  @Test
  void theTaskListShowsTheTasksWithTheirStatusAndFilters() {
    page.navigate(baseUrl() + "/");

    assertThat(page.locator("#task-rows tr[data-task-id='" + WAITING + "'] .status")).hasText("AWAITING_APPROVAL");
    assertThat(page.locator("#task-rows tr[data-task-id='" + DONE + "'] .status")).hasText("DONE");
    page.selectOption("#filter-status", "DONE");
    assertThat(page.locator("#task-rows tr")).hasCount(1);
    assertThat(page.locator("#task-rows tr")).hasAttribute("data-task-id", DONE);
    page.selectOption("#filter-status", "");
    // wait for the unfiltered list, or the next count could be met by the DONE-only list still on the page
    assertThat(page.locator("#task-rows tr[data-task-id='" + WAITING + "']")).isVisible();
    assertThat(page.locator("#task-rows tr[data-task-id='" + DONE + "']")).isVisible();
    page.fill("#filter-text", "calculator.add");
    assertThat(page.locator("#task-rows tr")).hasCount(1);
    assertThat(page.locator("#task-rows tr")).hasAttribute("data-task-id", WAITING);
  }

  @Test
  void theTaskPageShowsThePlanItsVersionsTheStepsAndEachModelCallsPrompt() {
    page.navigate(baseUrl() + "/console/");
    page.click("a.task-link:text('" + WAITING + "')");

    assertThat(page.locator("#task-status")).hasText("AWAITING_APPROVAL");
    assertThat(page.locator("#plan-steps")).containsText("Test add with negative numbers");
    assertThat(page.locator("#gate h2")).hasText("Plan v2 is waiting for approval");
    page.click("#plan details.plan-version:nth-of-type(2) summary");
    assertThat(page.locator("#plan details.plan-version").nth(1)).containsText("+ s2 (TEST_WRITE): Test add with negative numbers");
    assertThat(page.locator("#decisions")).containsText("rita requested the task and may not approve its plan");
    assertThat(page.locator("#events")).containsText("APPROVAL_REQUESTED");
    page.click("#model-calls details summary");
    assertThat(page.locator("#model-calls pre.prompt").nth(1)).containsText("It must return the sum of its two arguments.");
    assertThat(page.locator("#model-calls pre.response")).containsText("make add return the sum");
    assertThat(page.locator("#timeline-link")).hasAttribute("href", "/api/tasks/" + WAITING + "/timeline");
    page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target/console-task.png")).setFullPage(true));
  }

  @Test
  void aFinishedTaskShowsItsDiffAndTestOutput() {
    page.navigate(baseUrl() + "/console/#/tasks/" + DONE);

    assertThat(page.locator("#task-status")).hasText("DONE");
    page.click("#tool-calls details:has-text('APPLY_EDITS') summary");
    assertThat(page.locator("#tool-calls pre.diff .diff-add")).containsText("+    return a + b;");
    page.click("#tool-calls details:has-text('RUN_TESTS') summary");
    assertThat(page.locator("#tool-calls pre.test-output")).containsText("addsNegativeNumbers PASSED");
  }

  @Test
  void theSignedInCallerIsTheNameADecisionIsRecordedUnder() {
    page.navigate(baseUrl() + "/console/#/tasks/" + WAITING);

    assertThat(page.locator("#user-name")).hasValue("admin");
    assertThat(page.locator("#user-name")).hasAttribute("readonly", "");
  }

  @Test
  void theRequesterApprovingItsOwnPlanIsToldWhyNot() {
    Page rita = signedIn("rita", RITA);
    try {
      rita.navigate(baseUrl() + "/console/#/tasks/" + WAITING);
      assertThat(rita.locator("#user-name")).hasValue("rita");

      rita.click("#approve");

      assertThat(rita.locator("#gate-message")).containsText("rita requested task " + WAITING);
    } finally {
      rita.close();
    }
  }

  @Test
  void searchFindsTheTaskAndShowsSnippetsAsTextWithOnlyTheMatchesMarked() {
    page.navigate(baseUrl() + "/console/#/search");
    page.fill("#search-q", "frobnicator");
    page.click("#search-button");

    assertThat(page.locator("#search-results li.hit a.task-link").first()).hasText(DONE);
    assertThat(page.locator("#search-results .snippet b").first()).hasText("frobnicator");

    page.fill("#search-q", "sorry");
    page.click("#search-button");
    // the stored text "no edits here, <i>sorry</i>" never becomes markup: it shows as the text it is
    assertThat(page.locator("#search-results .snippet").first()).containsText("<i>sorry</i>");
    assertThat(page.locator("#search-results .snippet i")).hasCount(0);
    page.click("#search-results a.task-link");
    assertThat(page.locator("#task-status")).hasText("DONE");
  }

  @Test
  void theMetricsPageDrawsTheThreeChartsFromThePilotMetrics() {
    page.navigate(baseUrl() + "/console/#/metrics");

    assertThat(page.locator("#metrics-window")).containsText("(14d)");
    assertThat(page.locator("#metrics-figures")).containsText("With a pull request");
    assertThat(page.locator("#chart-ticket-to-pr svg rect.chart-bar")).hasCount(1);
    assertThat(page.locator("#chart-ticket-to-pr svg rect.chart-bar title")).containsText("1 task(s) took 10–");
    assertThat(page.locator("#chart-failures svg text.chart-label")).hasText("CODE_EDIT");
    assertThat(page.locator("#chart-failures svg rect.chart-bar title")).containsText("1× MODEL_ERROR");
    assertThat(page.locator("#chart-cost svg circle.chart-point")).hasCount(2);
  }

  @Test
  void theReportPageShowsTheFiguresAndItsCsvAndTakeOverAndHandBackSendTheirCommands() throws Exception {
    page.navigate(baseUrl() + "/console/");
    page.click("nav a[data-nav=report]");

    assertThat(page.locator("#report-window")).containsText("(28d)");
    assertThat(page.locator("#report-figures tr[data-figure=pull_requests] td.num")).hasText("1");
    assertThat(page.locator("#report-figures tr[data-figure=ticket_to_pr_p50_seconds] td.num")).hasText("600");
    assertThat(page.locator("#report-figures tr[data-figure=open] td.num")).hasText("1");
    assertThat(page.locator("#report-figures")).containsText("Review comments per PR");
    assertThat(page.locator("#chart-report-ticket-to-pr svg rect.chart-bar")).hasCount(1);
    assertThat(page.locator("#chart-per-pr svg text.chart-label")).hasCount(2);
    assertThat(page.locator("#report-worker-failures svg text.chart-label")).hasText("CODE_EDIT");
    assertThat(page.locator("#report-csv")).hasAttribute("href", "/api/report.csv");
    com.microsoft.playwright.Download csv = page.waitForDownload(() -> page.click("#report-csv"));
    org.assertj.core.api.Assertions.assertThat(java.nio.file.Files.readString(csv.path()))
        .startsWith("metric,label,agentline,baseline\r\n").contains("pull_requests,Pull requests,1,\r\n");
    page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target/console-report.png")).setFullPage(true));

    page.navigate(baseUrl() + "/console/#/tasks/" + DONE);
    page.click("#takeover");

    assertThat(page.locator("#ownership-message")).containsText("Sent takeover as admin");
    TaskCommand takeover = AvroCodec.get().decode(
        onlyCommand(c -> c.getType() == CommandType.TAKEOVER, "TAKEOVER commands").value(), TaskCommand.class);
    org.assertj.core.api.Assertions.assertThat(takeover.getActor()).isEqualTo("admin");
    org.assertj.core.api.Assertions.assertThat(takeover.getMeta().getTaskId()).isEqualTo(DONE);

    // no planner runs here to take the task over: the page is shown the task as the planner's TAKEN_OVER would leave it
    page.route(baseUrl() + "/api/console/tasks/" + DONE, route -> {
      APIResponse real = route.fetch(new Route.FetchOptions().setHeaders(Map.of("Authorization", "Bearer " + ADMIN)));
      route.fulfill(new Route.FulfillOptions().setResponse(real).setBody(real.text()
          .replace("\"takeover\":\"possible\"", "\"takeover\":\"taken\"").replace("\"takenOverBy\":null", "\"takenOverBy\":\"admin\"")));
    });
    assertThat(page.locator("#ownership h2")).hasText("Taken over by admin: no agent works on this task");
    page.fill("#handback-note", "null input handled by hand; the overflow test is left");
    page.click("#handback");

    assertThat(page.locator("#ownership-message")).containsText("Sent handback as admin");
    TaskCommand handback = AvroCodec.get().decode(onlyCommand(c -> c.getType() == CommandType.HANDBACK && c.getActor().equals("admin"),
        "HANDBACK commands by admin").value(), TaskCommand.class);
    org.assertj.core.api.Assertions.assertThat(handback.getReason()).isEqualTo("null input handled by hand; the overflow test is left");
  }

  @Test
  void theMetricsPageTakesAWindowAndShowsWhyABadOneIsRefused() {
    page.navigate(baseUrl() + "/console/#/metrics");
    page.fill("#metrics-since", "30m");
    page.click("#metrics-button");

    assertThat(page.locator("#metrics-window")).containsText("(30m)");
    assertThat(page.locator("#chart-cost svg text.chart-empty")).hasText("no data yet");

    page.fill("#metrics-since", "yesterday");
    page.click("#metrics-button");
    assertThat(page.locator("#metrics [role=alert]")).containsText("since must be an age");
  }
}
