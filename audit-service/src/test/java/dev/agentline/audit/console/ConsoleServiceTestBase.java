package dev.agentline.audit.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.agentline.audit.AuditApplication;
import dev.agentline.audit.TestBroker;
import java.io.IOException;
import java.time.Duration;
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
@SpringBootTest(classes = AuditApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Import(TestBroker.Shutdown.class)
abstract class ConsoleServiceTestBase {
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

  String baseUrl() {
    return "http://localhost:" + port;
  }

}
