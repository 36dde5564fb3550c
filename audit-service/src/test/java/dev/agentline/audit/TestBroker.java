package dev.agentline.audit;

import dev.agentline.platform.KafkaAdmin;
import dev.agentline.platform.LocalKafka;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A real in-process broker for one Spring test context of the audit service: started from the
 * test's {@code @DynamicPropertySource} (which it fills in), stopped with its files deleted when
 * the context closes, after the listener containers ({@code @Import(TestBroker.Shutdown.class)}).
 */
public final class TestBroker {
  private static final Map<String, TestBroker> RUNNING = new ConcurrentHashMap<>();

  private final Path dir;
  private final LocalKafka kafka;

  private TestBroker(Path dir, LocalKafka kafka) {
    this.dir = dir;
    this.kafka = kafka;
  }

  /** Starts a broker in a new temp dir named {@code prefix}, with every agentline topic unless {@code createTopics} is false. */
  public static TestBroker start(String prefix, boolean createTopics, DynamicPropertyRegistry registry) throws IOException {
    Path dir = Files.createTempDirectory(prefix);
    LocalKafka kafka = LocalKafka.start(dir.resolve("kafka"));
    if (createTopics) KafkaAdmin.createTopics(kafka.bootstrapServers(), 1);
    TestBroker broker = new TestBroker(dir, kafka);
    RUNNING.put(kafka.bootstrapServers(), broker);
    registry.add("spring.kafka.bootstrap-servers", kafka::bootstrapServers);
    return broker;
  }

  public String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  private void stop() {
    kafka.close();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stops the context's broker with the context, after the listener containers have stopped. */
  @TestConfiguration(proxyBeanMethods = false)
  public static class Shutdown {
    @Bean
    DisposableBean stopTestBroker(@Value("${spring.kafka.bootstrap-servers}") String bootstrapServers) {
      return () -> {
        TestBroker broker = RUNNING.remove(bootstrapServers);
        if (broker != null) broker.stop();
      };
    }
  }
}
