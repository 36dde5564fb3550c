package dev.agentline.platform;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A real Kafka broker (KRaft, combined broker and controller) inside this JVM: the embedded
 * default of the demo, the CLI and the end-to-end tests. Share groups and transactions work on it.
 */
public final class LocalKafka implements AutoCloseable {
  private final KafkaRaftServer server;
  private final String bootstrap;
  private final Path logDir;
  private final int port;
  private final int controllerPort;
  private final Map<String, String> overrides;

  private LocalKafka(KafkaRaftServer server, Path logDir, int port, int controllerPort, Map<String, String> overrides) {
    this.server = server;
    this.bootstrap = "localhost:" + port;
    this.logDir = logDir;
    this.port = port;
    this.controllerPort = controllerPort;
    this.overrides = Map.copyOf(overrides);
  }

  public String bootstrapServers() {
    return bootstrap;
  }

  /** Starts a broker on two free ports, storing its log in {@code logDir}. */
  public static LocalKafka start(Path logDir) {
    int[] ports = freePorts(2);
    return start(logDir, ports[0], ports[1]);
  }

  /**
   * Starts a broker on two free ports with some broker settings replaced, e.g. a short share-group
   * record lock for a test: {@code group.share.record.lock.duration.ms=2000} together with
   * {@code group.share.min.record.lock.duration.ms=1000} (the broker refuses a lock shorter than its minimum).
   */
  public static LocalKafka start(Path logDir, Map<String, String> overrides) {
    int[] ports = freePorts(2);
    return start(logDir, ports[0], ports[1], overrides);
  }

  public static LocalKafka start(Path logDir, int port, int controllerPort) {
    return start(logDir, port, controllerPort, Map.of());
  }

  /** @param overrides broker settings that replace (or add to) the defaults of {@link #serverProperties} */
  public static LocalKafka start(Path logDir, int port, int controllerPort, Map<String, String> overrides) {
    try {
      Files.createDirectories(logDir);
      Properties props = serverProperties(logDir, port, controllerPort);
      props.putAll(overrides);
      Path cfg = logDir.resolveSibling(logDir.getFileName() + ".properties");
      try (var out = Files.newOutputStream(cfg)) {
        props.store(out, "agentline in-process broker");
      }
      if (!Files.exists(logDir.resolve("meta.properties"))) {
        var buf = new ByteArrayOutputStream();
        int rc = StorageTool.execute(
            new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c", cfg.toString(), "--ignore-formatted"},
            new PrintStream(buf, true, StandardCharsets.UTF_8));
        if (rc != 0) throw new IllegalStateException("formatting the Kafka log dir failed: " + buf);
      }
      KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
      server.startup();
      return new LocalKafka(server, logDir, port, controllerPort, overrides);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the in-process Kafka broker in " + logDir + ": " + e.getMessage(), e);
    }
  }

  static Properties serverProperties(Path logDir, int port, int controllerPort) {
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    p.put("controller.quorum.voters", "1@localhost:" + controllerPort);
    p.put("listeners", "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://localhost:" + port);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("log.dirs", logDir.toString());
    p.put("num.partitions", "1");
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "1");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "1");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("share.coordinator.state.topic.num.partitions", "1");
    p.put("group.share.delivery.count.limit", "5");
    // a step record stays with its worker longer than the slowest model step (120 s timeout x 3 attempts plus
    // back-off): a shorter lock redelivers a step whose call is still running, a paid duplicate call
    p.put("group.share.record.lock.duration.ms", "600000");
    p.put("group.share.max.record.lock.duration.ms", "600000");
    // records are handed out only this many offsets past the oldest unacknowledged one: with Kafka's 2 000, one step
    // held (a long model call, an acknowledgement lost) stopped every worker of its role once 2 000 offsets had followed
    // it, until its lock expired (ShareRecordLocksTest); 10 000 is Kafka's maximum
    p.put("group.share.partition.max.record.locks", "10000");
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("add.partitions.to.txn.retry.backoff.ms", "1");
    return p;
  }

  /**
   * {@code n} different free ports. Each socket stays open until all are taken: asked one after the other, the system
   * may hand the same port out twice (a broker then refuses its listeners: "Each listener must have a different port").
   */
  public static int[] freePorts(int n) {
    ServerSocket[] sockets = new ServerSocket[n];
    try {
      int[] ports = new int[n];
      for (int i = 0; i < n; i++) {
        sockets[i] = new ServerSocket(0);
        sockets[i].setReuseAddress(true);
        ports[i] = sockets[i].getLocalPort();
      }
      return ports;
    } catch (IOException e) {
      throw new IllegalStateException("no free port", e);
    } finally {
      for (ServerSocket socket : sockets) {
        try {
          if (socket != null) socket.close();
        } catch (IOException ignored) {
          // closing a listening socket that accepted nothing
        }
      }
    }
  }

  public static int freePort() {
    return freePorts(1)[0];
  }

  /**
   * Stops this broker and starts it again on the same log directory, ports and settings, as a restarted broker
   * process would be: committed records, consumer offsets, share-group state and open transactions' markers are
   * read back from the log; clients reconnect to the same bootstrap address. It stays down for {@code down}
   * first. Returns the new broker.
   */
  public LocalKafka restart(java.time.Duration down) {
    close();
    try {
      Thread.sleep(down.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the broker was down", e);
    }
    return start(logDir, port, controllerPort, overrides);
  }

  @Override
  public void close() {
    server.shutdown();
    server.awaitShutdown();
  }
}
