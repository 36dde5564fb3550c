package dev.agentline.worker.models;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.RetriableException;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.output.TokenUsage;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * Any OpenAI-compatible chat completions server (OpenAI, Ollama, vLLM) through LangChain4j.
 * The client never retries: transient failures surface as {@link TransientModelException} and
 * the share group's redelivery is the retry.
 */
public final class OpenAiModelClient implements ModelClient {
  public static final String PROVIDER = "openai";

  private final ChatModel chat;
  private final String model;

  public OpenAiModelClient(String baseUrl, String apiKey, String model, Duration timeout) {
    this.model = model;
    this.chat = OpenAiChatModel.builder()
        .baseUrl(baseUrl)
        .apiKey(apiKey)
        .modelName(model)
        .timeout(timeout)
        .maxRetries(0)
        .build();
  }

  @Override
  public ModelResponse call(ModelRequest request) {
    List<ChatMessage> messages = new ArrayList<>();
    for (Message message : request.messages()) {
      messages.add(Message.SYSTEM.equals(message.role()) ? SystemMessage.from(message.content()) : UserMessage.from(message.content()));
    }
    long started = System.nanoTime();
    ChatResponse response;
    try {
      response = chat.chat(messages);
    } catch (RuntimeException e) {
      throw classify(e);
    }
    Duration latency = Duration.ofNanos(System.nanoTime() - started);
    String text = response.aiMessage() == null ? null : response.aiMessage().text();
    if (text == null) throw new ModelException("the model answered without text (finish reason " + response.finishReason() + ")", PROVIDER, model);
    TokenUsage usage = response.tokenUsage();
    int input = usage != null && usage.inputTokenCount() != null ? usage.inputTokenCount() : ModelResponse.estimateTokens(request.promptText());
    int output = usage != null && usage.outputTokenCount() != null ? usage.outputTokenCount() : ModelResponse.estimateTokens(text);
    String answeredBy = response.modelName() != null ? response.modelName() : model;
    return new ModelResponse(text, PROVIDER, answeredBy, input, output, latency);
  }

  /** HTTP 408/429/5xx, timeouts and I/O errors may pass on a later delivery; everything else will not. */
  ModelException classify(RuntimeException error) {
    Integer status = null;
    boolean transientCause = false;
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof HttpException http && status == null) status = http.statusCode();
      if (t instanceof RetriableException || t instanceof IOException || t instanceof TimeoutException) transientCause = true;
    }
    String reason = (status != null ? "HTTP " + status + " " : "") + firstLine(error);
    boolean isTransient = status != null ? status == 408 || status == 429 || status >= 500 : transientCause;
    return isTransient ? new TransientModelException(reason, PROVIDER, model, error) : new ModelException(reason, PROVIDER, model, error);
  }

  private static String firstLine(Throwable error) {
    String message = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage().strip();
    int newline = message.indexOf('\n');
    String line = newline < 0 ? message : message.substring(0, newline);
    return line.length() > 300 ? line.substring(0, 300) + "…" : line;
  }
}
