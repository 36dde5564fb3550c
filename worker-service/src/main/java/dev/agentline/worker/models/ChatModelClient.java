package dev.agentline.worker.models;

import dev.agentline.platform.models.ModelSpec;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.anthropic.AnthropicChatResponseMetadata;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiChatResponseMetadata;
import dev.langchain4j.model.output.TokenUsage;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A provider's chat API through LangChain4j: Anthropic Messages ({@code anthropic}), OpenAI chat
 * completions ({@code openai}) or any server that speaks them ({@code openai-compatible}: vLLM,
 * Ollama's /v1, LM Studio; the key is optional). LangChain4j's own retries are off: one call is one
 * HTTP request, and {@link RetryingModelClient} decides about trying again.
 */
public final class ChatModelClient implements ModelClient {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final ChatModel chat;
  private final String provider;
  private final String model;
  private final ProviderErrors errors;

  ChatModelClient(ChatModel chat, String provider, String model, Clock clock) {
    this.chat = chat;
    this.provider = provider;
    this.model = model;
    this.errors = new ProviderErrors(clock);
  }

  /** @param apiKey null for an openai-compatible server that needs none */
  public static ChatModelClient of(ModelSpec spec, String apiKey, Clock clock) {
    ChatModel chat = switch (spec.provider()) {
      case ModelSpec.ANTHROPIC -> AnthropicChatModel.builder()
          .httpClientBuilder(HeaderKeepingHttpClient.builder())
          .baseUrl(spec.baseUrl())
          .apiKey(apiKey)
          .modelName(spec.model())
          .temperature(spec.temperature())
          .maxTokens(spec.maxOutputTokens())
          .timeout(spec.timeout())
          .maxRetries(0)
          .build();
      case ModelSpec.OPENAI, ModelSpec.OPENAI_COMPATIBLE -> {
        OpenAiChatModel.OpenAiChatModelBuilder builder = OpenAiChatModel.builder()
            .httpClientBuilder(HeaderKeepingHttpClient.builder())
            .baseUrl(spec.baseUrl())
            .apiKey(apiKey)
            .modelName(spec.model())
            .temperature(spec.temperature())
            .timeout(spec.timeout())
            .maxRetries(0);
        // OpenAI's newer models refuse max_tokens; compatible servers know only max_tokens.
        yield ModelSpec.OPENAI.equals(spec.provider())
            ? builder.maxCompletionTokens(spec.maxOutputTokens()).build()
            : builder.maxTokens(spec.maxOutputTokens()).build();
      }
      default -> throw new IllegalArgumentException("not a chat API provider: " + spec.provider());
    };
    return new ChatModelClient(chat, spec.provider(), spec.model(), clock);
  }

  @Override
  public ModelResponse call(ModelRequest request) {
    List<ChatMessage> messages = new ArrayList<>();
    for (Message message : request.messages()) {
      messages.add(switch (message.role()) {
        case Message.SYSTEM -> SystemMessage.from(message.content());
        case Message.ASSISTANT -> AiMessage.from(message.content());
        default -> UserMessage.from(message.content());
      });
    }
    long started = System.nanoTime();
    ChatResponse response;
    try {
      response = chat.chat(messages);
    } catch (RuntimeException e) {
      throw errors.classify(e, provider, model);
    }
    Duration latency = Duration.ofNanos(System.nanoTime() - started);
    String text = response.aiMessage() == null ? null : response.aiMessage().text();
    String stopReason = stopReason(response);
    if (text == null) throw new ModelException("the model answered without text (stop reason " + stopReason + ")", provider, model);
    TokenUsage usage = response.tokenUsage();
    int input = usage != null && usage.inputTokenCount() != null ? usage.inputTokenCount() : ModelResponse.estimateTokens(request.promptText());
    int output = usage != null && usage.outputTokenCount() != null ? usage.outputTokenCount() : ModelResponse.estimateTokens(text);
    String answeredBy = response.modelName() != null ? response.modelName() : model;
    return new ModelResponse(text, provider, answeredBy, input, output, latency, stopReason);
  }

  /** The provider's own word ({@code end_turn}, {@code length}...) from the raw body; LangChain4j's mapped reason otherwise. */
  private static String stopReason(ChatResponse response) {
    SuccessfulHttpResponse raw = null;
    if (response.metadata() instanceof AnthropicChatResponseMetadata anthropic) raw = anthropic.rawHttpResponse();
    if (response.metadata() instanceof OpenAiChatResponseMetadata openAi) raw = openAi.rawHttpResponse();
    if (raw != null && raw.body() != null) {
      try {
        JsonNode body = JSON.readTree(raw.body());
        JsonNode reason = body.has("stop_reason") ? body.get("stop_reason") : body.path("choices").path(0).path("finish_reason");
        if (reason.isString()) return reason.asString();
      } catch (JacksonException e) {
        // the answer was already parsed by LangChain4j; fall back to its reading
      }
    }
    return response.finishReason() == null ? null : response.finishReason().name().toLowerCase(Locale.ROOT);
  }
}
