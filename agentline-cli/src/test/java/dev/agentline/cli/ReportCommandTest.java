package dev.agentline.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code agentline report} against a stub of the audit service's report API ({@code GET /api/report} JSON,
 * {@code GET /api/report.csv}): the fixture under report/ has the shape of the audit's ComparisonReport.
 */
class ReportCommandTest {
  @RegisterExtension static final WireMockExtension auditService = WireMockExtension.newInstance().options(options().dynamicPort()).build();
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  int agentline(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    if (all.stream().noneMatch(a -> a.startsWith("--audit-url"))) all.addAll(List.of("--audit-url", auditService.baseUrl()));
    return Main.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(all.toArray(String[]::new));
  }

  static String fixture(String name) {
    try (var in = ReportCommandTest.class.getResourceAsStream("/report/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void serving(String json) {
    auditService.stubFor(get(urlPathEqualTo("/api/report")).willReturn(okJson(json)));
  }

  @Test
  void printsEveryFigureAgainstTheBaseline() {
    serving(fixture("report.json"));

    assertThat(agentline("report", "--since", "28d", "--baseline-from", "56d", "--baseline-until", "28d")).as(err.toString()).isZero();

    auditService.verify(getRequestedFor(urlPathEqualTo("/api/report")).withQueryParam("since", equalTo("28d"))
        .withQueryParam("baselineFrom", equalTo("56d")).withQueryParam("baselineUntil", equalTo("28d")));
    assertThat(out.toString()).contains(
        "pilot report since 2026-10-29T06:00:00Z (28d) until 2026-11-26T06:00:00Z",
        "baseline: 2 human-only pull request(s) opened 2026-10-01T06:00:00Z to 2026-10-29T06:00:00Z, read from the code host");
    assertThat(out.toString().lines().toList()).contains(
        "  figure                                                         agentline       baseline",
        "  Tasks submitted                                                        3              -",
        "  Time to PR ready p50, s (baseline: first commit to ready)     15 min 0 s     25 h 0 min",
        "  Review comments per PR                                              1.50           1.50",
        "  Merge rate (merged / ended)                                       100.0%          50.0%",
        "  Cost per merged PR, USD                                          $0.4125              -",
        "  Failure rate of CODE_EDIT                                          22.2%              -",
        "    t-3c1d9e02       2   1  Add coupon codes",
        "  taken over: t-7f3a0b11");
  }

  @Test
  void withoutABaselineTheTableHasOneColumnAndSaysHowToAskForOne() {
    serving("""
        {"since": "7d", "from": "2026-11-19T06:00:00Z", "until": "2026-11-26T06:00:00Z", "baseline": null,
         "figures": [{"key": "tasks", "label": "Tasks submitted", "agentline": 0.0, "baseline": null},
                     {"key": "ticket_to_pr_p50_seconds", "label": "Time to PR ready p50, s", "agentline": null, "baseline": null}],
         "misplanning": {"tasks": []}, "takeovers": {"takeovers": 0, "handbacks": 0, "tasks": []}}
        """);

    assertThat(agentline("report", "--since", "7d")).isZero();

    auditService.verify(getRequestedFor(urlPathEqualTo("/api/report")).withQueryParam("since", equalTo("7d"))
        .withQueryParam("baselineFrom", com.github.tomakehurst.wiremock.client.WireMock.absent()));
    assertThat(out.toString()).contains("baseline: none asked for (--baseline-from 56d");
    assertThat(out.toString().lines().toList()).contains("  figure                       agentline", "  Tasks submitted                      0",
        "  Time to PR ready p50, s              -");
    assertThat(out.toString()).doesNotContain("taken over", "mis-planned");
  }

  @Test
  void aBaselineWithoutACodeHostSaysWhichKeysConfigureIt() {
    serving("""
        {"since": "28d", "from": "2026-10-29T06:00:00Z", "until": "2026-11-26T06:00:00Z",
         "baseline": {"from": "2026-10-01T06:00:00Z", "until": "2026-10-29T06:00:00Z", "configured": false, "pullRequests": 0},
         "figures": [{"key": "merge_rate", "label": "Merge rate (merged / ended)", "agentline": null, "baseline": null}]}
        """);

    assertThat(agentline("report", "--baseline-from", "56d")).isZero();

    assertThat(out.toString()).contains("no code host configured on the audit service (agentline.audit.baseline.*)");
  }

  @Test
  void jsonPrintsTheServicesAnswer() throws Exception {
    serving(fixture("report.json"));

    assertThat(agentline("report", "--json")).isZero();

    var report = RestClient.JSON.readTree(out.toString());
    assertThat(report.path("human").path("mergeRate").asDouble()).isEqualTo(0.5);
  }

  @Test
  void csvGoesToTheFileAsTheServiceWroteIt(@TempDir Path dir) throws Exception {
    auditService.stubFor(get(urlPathEqualTo("/api/report.csv")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "text/csv;charset=UTF-8").withHeader("Content-Disposition", "attachment; filename=\"agentline-report.csv\"")
        .withBody(fixture("report.csv"))));
    Path file = dir.resolve("pilot.csv");

    assertThat(agentline("report", "--since", "28d", "--baseline-from", "56d", "--csv", file.toString())).as(err.toString()).isZero();

    assertThat(Files.readString(file)).isEqualTo(fixture("report.csv"));
    assertThat(out.toString()).contains("wrote 4 figure(s) as CSV to " + file);
    auditService.verify(getRequestedFor(urlPathEqualTo("/api/report.csv")).withQueryParam("baselineFrom", equalTo("56d"))
        .withHeader("Accept", com.github.tomakehurst.wiremock.client.WireMock.containing("text/csv")));
  }

  @Test
  void csvDashGoesToStdoutAndNothingElseDoes() {
    auditService.stubFor(get(urlPathEqualTo("/api/report.csv")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "text/csv;charset=UTF-8").withBody(fixture("report.csv"))));

    assertThat(agentline("report", "--csv", "-")).isZero();

    assertThat(out.toString()).isEqualTo(fixture("report.csv"));
  }

  @Test
  void aRefusedPeriodIsBadInputWithTheServicesReasonAndTheParameter() {
    auditService.stubFor(get(urlPathEqualTo("/api/report")).willReturn(aResponse().withStatus(400)
        .withHeader("Content-Type", "application/problem+json")
        .withBody("{\"type\": \"about:blank\", \"title\": \"Invalid request parameter\", \"status\": 400, "
            + "\"detail\": \"baselineUntil (2026-11-20T00:00:00Z) must be after baselineFrom (2026-11-25T00:00:00Z)\", "
            + "\"instance\": \"/api/report\", \"parameter\": \"baselineUntil\"}")));

    assertThat(agentline("report", "--baseline-from", "1d", "--baseline-until", "6d")).isEqualTo(ExitCodes.BAD_INPUT);

    assertThat(err.toString()).contains("agentline report: the audit service refused (HTTP 400): baselineUntil (2026-11-20T00:00:00Z) must be after",
        "  parameter: baselineUntil");
  }

  @Test
  void aBaselineUntilWithoutAFromIsBadInputAndAsksNothing() {
    assertThat(agentline("report", "--baseline-until", "28d")).isEqualTo(ExitCodes.BAD_INPUT);

    assertThat(err.toString()).contains("--baseline-until needs --baseline-from");
    assertThat(auditService.getAllServeEvents()).isEmpty();
  }

  @Test
  void aCodeHostThatCouldNotBeReadIsAFailureWithItsReason() {
    auditService.stubFor(get(urlPathEqualTo("/api/report.csv")).willReturn(aResponse().withStatus(502)
        .withHeader("Content-Type", "application/problem+json")
        .withBody("{\"title\": \"Baseline unavailable\", \"status\": 502, \"detail\": \"the baseline could not be read from the code host: "
            + "GitHub rate limit exceeded (403) on GET /repos/acme/shop/pulls while reading the baseline; try again after 2026-11-26T07:00:00Z\"}")));

    assertThat(agentline("report", "--baseline-from", "56d", "--csv", "-")).isEqualTo(ExitCodes.UNREACHABLE);

    assertThat(err.toString()).contains("the audit service failed (HTTP 502): the baseline could not be read from the code host: GitHub rate limit");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void anUnreachableAuditServiceIsExitThreeWithTheUrl() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    String url = "http://localhost:" + closedPort;

    assertThat(agentline("report", "--audit-url", url)).isEqualTo(ExitCodes.UNREACHABLE);

    assertThat(err.toString()).contains("agentline report: cannot reach the audit service at " + url + ": connection refused",
        "--audit-url or AGENTLINE_AUDIT_URL");
  }
}
