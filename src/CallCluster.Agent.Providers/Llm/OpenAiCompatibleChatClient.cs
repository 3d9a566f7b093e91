using System.ClientModel;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAI.Chat;
using AiChatMessage = Microsoft.Extensions.AI.ChatMessage;
using AiChatRole = Microsoft.Extensions.AI.ChatRole;

namespace CallCluster.Agent.Providers.Llm;

/// <summary>
/// <see cref="IChatClient"/> over the <c>OpenAI</c> package for any OpenAI-compatible endpoint (the
/// Microsoft.Extensions.AI.OpenAI adapter is not in our package source). Maps messages, function
/// declarations and tool calls both ways; the model comes from <see cref="ChatOptions.ModelId"/> per request.
/// </summary>
public sealed class OpenAiCompatibleChatClient : IChatClient
{
    private readonly OpenAIClient _client;
    private readonly OpenAiCompatibleOptions _options;
    private readonly ConcurrentDictionary<string, ChatClient> _models = new(StringComparer.Ordinal);

    public OpenAiCompatibleChatClient(OpenAiCompatibleOptions options)
        : this(options, Environment.GetEnvironmentVariable(options?.ApiKeyVariable ?? string.Empty)
            ?? throw new InvalidOperationException($"Set {options?.ApiKeyVariable} to the API key of {options?.BaseUrl}."))
    {
    }

    public OpenAiCompatibleChatClient(OpenAiCompatibleOptions options, string apiKey)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _client = new OpenAIClient(new ApiKeyCredential(apiKey), new OpenAIClientOptions { Endpoint = options.BaseUrl });
    }

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<AiChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var (client, request) = Prepare(options);
        ChatCompletion completion = await client.CompleteChatAsync(ToOpenAi(messages), request, cancellationToken);
        var contents = new List<AIContent>();
        contents.AddRange(completion.Content.Where(p => !string.IsNullOrEmpty(p.Text)).Select(p => new TextContent(p.Text)));
        foreach (var call in completion.ToolCalls)
        {
            var arguments = JsonSerializer.Deserialize<Dictionary<string, object?>>(call.FunctionArguments.ToString()) ?? [];
            contents.Add(new FunctionCallContent(call.Id, call.FunctionName, arguments));
        }

        return new ChatResponse(new AiChatMessage(AiChatRole.Assistant, contents)) { ModelId = completion.Model, ResponseId = completion.Id };
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<AiChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var (client, request) = Prepare(options);
        await foreach (var update in client.CompleteChatStreamingAsync(ToOpenAi(messages), request, cancellationToken))
        {
            foreach (var part in update.ContentUpdate.Where(p => !string.IsNullOrEmpty(p.Text)))
            {
                yield return new ChatResponseUpdate(AiChatRole.Assistant, part.Text);
            }
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType?.IsInstanceOfType(this) == true ? this : null;

    public void Dispose()
    {
        // The OpenAI client holds no unmanaged resources of its own; its HTTP pipeline is shared.
    }

    private (ChatClient Client, ChatCompletionOptions Request) Prepare(ChatOptions? options)
    {
        var model = options?.ModelId ?? _options.DefaultModel;
        var client = _models.GetOrAdd(model, m => _client.GetChatClient(m));
        var request = new ChatCompletionOptions { Temperature = options?.Temperature, MaxOutputTokenCount = options?.MaxOutputTokens };
        foreach (var tool in options?.Tools?.OfType<AIFunctionDeclaration>() ?? [])
        {
            request.Tools.Add(ChatTool.CreateFunctionTool(tool.Name, tool.Description, BinaryData.FromString(tool.JsonSchema.GetRawText())));
        }

        return (client, request);
    }

    private static List<OpenAI.Chat.ChatMessage> ToOpenAi(IEnumerable<AiChatMessage> messages)
    {
        var result = new List<OpenAI.Chat.ChatMessage>();
        foreach (var message in messages)
        {
            if (message.Role == AiChatRole.System)
            {
                result.Add(new SystemChatMessage(message.Text));
            }
            else if (message.Role == AiChatRole.Assistant)
            {
                var calls = message.Contents.OfType<FunctionCallContent>()
                    .Select(c => ChatToolCall.CreateFunctionToolCall(c.CallId, c.Name, BinaryData.FromObjectAsJson(c.Arguments)))
                    .ToList();
                result.Add(calls.Count > 0 ? new AssistantChatMessage(calls) : new AssistantChatMessage(message.Text));
            }
            else if (message.Role == AiChatRole.Tool)
            {
                foreach (var output in message.Contents.OfType<FunctionResultContent>())
                {
                    result.Add(new ToolChatMessage(output.CallId, JsonSerializer.Serialize(output.Result)));
                }
            }
            else
            {
                result.Add(new UserChatMessage(message.Text));
            }
        }

        return result;
    }
}
