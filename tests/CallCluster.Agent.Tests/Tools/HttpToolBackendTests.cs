using System.Text.Json;
using System.Text.Json.Nodes;
using CallCluster.Agent.Graph;
using CallCluster.Agent.Providers.Tools;
using CallCluster.Agent.Tools;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CallCluster.Agent.Tests.Tools;

/// <summary>The HTTP tool backend over real HTTP against a local endpoint.</summary>
public sealed class HttpToolBackendTests : IAsyncLifetime
{
    private readonly List<(string? Key, JsonDocument Body)> _requests = [];
    private WebApplication _server = null!;
    private Uri _base = null!;

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _server = builder.Build();
        _server.MapPost("/orders/status", async (HttpContext context) =>
        {
            var body = await JsonDocument.ParseAsync(context.Request.Body);
            lock (_requests)
            {
                _requests.Add((context.Request.Headers["Idempotency-Key"].FirstOrDefault(), body));
            }

            if (body.RootElement.GetProperty("order_number").GetString() == "000000")
            {
                context.Response.StatusCode = 404;
                return;
            }

            await context.Response.WriteAsJsonAsync(new { outcome = "ok", data = new { status = "shipped", count = 2 } });
        });
        _server.MapPost("/broken", (HttpContext context) => context.Response.StatusCode = 500);
        await _server.StartAsync();
        _base = new Uri(_server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private HttpToolBackend Backend(HttpClient http) => new(http, new Dictionary<string, HttpToolEndpoint>(StringComparer.Ordinal)
    {
        ["order_status"] = new() { Url = new Uri(_base, "/orders/status") },
        ["broken"] = new() { Url = new Uri(_base, "/broken") },
    });

    private static ToolInvocation Invocation(string operation, string order) => new(
        new ToolDefinition { Name = operation, Location = new SourceLocation("t.yaml", 1, 1), Backend = "http", Operation = operation },
        new JsonObject { ["order_number"] = order },
        "lookup:" + order,
        "call-1",
        "run-1",
        null);

    [Fact]
    public async Task Posts_arguments_with_the_idempotency_key_and_reads_outcome_and_data()
    {
        using var http = new HttpClient();
        var result = await Backend(http).ExecuteAsync(Invocation("order_status", "123456"), TestContext.Current.CancellationToken);

        Assert.Equal("ok", result.Outcome);
        Assert.Equal(("shipped", "2"), (result.Data["status"], result.Data["count"]));
        var (key, body) = Assert.Single(_requests);
        Assert.Equal("lookup:123456", key);
        Assert.Equal("123456", body.RootElement.GetProperty("order_number").GetString());
    }

    [Fact]
    public async Task Not_found_and_server_errors_are_told_apart()
    {
        using var http = new HttpClient();
        var backend = Backend(http);

        Assert.Equal("not_found", (await backend.ExecuteAsync(Invocation("order_status", "000000"), TestContext.Current.CancellationToken)).Outcome);
        await Assert.ThrowsAsync<HttpRequestException>(async () => await backend.ExecuteAsync(Invocation("broken", "1"), TestContext.Current.CancellationToken));
    }
}
