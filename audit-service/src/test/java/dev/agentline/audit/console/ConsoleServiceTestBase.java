package dev.agentline.audit.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.agentline.audit.AuditApplication;
import dev.agentline.audit.TestBroker;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import dev.agentline.platform.AvroCodec;
import dev.agentline.platform.Topics;
import dev.agentline.schemas.TaskCommand;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The audit service with its embedded PostgreSQL and a real in-process broker, holding the
 * {@link ConsoleFixtures} tasks (produced to the topics and ingested as in production). The context is
 * shared by the console's test classes; the fixtures are sent once.
 */
@SpringBootTest(classes = AuditApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "agentline.security.mode=tokens",
    "agentline.security.tokens[0].name=admin", "agentline.security.tokens[0].sha256=" + ConsoleServiceTestBase.ADMIN_SHA256,
    "agentline.security.tokens[0].roles=admin",
    "agentline.security.tokens[1].name=sam", "agentline.security.tokens[1].sha256=" + ConsoleServiceTestBase.SAM_SHA256,
    "agentline.security.tokens[1].roles=approver",
    "agentline.security.tokens[2].name=vic", "agentline.security.tokens[2].sha256=" + ConsoleServiceTestBase.VIC_SHA256,
    "agentline.security.tokens[2].roles=approver",
    "agentline.security.tokens[3].name=rita", "agentline.security.tokens[3].sha256=" + ConsoleServiceTestBase.RITA_SHA256,
    "agentline.security.tokens[3].roles=submitter,approver",
    "agentline.security.tokens[4].name=carol", "agentline.security.tokens[4].sha256=" + ConsoleServiceTestBase.CAROL_SHA256,
    "agentline.security.tokens[4].roles=analyst",
    "agentline.security.tokens[5].name=guest", "agentline.security.tokens[5].sha256=" + ConsoleServiceTestBase.GUEST_SHA256})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Import(TestBroker.Shutdown.class)
abstract class ConsoleServiceTestBase {
  // API tokens; configuration holds only their SHA-256 (printf %s "$TOKEN" | sha256sum)
  static final String ADMIN = "admin-token", SAM = "sam-token", VIC = "vic-token", RITA = "rita-token", CAROL = "carol-token", GUEST = "guest-token";
  static final String ADMIN_SHA256 = "10a4c7c9fc5206d6f36dc6944a81bb6f4a3cb0e25014ae3b12e6c3e52712292a";
  static final String SAM_SHA256 = "936bfb82812a7c03bf9bbdb6b435e42b2af1bf7c3770444fd2fb3e6fe74ce619";
  static final String VIC_SHA256 = "64dfe617eb7cc9ad5f2664e9af7de9b0ca864047e371eddb9c4b8049f5314eff";
  static final String RITA_SHA256 = "d7b426ec51712b3284ee4bb20cb8ef761e71d8f1d7d8433a271165f4120e9507";
  static final String CAROL_SHA256 = "6c0d2c0b430d9d9e3231e2645090c735a5059173d4ddf51f186e3f32e01bc832";
  static final String GUEST_SHA256 = "1da7e95ba163e2a04fb0079b15fcaebfeec45f916e108f2b799f5b8cead9e46c";
  static TestBroker kafka;
  private static boolean seeded;

  @Autowired JdbcClient jdbc;
  @LocalServerPort int port;

  @DynamicPropertySource
  static void kafka(DynamicPropertyRegistry registry) throws IOException {
    kafka = TestBroker.start("audit-console-test", true, registry);
  }

  @BeforeAll
  void seed() throws Exception {
    synchronized (ConsoleServiceTestBase.class) {
      if (!seeded) {
        int sent = ConsoleFixtures.produce(kafka.bootstrapServers());
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
            assertThat(jdbc.sql("SELECT count(*) FROM audit_record").query(Long.class).single()).isEqualTo(sent));
        seeded = true;
      }
    }
  }

  /** A request to this service with {@code Authorization: Bearer <token>}. */
  HttpRequest.Builder request(String token, String path) {
    return HttpRequest.newBuilder(URI.create(baseUrl() + path)).header("Authorization", "Bearer " + token);
  }

  /** The one command on agentline.commands that {@code which} picks, waiting up to 20 s for it. */
  ConsumerRecord<String, byte[]> onlyCommand(Predicate<TaskCommand> which, String description) {
    try (var consumer = new KafkaConsumer<String, byte[]>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
        new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(Topics.COMMANDS).stream()
          .map(p -> new TopicPartition(Topics.COMMANDS, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
      long deadline = System.currentTimeMillis() + 20_000;
      while (found.isEmpty() && System.currentTimeMillis() < deadline) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          if (which.test(AvroCodec.get().decode(record.value(), TaskCommand.class))) found.add(record);
        }
      }
      assertThat(found).as(description).hasSize(1);
      return found.get(0);
    }
  }

  String baseUrl() {
    return "http://localhost:" + port;
  }

}
