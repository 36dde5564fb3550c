package dev.agentline.audit.baseline;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link GitHubBaseline} against a WireMock GitHub serving the REST v3 shapes (fixtures under baseline/github): two
 * pages of pulls, newest first, where the second page reaches back before the period.
 */
class GitHubBaselineTest {
  static final Instant FROM = Instant.parse("2026-10-01T00:00:00Z");
  static final Instant UNTIL = Instant.parse("2026-10-29T00:00:00Z");
  static final String REPO = "/repos/acme/shop";

  @RegisterExtension static final WireMockExtension github = WireMockExtension.newInstance().options(options().dynamicPort()).build();

  static String fixture(String name) {
    try (var in = GitHubBaselineTest.class.getResourceAsStream("/baseline/" + name)) {
      if (in == null) throw new IllegalArgumentException("no fixture " + name);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  GitHubBaseline baseline(Map<String, String> env) {
    return new GitHubBaseline(github.baseUrl(), List.of("acme/shop"), 200, "BASELINE_TOKEN", env::get, HostApi.defaultClient(),
        Clock.fixed(Instant.parse("2026-11-01T00:00:00Z"), ZoneOffset.UTC));
  }

  GitHubBaseline baseline() {
    return baseline(Map.of("BASELINE_TOKEN", "ghp_secret"));
  }

  void serveTheRepository() {
    String pulls = github.baseUrl() + REPO + "/pulls?state=all&sort=created&direction=desc&per_page=100";
    github.stubFor(get(urlPathEqualTo(REPO + "/pulls")).withQueryParam("page", equalTo("2"))
        .willReturn(okJson(fixture("github/pulls-page-2.json"))
            .withHeader("Link", "<" + pulls + "&page=1>; rel=\"prev\", <" + pulls + "&page=3>; rel=\"next\", <" + pulls + "&page=3>; rel=\"last\"")));
    github.stubFor(get(urlPathEqualTo(REPO + "/pulls")).withQueryParam("state", equalTo("all")).withQueryParam("sort", equalTo("created"))
        .withQueryParam("direction", equalTo("desc")).withQueryParam("page", com.github.tomakehurst.wiremock.client.WireMock.absent())
        .willReturn(okJson(fixture("github/pulls-page-1.json"))
            .withHeader("Link", "<" + pulls + "&page=2>; rel=\"next\", <" + pulls + "&page=3>; rel=\"last\"")));
    serve("/pulls/43/comments", "github/pr-43-review-comments.json");
    serve("/issues/43/comments", "github/pr-43-issue-comments.json");
    serve("/commits/4343434343434343434343434343434343434343/check-runs", "github/check-runs-43.json");
    serve("/commits/4343434343434343434343434343434343434343/status", "github/status-43.json");
    serve("/pulls/43/commits", "github/pr-43-commits.json");
    serve("/issues/43/timeline", "github/timeline-43.json");
    github.stubFor(get(urlPathEqualTo(REPO + "/pulls/42/comments")).willReturn(okJson("[]")));
    github.stubFor(get(urlPathEqualTo(REPO + "/issues/42/comments")).willReturn(okJson("[]")));
    github.stubFor(get(urlPathEqualTo(REPO + "/commits/4242424242424242424242424242424242424242/check-runs"))
        .willReturn(okJson("{\"total_count\": 0, \"check_runs\": []}")));
    serve("/commits/4242424242424242424242424242424242424242/status", "github/status-42.json");
    serve("/pulls/42/commits", "github/pr-42-commits.json");
    serve("/issues/42/timeline", "github/timeline-42.json");
  }

  void serve(String path, String fixture) {
    github.stubFor(get(urlPathEqualTo(REPO + path)).willReturn(okJson(fixture(fixture))));
  }

  @Test
  void readsThePeoplesPullRequestsOfThePeriodAcrossPagesAndStopsAtTheFirstOlderOne() {
    serveTheRepository();

    List<BaselinePullRequest> prs = baseline().humanPullRequests(FROM, UNTIL);

    // #45 is after the period, #44 is agentline's branch, #41 is before it
    assertThat(prs).extracting(BaselinePullRequest::number).containsExactly(43, 42);
    github.verify(0, getRequestedFor(urlPathEqualTo(REPO + "/pulls")).withQueryParam("page", equalTo("3")));
    github.verify(0, getRequestedFor(urlPathEqualTo(REPO + "/pulls/44/comments")));
    github.verify(0, getRequestedFor(urlPathEqualTo(REPO + "/pulls/41/comments")));
  }

  @Test
  void countsReviewersCommentsAndFailedChecksOfAMergedPullRequest() {
    serveTheRepository();

    BaselinePullRequest merged = baseline().humanPullRequests(FROM, UNTIL).get(0);

    assertThat(merged).isEqualTo(new BaselinePullRequest("acme/shop", 43, "https://github.com/acme/shop/pull/43", "ana",
        Instant.parse("2026-10-15T10:00:00Z"), Instant.parse("2026-10-16T15:30:00Z"), Instant.parse("2026-10-16T15:30:00Z"),
        // carol's two line comments and one conversation comment; ana's replies and the Actions bot do not count
        3,
        // check runs "build" (failure) and "e2e" (timed_out), status ci/jenkins (failure)
        3,
        // the earliest authored commit (the list is not in that order) to the opening
        Duration.ofHours(25)));
    assertThat(merged.merged()).isTrue();
  }

  @Test
  void aPullRequestOpenedAsADraftIsReadyWhenItWasFirstMarkedReady() {
    serveTheRepository();

    BaselinePullRequest closed = baseline().humanPullRequests(FROM, UNTIL).get(1);

    assertThat(closed.merged()).isFalse();
    assertThat(closed.closedAt()).isEqualTo(Instant.parse("2026-10-09T09:00:00Z"));
    assertThat(closed.reviewComments()).isZero();
    assertThat(closed.ciFailures()).isZero();
    assertThat(closed.firstCommitToReady()).isEqualTo(Duration.ofHours(48));
  }

  @Test
  void sendsTheTokenFromTheConfiguredVariableAndTheApiVersion() {
    serveTheRepository();

    baseline().humanPullRequests(FROM, UNTIL);

    github.verify(getRequestedFor(urlPathEqualTo(REPO + "/pulls")).withHeader("Authorization", equalTo("Bearer ghp_secret"))
        .withHeader("X-GitHub-Api-Version", equalTo("2022-11-28")).withHeader("Accept", equalTo("application/vnd.github+json")));
  }

  @Test
  void theCapLimitsHowManyPullRequestsAreRead() {
    serveTheRepository();
    GitHubBaseline one = new GitHubBaseline(github.baseUrl(), List.of("acme/shop"), 1, "T", Map.of("T", "x")::get, HostApi.defaultClient(),
        Clock.systemUTC());

    assertThat(one.humanPullRequests(FROM, UNTIL)).extracting(BaselinePullRequest::number).containsExactly(43);
    github.verify(0, getRequestedFor(urlPathEqualTo(REPO + "/pulls/42/comments")));
  }

  @Test
  void anExhaustedRateLimitSaysWhenToTryAgain() {
    github.stubFor(get(urlPathEqualTo(REPO + "/pulls")).willReturn(aResponse().withStatus(403)
        .withHeader("Content-Type", "application/json").withHeader("x-ratelimit-limit", "5000").withHeader("x-ratelimit-remaining", "0")
        .withHeader("x-ratelimit-reset", "1793500000")
        .withBody("{\"message\": \"API rate limit exceeded for user ID 101.\", \"documentation_url\": "
            + "\"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api\", \"status\": \"403\"}")));

    assertThatThrownBy(() -> baseline().humanPullRequests(FROM, UNTIL)).isInstanceOf(BaselineException.class)
        .hasMessageContaining("GitHub rate limit exceeded (403) on GET /repos/acme/shop/pulls")
        .hasMessageContaining("try again after " + Instant.ofEpochSecond(1793500000))
        .hasMessageContaining("agentline.audit.baseline.max-pull-requests");
  }

  @Test
  void aSecondaryRateLimitIsARateLimitToo() {
    github.stubFor(get(urlPathEqualTo(REPO + "/pulls")).willReturn(aResponse().withStatus(403).withHeader("Content-Type", "application/json")
        .withHeader("retry-after", "60")
        .withBody("{\"message\": \"You have exceeded a secondary rate limit. Please wait a few minutes before you try again.\"}")));

    assertThatThrownBy(() -> baseline().humanPullRequests(FROM, UNTIL)).isInstanceOf(BaselineException.class)
        .hasMessageContaining("rate limit exceeded (403)").hasMessageContaining("try again after 2026-11-01T00:01:00Z");
  }

  @Test
  void aForbiddenRepositoryIsNotMistakenForARateLimit() {
    github.stubFor(get(urlPathEqualTo(REPO + "/pulls")).willReturn(aResponse().withStatus(404).withHeader("Content-Type", "application/json")
        .withBody("{\"message\": \"Not Found\", \"documentation_url\": \"https://docs.github.com/rest/pulls/pulls#list-pull-requests\"}")));

    assertThatThrownBy(() -> baseline().humanPullRequests(FROM, UNTIL)).isInstanceOf(BaselineException.class)
        .hasMessageContaining("GitHub GET /repos/acme/shop/pulls answered 404: Not Found")
        .hasMessageContaining("may the token from BASELINE_TOKEN read it?");
  }

  @Test
  void aRejectedTokenNamesItsVariableButNotItsValue() {
    github.stubFor(get(urlPathEqualTo(REPO + "/pulls")).willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
        .withBody("{\"message\": \"Bad credentials\", \"documentation_url\": \"https://docs.github.com/rest\"}")));

    assertThatThrownBy(() -> baseline().humanPullRequests(FROM, UNTIL)).isInstanceOf(BaselineException.class)
        .hasMessageContaining("GitHub rejected the token from BASELINE_TOKEN (401 Bad credentials)")
        .hasMessageNotContaining("ghp_secret");
  }

  @Test
  void withoutATokenNothingIsCalled() {
    assertThatThrownBy(() -> baseline(Map.of()).humanPullRequests(FROM, UNTIL)).isInstanceOf(BaselineException.class)
        .hasMessageContaining("environment variable BASELINE_TOKEN is not set");
    assertThat(github.getAllServeEvents()).isEmpty();
  }
}
