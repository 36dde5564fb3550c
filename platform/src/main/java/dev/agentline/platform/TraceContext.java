package dev.agentline.platform;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.slf4j.MDC;

/**
 * W3C trace context ({@value #TRACEPARENT}, {@value #TRACESTATE}) on Kafka records, and the span and
 * log context of handling one record. Every agentline record of a task carries a traceparent; each
 * service continues the trace of the record it handles in a new span and writes that span into
 * every record it produces, so one task is one trace across the planner, the workers and the tool
 * runner.
 *
 * <p>While a {@link Hop} is open, the span is current on the thread (OpenTelemetry {@link Context})
 * and the SLF4J MDC holds {@value #MDC_TASK_ID}, {@value #MDC_TRACE_ID} and {@value #MDC_SPAN_ID}
 * (the names Micrometer Tracing uses), so every log line written while handling the record carries
 * them; closing the hop ends the span and restores the MDC as it was. A hop belongs to the thread
 * that opened it.
 *
 * <p>Spans come from the {@link OpenTelemetry} the service is given (Spring Boot's SDK in the
 * services, which exports them only when an OTLP endpoint is configured). With
 * {@link OpenTelemetry#noop()} nothing is recorded, but the incoming context still travels on.
 */
public final class TraceContext {
  public static final String TRACEPARENT = "traceparent";
  public static final String TRACESTATE = "tracestate";
  public static final String MDC_TASK_ID = "taskId";
  public static final String MDC_TRACE_ID = "traceId";
  public static final String MDC_SPAN_ID = "spanId";

  private static final TextMapPropagator W3C = W3CTraceContextPropagator.getInstance();

  private final Tracer tracer;
  private final String service;

  /** @param service the service's short name, e.g. {@code "planner"}: its instrumentation scope and the first word of its span names */
  public TraceContext(OpenTelemetry openTelemetry, String service) {
    this.tracer = openTelemetry.getTracer("dev.agentline." + service);
    this.service = service;
  }

  /** Records no spans; the contexts handed in still travel on unchanged. */
  public static TraceContext noop(String service) {
    return new TraceContext(OpenTelemetry.noop(), service);
  }

  /** The trace context the headers carry; {@link Context#root()} when they carry none or a malformed one. */
  public static Context extract(Headers headers) {
    return headers == null ? Context.root() : W3C.extract(Context.root(), headers, KafkaHeaders.INSTANCE);
  }

  /** The context of a traceparent value (e.g. one stored earlier); {@link Context#root()} when null or malformed. */
  public static Context parse(String traceparent) {
    if (traceparent == null) return Context.root();
    return W3C.extract(Context.root(), Map.of(TRACEPARENT, traceparent), MapGetter.INSTANCE);
  }

  /**
   * Writes the context's span into the headers as {@value #TRACEPARENT} (and {@value #TRACESTATE} when it has
   * one), replacing any earlier ones. Writes nothing when the context has no valid span.
   */
  public static void inject(Context context, Headers headers) {
    if (!Span.fromContext(context).getSpanContext().isValid()) return;
    headers.remove(TRACEPARENT);
    headers.remove(TRACESTATE);
    W3C.inject(context, headers, KafkaHeaders.INSTANCE);
  }

  /** The context's traceparent value; null when it has no valid span. */
  public static String traceparent(Context context) {
    Map<String, String> carrier = new HashMap<>();
    W3C.inject(context, carrier, Map::put);
    return carrier.get(TRACEPARENT);
  }

  /**
   * Starts the span of handling one record or request, as a child of {@code parent} (a new trace when the
   * parent has no valid span), makes it current on this thread and puts the task and trace ids into the MDC.
   *
   * @param name the span name, e.g. {@code "worker process agentline.steps.code-edit"}
   * @param taskId the task the work is for; null when not known (then the MDC's taskId is left out)
   * @param links other contexts the work relates to (e.g. the trace of a record that arrived on another trace)
   */
  public Hop open(String name, SpanKind kind, Context parent, String taskId, Context... links) {
    SpanBuilder builder = tracer.spanBuilder(name).setSpanKind(kind).setParent(parent);
    if (taskId != null) builder.setAttribute("agentline.task.id", taskId);
    for (Context link : links) {
      SpanContext linked = Span.fromContext(link).getSpanContext();
      if (linked.isValid()) builder.addLink(linked);
    }
    Span span = builder.startSpan();
    Context context = parent.with(span);
    Mdc mdc = Mdc.put(taskId, span.getSpanContext()); // before makeCurrent, which may set the same MDC keys itself
    return new Hop(span, context, context.makeCurrent(), mdc);
  }

  /**
   * Handling of one record received from {@code topic}: a {@link SpanKind#CONSUMER} span named
   * {@code "<service> process <topic>"}, child of the record's trace context.
   */
  public Hop consume(String topic, Headers headers, String taskId) {
    Hop hop = open(service + " process " + topic, SpanKind.CONSUMER, extract(headers), taskId);
    hop.span.setAttribute("messaging.system", "kafka");
    hop.span.setAttribute("messaging.destination.name", topic);
    return hop;
  }

  /**
   * Publishing a record for a task from outside a record's handling (a REST request, a poller): a
   * {@link SpanKind#PRODUCER} span named {@code "<service> publish <topic>"} that joins the task's trace when
   * {@code taskTraceparent} is known, with the current span (e.g. the HTTP request's) linked; otherwise a child
   * of the current span, or a new trace when there is none.
   */
  public Hop publish(String topic, String taskId, String taskTraceparent) {
    Context task = parse(taskTraceparent);
    boolean known = Span.fromContext(task).getSpanContext().isValid();
    Hop hop = open(service + " publish " + topic, SpanKind.PRODUCER, known ? task : Context.current(), taskId,
        known ? Context.current() : Context.root());
    hop.span.setAttribute("messaging.system", "kafka");
    hop.span.setAttribute("messaging.destination.name", topic);
    return hop;
  }

  /**
   * Only the log context of a record, without a span (e.g. the audit service, which produces nothing): the
   * MDC holds the task id and the trace and span ids of the record's traceparent until closed.
   */
  public static LogContext logContext(String taskId, Headers headers) {
    return Mdc.put(taskId, Span.fromContext(extract(headers)).getSpanContext())::restore;
  }

  /** MDC entries set until closed. */
  @FunctionalInterface
  public interface LogContext extends AutoCloseable {
    @Override
    void close();
  }

  /** One span, current on the opening thread, with its log context. Close it on the same thread. */
  public static final class Hop implements AutoCloseable {
    private final Span span;
    private final Context context;
    private final Scope scope;
    private final Mdc mdc;

    private Hop(Span span, Context context, Scope scope, Mdc mdc) {
      this.span = span;
      this.context = context;
      this.scope = scope;
      this.mdc = mdc;
    }

    /** The context whose span is this hop's. */
    public Context context() {
      return context;
    }

    /** Writes this hop's span into the headers of a record it produces. */
    public void inject(Headers headers) {
      TraceContext.inject(context, headers);
    }

    /** This hop's span as a traceparent value; null when tracing is off and there was no parent. */
    public String traceparent() {
      return TraceContext.traceparent(context);
    }

    public String traceId() {
      return span.getSpanContext().isValid() ? span.getSpanContext().getTraceId() : null;
    }

    /** Marks the span failed with the error. */
    public void failed(Throwable error) {
      span.recordException(error);
      span.setStatus(StatusCode.ERROR, DeadLetters.reason(error));
    }

    /** Ends the span and restores the thread's context and MDC as they were before the hop. */
    @Override
    public void close() {
      try {
        scope.close();
      } finally {
        span.end();
        mdc.restore();
      }
    }
  }

  /** The MDC values a hop sets, and the ones they replaced. */
  private record Mdc(Map<String, String> previous) {
    static Mdc put(String taskId, SpanContext span) {
      Map<String, String> previous = new HashMap<>();
      for (String key : List.of(MDC_TASK_ID, MDC_TRACE_ID, MDC_SPAN_ID)) previous.put(key, MDC.get(key));
      set(MDC_TASK_ID, taskId);
      set(MDC_TRACE_ID, span.isValid() ? span.getTraceId() : null);
      set(MDC_SPAN_ID, span.isValid() ? span.getSpanId() : null);
      return new Mdc(previous);
    }

    void restore() {
      previous.forEach(Mdc::set);
    }

    private static void set(String key, String value) {
      if (value == null) MDC.remove(key);
      else MDC.put(key, value);
    }
  }

  private enum KafkaHeaders implements TextMapGetter<Headers>, TextMapSetter<Headers> {
    INSTANCE;

    @Override
    public Iterable<String> keys(Headers headers) {
      List<String> keys = new ArrayList<>();
      for (Header header : headers) keys.add(header.key());
      return keys;
    }

    @Override
    public String get(Headers headers, String key) {
      Header header = headers == null ? null : headers.lastHeader(key);
      return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void set(Headers headers, String key, String value) {
      if (headers != null) headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    }
  }

  private enum MapGetter implements TextMapGetter<Map<String, String>> {
    INSTANCE;

    @Override
    public Iterable<String> keys(Map<String, String> carrier) {
      return carrier.keySet();
    }

    @Override
    public String get(Map<String, String> carrier, String key) {
      return carrier == null ? null : carrier.get(key);
    }
  }
}
