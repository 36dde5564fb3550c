package dev.agentline.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ActuatorTest {

  @Test
  void readsSeriesLabelsAndValuesOfThePrometheusTextFormat() {
    List<Actuator.Sample> samples = Actuator.parse("""
        # HELP agentline_steps_outstanding Step requests sent and not answered yet
        # TYPE agentline_steps_outstanding gauge
        agentline_steps_outstanding{application="planner",role="code-edit"} 2.0
        agentline_model_cost_usd_total{model="a \\"quoted\\" name",role="manager"} 0.0081
        process_uptime_seconds 12.5
        """);

    assertThat(samples).containsExactly(
        new Actuator.Sample("agentline_steps_outstanding", Map.of("application", "planner", "role", "code-edit"), 2.0),
        new Actuator.Sample("agentline_model_cost_usd_total", Map.of("model", "a \"quoted\" name", "role", "manager"), 0.0081),
        new Actuator.Sample("process_uptime_seconds", Map.of(), 12.5));
    assertThat(samples.get(0).has(Map.of("role", "code-edit"))).isTrue();
    assertThat(samples.get(0).has(Map.of("role", "manager"))).isFalse();
    assertThat(Actuator.value(samples, "agentline_steps_outstanding", Map.of())).hasValue(2.0);
    assertThat(Actuator.value(samples, "agentline_steps_outstanding", Map.of("role", "review"))).isEmpty();
  }

  @Test
  void aProbeIsItsHttpStatusAndItsHealthStatus() throws Exception {
    com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("localhost", 0), 0);
    server.createContext("/actuator/health/", exchange -> {
      boolean ready = exchange.getRequestURI().getPath().endsWith("/liveness");
      byte[] body = (ready ? "{\"status\":\"UP\"}" : "{\"status\" : \"OUT_OF_SERVICE\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(ready ? 200 : 503, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    try {
      Actuator actuator = new Actuator("http://localhost:" + server.getAddress().getPort());
      assertThat(actuator.probe("liveness")).isEqualTo("200 UP");
      assertThat(actuator.probe("readiness")).isEqualTo("503 OUT_OF_SERVICE");
    } finally {
      server.stop(0);
    }
  }
}
