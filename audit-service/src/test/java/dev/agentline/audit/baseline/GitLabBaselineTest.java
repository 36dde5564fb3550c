package dev.agentline.audit.baseline;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.agentline.audit.baseline.GitHubBaselineTest.FROM;
import static dev.agentline.audit.baseline.GitHubBaselineTest.UNTIL;
import static dev.agentline.audit.baseline.GitHubBaselineTest.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link GitLabBaseline} against a WireMock GitLab serving the REST v4 shapes (fixtures under baseline/gitlab). */
class GitLabBaselineTest {
  // GitLab takes the project path URL-encoded in place of its id
  static final String PROJECT = "/api/v4/projects/acme%2Fplatform%2Fshop";

  @RegisterExtension static final WireMockExtension gitlab = WireMockExtension.newInstance()
      .options(options().dynamicPort()).build();

  GitLabBaseline baseline() {
    return new GitLabBaseline(gitlab.baseUrl() + "/", List.of("acme/platform/shop"), 200, "GL_TOKEN", Map.of("GL_TOKEN", "glpat-secret")::get,
        HostApi.defaultClient(), Clock.fixed(Instant.parse("2026-11-01T00:00:00Z"), ZoneOffset.UTC));
  }

  void serveTheProject() {
    String list = gitlab.baseUrl() + PROJECT + "/merge_requests?scope=all&state=all&per_page=100";
    gitlab.stubFor(get(urlPathEqualTo(PROJECT + "/merge_requests")).withQueryParam("page", absent())
        .withQueryParam("created_after", equalTo("2026-10-01T00:00:00Z")).withQueryParam("created_before", equalTo("2026-10-29T00:00:00Z"))
        .withQueryParam("scope", equalTo("all")).withQueryParam("state", equalTo("all"))
        .willReturn(okJson(fixture("gitlab/merge-requests-page-1.json")).withHeader("X-Next-Page", "2").withHeader("X-Page", "1")
            .withHeader("Link", "<" + list + "&page=2>; rel=\"next\", <" + list + "&page=1>; rel=\"first\", <" + list + "&page=2>; rel=\"last\"")));
    gitlab.stubFor(get(urlPathEqualTo(PROJECT + "/merge_requests")).withQueryParam("page", equalTo("2"))
        .willReturn(okJson(fixture("gitlab/merge-requests-page-2.json")).withHeader("X-Next-Page", "").withHeader("X-Page", "2")
            .withHeader("Link", "<" + list + "&page=1>; rel=\"prev\", <" + list + "&page=1>; rel=\"first\", <" + list + "&page=2>; rel=\"last\"")));
    for (int iid : new int[] {10, 11}) {
      for (String part : List.of("notes", "pipelines", "commits")) {
        gitlab.stubFor(get(urlPathEqualTo(PROJECT + "/merge_requests/" + iid + "/" + part))
            .willReturn(okJson(fixture("gitlab/mr-" + iid + "-" + part + ".json"))));
      }
    }
  }

  @Test
  void readsThePeoplesMergeRequestsOfThePeriodAcrossPages() {
    serveTheProject();

    List<BaselinePullRequest> mrs = baseline().humanPullRequests(FROM, UNTIL);

    // !12 is agentline's branch
    assertThat(mrs).extracting(BaselinePullRequest::number).containsExactly(11, 10);
    gitlab.verify(0, getRequestedFor(urlPathEqualTo(PROJECT + "/merge_requests/12/notes")));
    gitlab.verify(getRequestedFor(urlPathEqualTo(PROJECT + "/merge_requests")).withHeader("PRIVATE-TOKEN", equalTo("glpat-secret")));
  }

  @Test
  void countsReviewersNotesAndFailedPipelinesOfAMergedMergeRequest() {
    serveTheProject();

    BaselinePullRequest merged = baseline().humanPullRequests(FROM, UNTIL).get(0);

    assertThat(merged).isEqualTo(new BaselinePullRequest("acme/platform/shop", 11,
        "https://gitlab.com/acme/platform/shop/-/merge_requests/11", "dana", Instant.parse("2026-10-15T10:00:00Z"),
        // a merged merge request has no closed_at on GitLab: merging closed it
        Instant.parse("2026-10-16T15:30:00Z"), Instant.parse("2026-10-16T15:30:00Z"),
        // frank's two notes; system notes, dana's reply and the project bot do not count
        2,
        2,
        // commits listed newest first, with offsets: the earliest is 2026-10-14T09:00Z
        Duration.ofHours(25)));
  }

  @Test
  void aMergeRequestOpenedAsADraftIsReadyWhenItsSystemNoteSaysSo() {
    serveTheProject();

    BaselinePullRequest closed = baseline().humanPullRequests(FROM, UNTIL).get(1);

    assertThat(closed.merged()).isFalse();
    assertThat(closed.closedAt()).isEqualTo(Instant.parse("2026-10-09T09:00:00Z"));
    assertThat(closed.ciFailures()).isZero();
    assertThat(closed.reviewComments()).isZero();
    assertThat(closed.firstCommitToReady()).isEqualTo(Duration.ofHours(48));
  }

  @Test
  void aRateLimitSaysWhenToTryAgain() {
    gitlab.stubFor(get(urlPathEqualTo(PROJECT + "/merge_requests")).willReturn(aResponse().withStatus(429)
        .withHeader("RateLimit-Limit", "2000").withHeader("RateLimit-Remaining", "0").withHeader("RateLimit-Reset", "1793500000")
        .withHeader("Retry-After", "120").withBody("Retry later\n")));

    assertThatThrownBy(() -> baseline().humanPullRequests(FROM, UNTIL)).isInstanceOf(BaselineException.class)
        .hasMessageContaining("GitLab rate limit exceeded (429)").hasMessageContaining("try again after 2026-11-01T00:02:00Z");
  }

  @Test
  void anUnknownProjectSaysSo() {
    gitlab.stubFor(get(urlPathEqualTo(PROJECT + "/merge_requests")).willReturn(aResponse().withStatus(404)
        .withHeader("Content-Type", "application/json").withBody("{\"message\":\"404 Project Not Found\"}")));

    assertThatThrownBy(() -> baseline().humanPullRequests(FROM, UNTIL)).isInstanceOf(BaselineException.class)
        .hasMessageContaining("answered 404: 404 Project Not Found").hasMessageNotContaining("glpat-secret");
  }
}
