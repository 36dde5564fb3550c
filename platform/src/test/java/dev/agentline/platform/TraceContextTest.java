package dev.agentline.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class TraceContextTest {
  static final Pattern TRACEPARENT = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}");
  static final String INCOMING = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  final InMemorySpanExporter spans = InMemorySpanExporter.create();
  final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
      .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build()).build();
  final TraceContext tracing = new TraceContext(sdk, "worker");

  @AfterEach
  void close() {
    sdk.close();
    MDC.clear();
  }

  static RecordHeaders headers(String traceparent) {
    RecordHeaders headers = new RecordHeaders();
    if (traceparent != null) headers.add(TraceContext.TRACEPARENT, traceparent.getBytes(StandardCharsets.UTF_8));
    return headers;
  }

  static String text(RecordHeaders headers, String name) {
    return Headers.text(headers, name);
  }

  @Test
  void aConsumedRecordsTraceContinuesInANewSpanThatIsWrittenIntoTheRecordsItProduces() {
    RecordHeaders out = new RecordHeaders();
    try (TraceContext.Hop hop = tracing.consume("agentline.steps.code-edit", headers(INCOMING), "t-1")) {
      hop.inject(out);
    }

    var written = TRACEPARENT.matcher(text(out, TraceContext.TRACEPARENT));
    assertThat(written.matches()).isTrue();
    assertThat(written.group(1)).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(written.group(2)).isNotEqualTo("00f067aa0ba902b7");
    SpanData span = spans.getFinishedSpanItems().get(0);
    assertThat(span.getName()).isEqualTo("worker process agentline.steps.code-edit");
    assertThat(span.getKind()).isEqualTo(SpanKind.CONSUMER);
    assertThat(span.getParentSpanId()).isEqualTo("00f067aa0ba902b7");
    assertThat(span.getSpanId()).isEqualTo(written.group(2));
    assertThat(span.getAttributes().asMap().toString()).contains("agentline.task.id=t-1", "messaging.destination.name=agentline.steps.code-edit");
  }

  @Test
  void aRecordWithoutTraceparentStartsANewTrace() {
    RecordHeaders out = new RecordHeaders();
    try (TraceContext.Hop hop = tracing.consume("agentline.tasks", headers(null), "t-1")) {
      hop.inject(out);
      assertThat(hop.traceId()).matches("[0-9a-f]{32}").isNotEqualTo("00000000000000000000000000000000");
    }
    assertThat(spans.getFinishedSpanItems().get(0).getParentSpanContext().isValid()).isFalse();
    assertThat(text(out, TraceContext.TRACEPARENT)).matches(TRACEPARENT);
  }

  @Test
  void aMalformedTraceparentIsNoParent() {
    assertThat(Span.fromContext(TraceContext.extract(headers("00-not-a-trace-01"))).getSpanContext().isValid()).isFalse();
    assertThat(TraceContext.traceparent(TraceContext.extract(headers("garbage")))).isNull();
    assertThat(TraceContext.traceparent(TraceContext.extract(headers(INCOMING)))).isEqualTo(INCOMING);
  }

  @Test
  void injectingReplacesAnEarlierTraceparentAndCarriesTracestate() {
    RecordHeaders in = headers(INCOMING);
    in.add(TraceContext.TRACESTATE, "vendor=abc".getBytes(StandardCharsets.UTF_8));
    RecordHeaders out = headers("00-11111111111111111111111111111111-2222222222222222-01");
    try (TraceContext.Hop hop = tracing.consume("agentline.tool-requests", in, "t-1")) {
      hop.inject(out);
    }
    assertThat(out.headers(TraceContext.TRACEPARENT)).hasSize(1);
    assertThat(text(out, TraceContext.TRACEPARENT)).contains("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(text(out, TraceContext.TRACESTATE)).isEqualTo("vendor=abc");
  }

  @Test
  void aStoredTraceparentParsesBackToTheSameSpan() {
    Context parsed = TraceContext.parse(INCOMING);
    assertThat(TraceContext.traceparent(parsed)).isEqualTo(INCOMING);
    assertThat(TraceContext.traceparent(TraceContext.parse(null))).isNull();
    assertThat(TraceContext.traceparent(TraceContext.parse("nonsense"))).isNull();
  }

  @Test
  void whileAHopIsOpenTheMdcHoldsTheTaskAndTraceIdsAndClosingRestoresIt() {
    MDC.put(TraceContext.MDC_TASK_ID, "outer");
    String spanId;
    try (TraceContext.Hop hop = tracing.consume("agentline.step-results", headers(INCOMING), "t-7")) {
      spanId = Span.current().getSpanContext().getSpanId();
      assertThat(MDC.get(TraceContext.MDC_TASK_ID)).isEqualTo("t-7");
      assertThat(MDC.get(TraceContext.MDC_TRACE_ID)).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
      assertThat(MDC.get(TraceContext.MDC_SPAN_ID)).isEqualTo(spanId).isNotEqualTo("00f067aa0ba902b7");
    }
    assertThat(MDC.get(TraceContext.MDC_TASK_ID)).isEqualTo("outer");
    assertThat(MDC.get(TraceContext.MDC_TRACE_ID)).isNull();
    assertThat(Span.current().getSpanContext().isValid()).as("no span current after the hop").isFalse();
  }

  @Test
  void theLogContextOfARecordNamesItsTaskAndTraceWithoutASpan() {
    try (TraceContext.LogContext ignored = TraceContext.logContext("t-3", headers(INCOMING))) {
      assertThat(MDC.get(TraceContext.MDC_TASK_ID)).isEqualTo("t-3");
      assertThat(MDC.get(TraceContext.MDC_TRACE_ID)).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
      assertThat(MDC.get(TraceContext.MDC_SPAN_ID)).isEqualTo("00f067aa0ba902b7");
    }
    assertThat(MDC.get(TraceContext.MDC_TASK_ID)).isNull();
    assertThat(spans.getFinishedSpanItems()).isEmpty();
  }

  @Test
  void aLinkedContextOnAnotherTraceIsRecordedAsALink() {
    Context other = TraceContext.parse("00-11111111111111111111111111111111-2222222222222222-01");
    try (TraceContext.Hop hop = tracing.open("planner process agentline.commands", SpanKind.CONSUMER, TraceContext.parse(INCOMING), "t-1", other)) {
      assertThat(hop.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    }
    SpanContext link = spans.getFinishedSpanItems().get(0).getLinks().get(0).getSpanContext();
    assertThat(link.getTraceId()).isEqualTo("11111111111111111111111111111111");
  }

  @Test
  void aPublishedRecordJoinsItsTasksTraceWithTheCurrentSpanLinked() {
    RecordHeaders out = new RecordHeaders();
    try (var request = TraceContext.parse("00-11111111111111111111111111111111-2222222222222222-01").makeCurrent();
        TraceContext.Hop hop = tracing.publish("agentline.commands", "t-1", INCOMING)) {
      hop.inject(out);
    }
    assertThat(text(out, TraceContext.TRACEPARENT)).startsWith("00-4bf92f3577b34da6a3ce929d0e0e4736-");
    SpanData span = spans.getFinishedSpanItems().get(0);
    assertThat(span.getName()).isEqualTo("worker publish agentline.commands");
    assertThat(span.getKind()).isEqualTo(SpanKind.PRODUCER);
    assertThat(span.getLinks().get(0).getSpanContext().getTraceId()).isEqualTo("11111111111111111111111111111111");
  }

  @Test
  void aPublishedRecordOfAnUnknownTaskContinuesTheCurrentSpanOrStartsATrace() {
    try (var request = TraceContext.parse("00-11111111111111111111111111111111-2222222222222222-01").makeCurrent();
        TraceContext.Hop hop = tracing.publish("agentline.tasks", "t-1", null)) {
      assertThat(hop.traceId()).isEqualTo("11111111111111111111111111111111");
    }
    try (TraceContext.Hop hop = tracing.publish("agentline.tasks", "t-2", "malformed")) {
      assertThat(hop.traceId()).matches("[0-9a-f]{32}").isNotEqualTo("11111111111111111111111111111111");
    }
  }

  @Test
  void withoutTracingTheIncomingContextTravelsOnUnchanged() {
    RecordHeaders out = new RecordHeaders();
    try (TraceContext.Hop hop = TraceContext.noop("worker").consume("agentline.steps.review", headers(INCOMING), "t-1")) {
      hop.inject(out);
    }
    assertThat(text(out, TraceContext.TRACEPARENT)).isEqualTo(INCOMING);
  }

  @Test
  void aFailedHopRecordsTheError() {
    try (TraceContext.Hop hop = tracing.consume("agentline.tool-requests", headers(INCOMING), "t-1")) {
      hop.failed(new IllegalStateException("disk full"));
    }
    assertThat(spans.getFinishedSpanItems().get(0).getStatus().getDescription()).isEqualTo("disk full");
  }
}
