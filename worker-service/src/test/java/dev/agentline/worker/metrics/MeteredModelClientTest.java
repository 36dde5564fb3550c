package dev.agentline.worker.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentline.platform.models.ModelCatalog;
import dev.agentline.schemas.Role;
import dev.agentline.schemas.StepKind;
import dev.agentline.worker.models.Message;
import dev.agentline.worker.models.ModelRequest;
import dev.agentline.worker.models.ModelResponse;
import dev.agentline.worker.models.TransientModelException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class MeteredModelClientTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final ModelCatalog catalog = ModelCatalog.parse("""
      provider: openai-compatible
      base-url: http://localhost:1/v1
      model: qwen
      price: {input: 1, output: 2}
      """, "test", java.nio.file.Path.of("."));
  private final ModelRequest request = new ModelRequest(Role.CODE_EDIT, StepKind.EXECUTE, "s1", 1, 0, "t/s1/1", List.of(Message.user("hi")));

  @Test
  void anAnswerIsTimedWithTheProvidersLatencyAndCountsItsTokensAndCost() {
    var client = new MeteredModelClient(r -> new ModelResponse("ok", "openai-compatible", "qwen", 1_000, 500, Duration.ofMillis(250), "stop"),
        catalog::spec, new WorkerMetrics(registry));

    client.call(request);

    var timer = registry.get(WorkerMetrics.LATENCY).tags("role", "code-edit", "model", "qwen", "provider", "openai-compatible", "outcome", "ok").timer();
    assertThat(timer.count()).isEqualTo(1);
    assertThat(timer.totalTime(java.util.concurrent.TimeUnit.MILLISECONDS)).isEqualTo(250.0);
    assertThat(registry.get(WorkerMetrics.TOKENS).tags("role", "code-edit", "direction", "input").counter().count()).isEqualTo(1_000.0);
    assertThat(registry.get(WorkerMetrics.TOKENS).tags("role", "code-edit", "direction", "output").counter().count()).isEqualTo(500.0);
    assertThat(registry.get(WorkerMetrics.COST).tags("role", "code-edit", "model", "qwen").counter().count()).isCloseTo(0.002, org.assertj.core.data.Offset.offset(1e-12));
  }

  @Test
  void aFailedCallIsTimedAsAnErrorAndStillThrown() {
    var client = new MeteredModelClient(r -> {
      throw new TransientModelException("HTTP 503", "openai-compatible", "qwen");
    }, catalog::spec, new WorkerMetrics(registry));

    assertThatThrownBy(() -> client.call(request)).isInstanceOf(TransientModelException.class);

    assertThat(registry.get(WorkerMetrics.LATENCY).tags("outcome", "error", "model", "qwen").timer().count()).isEqualTo(1);
    assertThat(registry.find(WorkerMetrics.TOKENS).counters()).isEmpty();
  }
}
