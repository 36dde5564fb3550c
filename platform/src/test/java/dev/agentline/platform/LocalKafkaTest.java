package dev.agentline.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class LocalKafkaTest {

  @Test
  void theBrokersPortsAreNeverTheSameTwice() {
    // asked one at a time, the system handed the same port to the broker's two listeners now and then (a red CI)
    for (int i = 0; i < 500; i++) {
      int[] ports = LocalKafka.freePorts(2);

      assertThat(ports[0]).isNotEqualTo(ports[1]);
      assertThat(Arrays.stream(ports)).allMatch(p -> p > 0 && p < 65536);
    }
  }
}
