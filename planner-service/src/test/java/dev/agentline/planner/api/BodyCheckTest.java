package dev.agentline.planner.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BodyCheckTest {
  final BodyCheck check = new BodyCheck(100, 3);

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aSmallWellFormedBodyPasses() {
    assertThat(check.problem(utf8("{\"a\": [{\"b\": \"caf\u00e9 \uD83D\uDE00\"}]}"))).isEmpty();
  }

  @Test
  void aBodyOverTheCapIsTooLargeAndSaysTheCapAndItsKey() {
    var refusal = check.problem(new byte[101]).orElseThrow();
    assertThat(refusal.tooLarge()).isTrue();
    assertThat(refusal.detail()).isEqualTo("the body is 101 bytes; at most 100 are accepted (agentline.planner.api.max-body-bytes)");
  }

  @Test
  void nestingDeeperThanTheLimitIsRefusedButBracketsInsideStringsDoNotCount() {
    assertThat(check.problem(utf8("[[[{}]]]")).orElseThrow().detail()).contains("more than 3 deep (at byte 3");
    assertThat(check.problem(utf8("[[\"[[[[\\\"[[[\"]]"))).isEmpty();
  }

  @Test
  void invalidUtf8IsRefusedWithItsPosition() {
    byte[] overlong = {'"', 'a', (byte) 0xC0, (byte) 0xAF, '"'};
    assertThat(check.problem(overlong).orElseThrow().detail()).isEqualTo("the body is not valid UTF-8: malformed byte sequence at byte 2");
    byte[] cutShort = {'"', (byte) 0xE2, (byte) 0x82};
    assertThat(check.problem(cutShort)).get().extracting(BodyCheck.Refusal::tooLarge).isEqualTo(false);
    byte[] surrogate = {(byte) 0xED, (byte) 0xA0, (byte) 0x80};
    assertThat(check.problem(surrogate)).isPresent();
  }

  @Test
  void aLimitBelowOneNamesItsKey() {
    assertThatThrownBy(() -> new BodyCheck(0, 3)).hasMessage("agentline.planner.api.max-body-bytes must be >= 1, was 0");
    assertThatThrownBy(() -> new ApiProperties(10, 0)).hasMessage("agentline.planner.api.max-nesting-depth must be >= 1, was 0");
  }
}
