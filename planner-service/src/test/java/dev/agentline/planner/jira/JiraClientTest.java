package dev.agentline.planner.jira;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The Jira calls against WireMock: paging, 429 with and without Retry-After, 5xx, 4xx, transitions by name. */
class JiraClientTest {
  WireMockServer jira;
  JiraClient client;

  @BeforeEach
  void start() {
    jira = new WireMockServer(wireMockConfig().dynamicPort());
    jira.start();
    client = new JiraClient(new JiraProperties(true, URI.create(jira.baseUrl()), "bot@example.com", "api-token-123", null, "agentline",
        "labels = agentline", null, "http://localhost:8084/console/#/tasks/{taskId}", new JiraProperties.Mapping(null, null, null, null, null), Map.of(),
        new JiraProperties.Http(4, Duration.ofMillis(200), Duration.ofSeconds(3), Duration.ofSeconds(5)), "g"));
  }

  @AfterEach
  void stop() {
    jira.stop();
  }

  @Test
  void anIssueIsFetchedWithBasicAuth() {
    jira.stubFor(get(urlPathEqualTo("/rest/api/3/issue/CALC-7")).willReturn(okJson(JiraFixtures.text("issue-CALC-7.json"))));

    JsonNode issue = client.issue("CALC-7");

    assertThat(issue.path("fields").path("summary").asString()).isEqualTo("add() subtracts instead of adding");
    String basic = "Basic " + Base64.getEncoder().encodeToString("bot@example.com:api-token-123".getBytes());
    jira.verify(getRequestedFor(urlPathEqualTo("/rest/api/3/issue/CALC-7")).withHeader("Authorization", equalTo(basic)));
  }

  @Test
  void aSearchFollowsNextPageTokenUntilIsLast() {
    jira.stubFor(get(urlPathEqualTo("/rest/api/3/search/jql")).withQueryParam("nextPageToken", com.github.tomakehurst.wiremock.client.WireMock.absent())
        .willReturn(okJson(JiraFixtures.text("search-page-1.json"))));
    jira.stubFor(get(urlPathEqualTo("/rest/api/3/search/jql")).withQueryParam("nextPageToken", equalTo("CAEaAggD"))
        .willReturn(okJson(JiraFixtures.text("search-page-2.json"))));

    List<JsonNode> issues = client.search("labels = agentline AND statusCategory != Done", List.of("summary", "labels"));

    assertThat(issues).extracting(i -> i.path("key").asString()).containsExactly("CALC-7", "CALC-8", "CALC-9");
    jira.verify(2, getRequestedFor(urlPathEqualTo("/rest/api/3/search/jql"))
        .withQueryParam("jql", equalTo("labels = agentline AND statusCategory != Done")).withQueryParam("fields", equalTo("summary,labels")));
  }

  @Test
  void a429WithRetryAfterWaitsThatLongThenSucceeds() {
    jira.stubFor(get(urlPathEqualTo("/rest/api/3/issue/CALC-7")).inScenario("limited").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1").withBody("{\"errorMessages\":[\"Rate limit exceeded.\"]}"))
        .willSetStateTo("open"));
    jira.stubFor(get(urlPathEqualTo("/rest/api/3/issue/CALC-7")).inScenario("limited").whenScenarioStateIs("open")
        .willReturn(okJson(JiraFixtures.text("issue-CALC-7.json"))));

    long started = System.nanoTime();
    assertThat(client.issue("CALC-7").path("key").asString()).isEqualTo("CALC-7");

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    jira.verify(2, getRequestedFor(urlPathEqualTo("/rest/api/3/issue/CALC-7")));
  }

  @Test
  void a429WithoutRetryAfterBacksOffExponentiallyThenSucceeds() {
    jira.stubFor(get(urlPathEqualTo("/rest/api/3/issue/CALC-7")).inScenario("limited").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(aResponse().withStatus(429)).willSetStateTo("again"));
    jira.stubFor(get(urlPathEqualTo("/rest/api/3/issue/CALC-7")).inScenario("limited").whenScenarioStateIs("again")
        .willReturn(aResponse().withStatus(429)).willSetStateTo("open"));
    jira.stubFor(get(urlPathEqualTo("/rest/api/3/issue/CALC-7")).inScenario("limited").whenScenarioStateIs("open")
        .willReturn(okJson(JiraFixtures.text("issue-CALC-7.json"))));

    long started = System.nanoTime();
    assertThat(client.issue("CALC-7").path("key").asString()).isEqualTo("CALC-7");

    // waits of 100..200 ms, then 200..400 ms
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300)).isLessThan(Duration.ofSeconds(3));
    jira.verify(3, getRequestedFor(urlPathEqualTo("/rest/api/3/issue/CALC-7")));
  }

  @Test
  void serverErrorsAreRetriedAFewTimesThenReportedClearly() {
    jira.stubFor(get(urlPathEqualTo("/rest/api/3/issue/CALC-7")).willReturn(aResponse().withStatus(503).withBody("upstream unavailable")));

    assertThatThrownBy(() -> client.issue("CALC-7")).isInstanceOf(JiraClient.JiraException.class)
        .hasMessage("Jira answered 503 to GET /rest/api/3/issue/CALC-7 4 times; giving up: upstream unavailable");
    jira.verify(4, getRequestedFor(urlPathEqualTo("/rest/api/3/issue/CALC-7")));
  }

  @Test
  void aClientErrorIsNotRetriedAndNamesJirasMessages() {
    jira.stubFor(get(urlPathEqualTo("/rest/api/3/issue/CALC-404")).willReturn(aResponse().withStatus(404)
        .withBody("{\"errorMessages\":[\"Issue does not exist or you do not have permission to see it.\"],\"errors\":{}}")));

    assertThatThrownBy(() -> client.issue("CALC-404")).isInstanceOf(JiraClient.JiraException.class)
        .hasMessage("Jira answered 404 to GET /rest/api/3/issue/CALC-404: Issue does not exist or you do not have permission to see it.");
    jira.verify(1, getRequestedFor(urlPathEqualTo("/rest/api/3/issue/CALC-404")));
  }

  @Test
  void aTransitionIsAppliedByItsName() {
    jira.stubFor(get(urlPathEqualTo("/rest/api/3/issue/CALC-7/transitions")).willReturn(okJson("""
        {"expand": "transitions", "transitions": [
          {"id": "11", "name": "To Do", "to": {"name": "To Do", "id": "10000"}, "hasScreen": false, "isGlobal": true},
          {"id": "21", "name": "In Progress", "to": {"name": "In Progress", "id": "3"}, "hasScreen": false, "isGlobal": true},
          {"id": "31", "name": "In Review", "to": {"name": "In Review", "id": "10002"}, "hasScreen": false, "isGlobal": true}]}""")));
    jira.stubFor(post(urlPathEqualTo("/rest/api/3/issue/CALC-7/transitions")).willReturn(aResponse().withStatus(204)));

    client.transition("CALC-7", "In Review");

    jira.verify(postRequestedFor(urlPathEqualTo("/rest/api/3/issue/CALC-7/transitions")).withRequestBody(equalToJson("{\"transition\":{\"id\":\"31\"}}")));
    assertThatThrownBy(() -> client.transition("CALC-7", "Shipped")).hasMessage(
        "issue CALC-7 has no transition named 'Shipped' now; it offers [To Do, In Progress, In Review]");
  }
}
