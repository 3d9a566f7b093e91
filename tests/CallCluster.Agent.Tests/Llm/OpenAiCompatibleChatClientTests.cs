using System.Text.Json;
using CallCluster.Agent.Providers.Llm;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace CallCluster.Agent.Tests.Llm;

/// <summary>
/// The OpenAI-compatible client over real HTTP against a local endpoint that answers like a chat-completions
/// server: checks what goes on the wire (model, tools, key) and how a tool call comes back.
/// </summary>
public sealed class OpenAiCompatibleChatClientTests : IAsyncLifetime
{
    private const string Completion = """
        {"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"local-model",
         "choices":[{"index":0,"finish_reason":"tool_calls","message":{"role":"assistant","content":null,
           "tool_calls":[{"id":"call_1","type":"function","function":{"name":"give_order_number","arguments":"{\"order_number\":\"123456\"}"}}]}}],
         "usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}}
        """;

    private readonly List<(string Authorization, JsonDocument Body)> _requests = [];
    private WebApplication _server = null!;

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _server = builder.Build();
        _server.MapPost("/v1/chat/completions", async (HttpContext context) =>
        {
            var body = await JsonDocument.ParseAsync(context.Request.Body);
            lock (_requests)
            {
                _requests.Add((context.Request.Headers.Authorization.ToString(), body));
            }

            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(Completion);
        });
        await _server.StartAsync();
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Sends_model_tools_and_key_and_maps_the_tool_call_back()
    {
        var address = _server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var client = new OpenAiCompatibleChatClient(new OpenAiCompatibleOptions { BaseUrl = new Uri(address + "/v1") }, "test-key");
        var schema = JsonSerializer.SerializeToElement(new { type = "object", properties = new { order_number = new { type = "string" } }, required = new[] { "order_number" } });

        var response = await client.GetResponseAsync(
            [new ChatMessage(ChatRole.System, "decide"), new ChatMessage(ChatRole.User, "one two three four five six")],
            new ChatOptions { ModelId = "node-model", Tools = [AIFunctionFactory.CreateDeclaration("give_order_number", "The caller gives the order number.", schema)] },
            TestContext.Current.CancellationToken);

        var call = Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        Assert.Equal("give_order_number", call.Name);
        Assert.Equal("123456", call.Arguments!["order_number"]?.ToString());
        var (authorization, body) = Assert.Single(_requests);
        Assert.Equal("Bearer test-key", authorization);
        Assert.Equal("node-model", body.RootElement.GetProperty("model").GetString());
        Assert.Equal("give_order_number", body.RootElement.GetProperty("tools")[0].GetProperty("function").GetProperty("name").GetString());
        Assert.Equal(2, body.RootElement.GetProperty("messages").GetArrayLength());
    }
}
