package dev.agentline.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code agentline demo}: the whole system on this machine, on a sample repository whose test
 * fails, with the bundled cassette answering for the models.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Run the whole system embedded (Kafka, PostgreSQL, four services) on a sample repository with scripted models.")
final class DemoCommand implements Callable<Integer> {
  @Mixin SystemOptions options;
  PrintStream out = System.out;

  @Override
  public Integer call() throws Exception {
    long started = System.nanoTime();
    Path workDir = options.workDir("agentline-demo");
    out.println("agentline demo in " + workDir);
    Path origin = SampleRepository.create(workDir);
    Path ticketFile = SampleRepository.copyResource("demo/ticket.yaml", workDir);
    Path cassette = SampleRepository.copyResource("demo/cassette.yaml", workDir);
    TicketFile ticket = TicketFile.read(ticketFile);
    out.println("sample repository " + workDir.resolve("calculator") + " (origin " + origin + ")");
    out.println("on main, `" + ticket.testCommand() + "` " + BaseTests.describe(workDir.resolve("calculator"), ticket.testCommand()));
    return Launch.task(options, out, workDir, cassette, origin.toUri().toString(), ticket, ticket.testCommand(), "Calculator.add", started);
  }
}
