package dev.agentline.worker.models;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * LangChain4j's HTTP client, except that an error response keeps its headers: LangChain4j's own
 * {@code JdkHttpClient} throws {@code HttpException(status, body)} and drops them, so a provider's
 * {@code retry-after} would be lost. Streaming is not supported (agentline does not stream).
 */
final class HeaderKeepingHttpClient implements HttpClient {
  private final java.net.http.HttpClient http;
  private final Duration readTimeout;

  private HeaderKeepingHttpClient(Builder builder) {
    java.net.http.HttpClient.Builder http = java.net.http.HttpClient.newBuilder();
    if (builder.connectTimeout != null) http.connectTimeout(builder.connectTimeout);
    this.http = http.build();
    this.readTimeout = builder.readTimeout;
  }

  static Builder builder() {
    return new Builder();
  }

  @Override
  public SuccessfulHttpResponse execute(HttpRequest request) {
    java.net.http.HttpRequest.Builder jdk = java.net.http.HttpRequest.newBuilder(URI.create(request.url()));
    request.headers().forEach((name, values) -> {
      if (values != null) values.forEach(value -> jdk.header(name, value));
    });
    jdk.method(request.method().name(), request.body() == null ? BodyPublishers.noBody() : BodyPublishers.ofString(request.body()));
    if (readTimeout != null) jdk.timeout(readTimeout);
    HttpResponse<String> response;
    try {
      response = http.send(jdk.build(), HttpResponse.BodyHandlers.ofString());
    } catch (HttpTimeoutException e) {
      throw new TimeoutException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RuntimeException(e);
    } catch (IOException e) {
      throw new RuntimeException(e);
    }
    if (response.statusCode() < 200 || response.statusCode() >= 300) {
      throw new ErrorResponse(response.statusCode(), response.body(), response.headers().map());
    }
    return SuccessfulHttpResponse.builder().statusCode(response.statusCode()).headers(response.headers().map()).body(response.body()).build();
  }

  @Override
  public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
    throw new UnsupportedOperationException("agentline does not stream model answers");
  }

  /** An HTTP error response with its headers. */
  static final class ErrorResponse extends HttpException {
    private final Map<String, List<String>> headers;

    ErrorResponse(int statusCode, String body, Map<String, List<String>> headers) {
      super(statusCode, body);
      this.headers = headers;
    }

    Optional<String> header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty())
          .map(e -> e.getValue().get(0))
          .findFirst();
    }
  }

  static final class Builder implements HttpClientBuilder {
    private Duration connectTimeout;
    private Duration readTimeout;

    @Override
    public Duration connectTimeout() {
      return connectTimeout;
    }

    @Override
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = timeout;
      return this;
    }

    @Override
    public Duration readTimeout() {
      return readTimeout;
    }

    @Override
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = timeout;
      return this;
    }

    @Override
    public HttpClient build() {
      return new HeaderKeepingHttpClient(this);
    }
  }
}
