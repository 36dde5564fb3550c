package dev.agentline.worker.roles;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentline.platform.AvroCodec;
import dev.agentline.platform.Meta;
import dev.agentline.schemas.ChatMessage;
import dev.agentline.schemas.ModelCall;
import dev.agentline.schemas.Role;
import dev.agentline.schemas.StepKind;
import dev.agentline.schemas.Usage;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelCallFitTest {
  static ModelCall call(String system, String user, String response) {
    return ModelCall.newBuilder()
        .setMeta(Meta.of("t-1", null, "worker-test", Instant.parse("2026-11-26T00:00:00Z")))
        .setRequestId("t-1/s1/1").setRole(Role.CODE_EDIT).setKind(StepKind.EXECUTE).setProvider("replay").setModel("cassette")
        .setPrompt(List.of(ChatMessage.newBuilder().setRole("system").setContent(system).build(),
            ChatMessage.newBuilder().setRole("user").setContent(user).build()))
        .setResponse(response)
        .setUsage(Usage.newBuilder().setInputTokens(1).setOutputTokens(1).setCostUsd(0.0).build())
        .setLatencyMs(1).setOk(true).build();
  }

  @Test
  void aCallThatFitsIsLeftAlone() {
    ModelCall small = call("system", "user", "answer");
    assertThat(ModelCallFit.fit(small, ModelCallFit.MAX_BYTES)).isSameAs(small);
  }

  @Test
  void anOversizedCallIsCutInItsLongestTextsWithAMarkerUntilItFits() {
    String files = "\u00e9".repeat(500_000); // two bytes each in UTF-8
    ModelCall huge = call("You are a code-edit worker", files, "r".repeat(100_000));

    ModelCall fitted = ModelCallFit.fit(huge, ModelCallFit.MAX_BYTES);

    assertThat(AvroCodec.get().encode(fitted).length).isLessThanOrEqualTo(ModelCallFit.MAX_BYTES);
    assertThat(fitted.getPrompt().get(0).getContent()).isEqualTo("You are a code-edit worker");
    assertThat(fitted.getPrompt().get(1).getContent()).startsWith("\u00e9\u00e9\u00e9")
        .containsPattern("\\[\\.\\.\\. agentline: \\d+ of 500000 characters cut so the ModelCall record fits in one Kafka record \\.\\.\\.]$");
    assertThat(fitted.getResponse()).isEqualTo(huge.getResponse());
    assertThat(fitted.getRequestId()).isEqualTo("t-1/s1/1");
  }
}
