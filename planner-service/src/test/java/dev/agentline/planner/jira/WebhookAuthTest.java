package dev.agentline.planner.jira;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebhookAuthTest {
  final WebhookAuth auth = new WebhookAuth("It's a Secret to Everybody");
  final byte[] body = "Hello, World!".getBytes(StandardCharsets.UTF_8);

  @Test
  void aSignatureOverTheRawBodyIsAccepted() {
    // the WebSub / GitHub reference vector: HMAC-SHA256("It's a Secret to Everybody", "Hello, World!")
    String signature = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
    assertThat(auth.signature(body)).isEqualTo(signature);
    assertThat(auth.accepts(body, signature, null)).isTrue();
    assertThat(auth.accepts(body, signature.toUpperCase().replace("SHA256", "sha256"), null)).isTrue();
  }

  @Test
  void aWrongOrMalformedSignatureIsRefusedEvenWithTheRightQuerySecret() {
    assertThat(auth.accepts(body, "sha256=" + "0".repeat(64), "It's a Secret to Everybody")).isFalse();
    assertThat(auth.accepts(body, "sha1=abc", null)).isFalse();
    assertThat(auth.accepts(body, "sha256=not-hex", null)).isFalse();
    assertThat(auth.accepts("Hello, World?".getBytes(StandardCharsets.UTF_8), auth.signature(body), null)).isFalse();
  }

  @Test
  void withoutASignatureTheQuerySecretMustMatch() {
    assertThat(auth.accepts(body, null, "It's a Secret to Everybody")).isTrue();
    assertThat(auth.accepts(body, null, "guess")).isFalse();
    assertThat(auth.accepts(body, null, null)).isFalse();
  }

  @Test
  void noConfiguredSecretAcceptsEverything() {
    assertThat(new WebhookAuth(" ").accepts(body, null, null)).isTrue();
    assertThat(new WebhookAuth(null).required()).isFalse();
  }
}
