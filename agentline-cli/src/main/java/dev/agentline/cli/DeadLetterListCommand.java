package dev.agentline.cli;

import dev.agentline.platform.DeadLetters;
import dev.agentline.platform.DeadLetters.Letter;
import dev.agentline.platform.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code agentline dlt list}: the dead letters of every {@code .dlt} topic (or those named), newest last, each with
 * the position {@code agentline dlt replay} takes, where it came from, the consumer that refused it and why.
 */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List dead letters with their reasons, newest last.")
final class DeadLetterListCommand implements Callable<Integer> {
  @Mixin KafkaOptions kafka;

  @Option(names = "--topic", paramLabel = "TOPIC",
      description = "Only this topic's dead letters (the source topic or its .dlt topic; repeatable). Default: every .dlt topic.")
  List<String> topics = new ArrayList<>();

  @Option(names = "--task", paramLabel = "TASK_ID", description = "Only the dead letters of this task (the record key).")
  String taskId;

  @Option(names = "--limit", defaultValue = "50", description = "Show at most this many, the newest (default: ${DEFAULT-VALUE}).")
  int limit;

  @Option(names = "--json", description = "Print the dead letters as JSON on stdout.")
  boolean json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (limit < 1) throw CliFailure.badInput("--limit must be at least 1, was " + limit);
    List<Letter> letters = read();
    List<Letter> shown = letters.subList(Math.max(0, letters.size() - limit), letters.size());
    if (json) {
      spec.commandLine().getOut().println(JsonMapper.builder().findAndAddModules().build().writerWithDefaultPrettyPrinter().writeValueAsString(shown));
    } else {
      lines(shown, letters.size()).forEach(spec.commandLine().getOut()::println);
    }
    return ExitCodes.OK;
  }

  private List<Letter> read() throws Exception {
    List<Letter> letters = new ArrayList<>();
    try (Admin admin = Admin.create(kafka.admin());
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(kafka.consumer(), new StringDeserializer(), new ByteArrayDeserializer())) {
      Set<String> existing = admin.listTopics().names().get(kafka.timeout.toMillis(), TimeUnit.MILLISECONDS);
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : deadLetterTopics(existing)) {
        for (PartitionInfo info : consumer.partitionsFor(topic, kafka.timeout)) partitions.add(new TopicPartition(topic, info.partition()));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, kafka.timeout);
      long deadline = System.nanoTime() + kafka.timeout.toNanos();
      while (partitions.stream().anyMatch(tp -> consumer.position(tp, kafka.timeout) < ends.get(tp))) {
        if (System.nanoTime() > deadline) throw kafka.unreachable(new TimeoutException("reading the dead-letter topics took too long"));
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          if (taskId == null || taskId.equals(record.key())) letters.add(DeadLetters.read(record));
        }
      }
    } catch (ExecutionException | TimeoutException | org.apache.kafka.common.errors.TimeoutException e) {
      throw kafka.unreachable(e);
    }
    letters.sort(Comparator.comparing((Letter l) -> l.timestamp() == null ? java.time.Instant.EPOCH : l.timestamp())
        .thenComparing(Letter::position));
    return letters;
  }

  /** The .dlt topics to read: every one, or those named (by source or .dlt name); naming one that does not exist is bad input. */
  Set<String> deadLetterTopics(Set<String> existing) {
    Set<String> wanted = new TreeSet<>();
    if (topics.isEmpty()) {
      existing.stream().filter(t -> t.endsWith(Topics.DLT_SUFFIX)).forEach(wanted::add);
      return wanted;
    }
    for (String topic : topics) {
      String dlt = topic.endsWith(Topics.DLT_SUFFIX) ? topic : topic + Topics.DLT_SUFFIX;
      if (!existing.contains(dlt)) {
        throw CliFailure.badInput("--topic " + topic + ": there is no dead-letter topic " + dlt + " on this cluster");
      }
      wanted.add(dlt);
    }
    return wanted;
  }

  static List<String> lines(List<Letter> letters, int total) {
    List<String> lines = new ArrayList<>();
    if (letters.isEmpty()) {
      lines.add("no dead letters");
      return lines;
    }
    lines.add(String.format(Locale.ROOT, "%d dead letter(s)%s; replay one with: agentline dlt replay POSITION", total,
        letters.size() < total ? ", the newest " + letters.size() + " shown" : ""));
    for (Letter l : letters) {
      lines.add(String.format(Locale.ROOT, "%s  %s  task %s  from %s%s  refused by %s", l.position(), l.timestamp(), l.key() == null ? "-" : l.key(),
          l.originalTopic(), l.originalPosition() == null ? "" : "/" + l.originalPosition(), l.consumer() == null ? "?" : l.consumer()));
      lines.add("    reason: " + (l.reason() == null ? "(no reason header)" : l.reason()));
    }
    return lines;
  }
}
