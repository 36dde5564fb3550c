package dev.agentline.cli;

import dev.agentline.platform.DeadLetters;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code agentline dlt replay TOPIC/PARTITION@OFFSET}: puts one dead letter back on its original topic, as it was
 * (key, value, original headers), marked with who replayed it and from where ({@link DeadLetters#replay}). Run it
 * after fixing what made the consumer refuse the record; the consumer handles it like a new record, and dead-letters
 * it again, with the new reason, if the cause is still there.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
    description = "Re-publish one dead letter to its original topic after the cause is fixed.")
final class DeadLetterReplayCommand implements Callable<Integer> {
  private static final Pattern POSITION = Pattern.compile("(.+\\.dlt)/(\\d+)@(\\d+)");

  @Mixin KafkaOptions kafka;

  @Parameters(index = "0", paramLabel = "POSITION", description = "The dead letter, as `agentline dlt list` prints it: TOPIC.dlt/PARTITION@OFFSET.")
  String position;

  @Option(names = "--by", defaultValue = "${env:USER:-${sys:user.name}}", description = "Who replays it, recorded on the record (default: ${DEFAULT-VALUE}).")
  String by;

  @Option(names = "--dry-run", description = "Show what would be sent, send nothing.")
  boolean dryRun;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Matcher m = POSITION.matcher(position.strip());
    if (!m.matches()) throw CliFailure.badInput("'" + position + "' is not a dead letter's position such as agentline.tool-requests.dlt/0@12");
    TopicPartition partition = new TopicPartition(m.group(1), Integer.parseInt(m.group(2)));
    long offset = Long.parseLong(m.group(3));
    if (by == null || by.isBlank()) throw CliFailure.badInput("--by must name who replays the record");
    try {
      ConsumerRecord<String, byte[]> letter = fetch(partition, offset);
      ProducerRecord<String, byte[]> replay = DeadLetters.replay(letter, by.strip());
      DeadLetters.Letter read = DeadLetters.read(letter);
      String what = read.position() + " (task " + read.key() + ", refused by " + read.consumer() + ": " + read.reason() + ")";
      if (dryRun) {
        spec.commandLine().getOut().println("would replay " + what + " to " + replay.topic());
        return ExitCodes.OK;
      }
      try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(kafka.producer(), new StringSerializer(), new ByteArraySerializer())) {
        RecordMetadata sent = producer.send(replay).get(kafka.timeout.toMillis(), TimeUnit.MILLISECONDS);
        spec.commandLine().getOut().println("replayed " + what + " to " + sent.topic() + "/" + sent.partition() + "@" + sent.offset());
      }
      return ExitCodes.OK;
    } catch (ExecutionException | TimeoutException | org.apache.kafka.common.errors.TimeoutException e) {
      throw kafka.unreachable(e);
    }
  }

  /** The record at exactly that offset; bad input when the topic, partition or record does not exist. */
  private ConsumerRecord<String, byte[]> fetch(TopicPartition partition, long offset) {
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(kafka.consumer(), new StringDeserializer(), new ByteArrayDeserializer())) {
      List<PartitionInfo> partitions = consumer.partitionsFor(partition.topic(), kafka.timeout);
      if (partitions == null || partitions.isEmpty()) throw CliFailure.badInput("there is no topic " + partition.topic() + " on this cluster");
      if (partitions.stream().noneMatch(p -> p.partition() == partition.partition())) {
        throw CliFailure.badInput(partition.topic() + " has no partition " + partition.partition() + " (it has " + partitions.size() + ")");
      }
      List<TopicPartition> one = List.of(partition);
      consumer.assign(one);
      long start = consumer.beginningOffsets(one, kafka.timeout).get(partition);
      long end = consumer.endOffsets(one, kafka.timeout).get(partition);
      if (offset < start || offset >= end) {
        throw CliFailure.badInput("there is no record at " + position + ": the partition holds offsets " + start + " to " + (end - 1));
      }
      consumer.seek(partition, offset);
      long deadline = System.nanoTime() + kafka.timeout.toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          if (record.offset() == offset) return record;
          if (record.offset() > offset) throw CliFailure.badInput("there is no record at " + position + " (a transaction marker or a removed record)");
        }
      }
      throw kafka.unreachable(new TimeoutException("no answer when reading " + position));
    }
  }
}
