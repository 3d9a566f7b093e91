using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using CallCluster.Testing;

namespace CallCluster.Host.Tests.Support;

/// <summary>
/// A real <c>callcluster</c> process (the built binary, run from the repository root so that the default agent path
/// resolves), its output captured, its admin API reachable, stopped with a real SIGTERM.
/// </summary>
internal sealed class NodeProcess : IAsyncDisposable
{
    /// <summary>Start-up includes loading the agent and, on first call, speech models; a loaded 2-core machine is slow.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly HttpClient _http;

    private NodeProcess(Process process, int httpPort)
    {
        _process = process;
        HttpPort = httpPort;
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}"), Timeout = TimeSpan.FromSeconds(30) };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int HttpPort { get; }

    public int Id => _process.Id;

    /// <summary>Everything the process wrote to stdout and stderr so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>Starts <c>callcluster</c> with <paramref name="arguments"/>; <paramref name="httpPort"/> is its --http port.</summary>
    public static NodeProcess Start(int httpPort, params string[] arguments) => new(Launch(arguments), httpPort);

    /// <summary>Runs a short-lived verb to completion and returns its exit code and output.</summary>
    public static Task<(int ExitCode, string Stdout, string Stderr)> RunToExitAsync(params string[] arguments) => RunToExitAsync(Patience, arguments);

    /// <summary>Runs a verb to completion, allowing it <paramref name="patience"/>, and returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunToExitAsync(TimeSpan patience, params string[] arguments)
    {
        using var process = Launch(arguments);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(patience);
        }
        catch (TimeoutException e)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"callcluster {string.Join(' ', arguments)} did not exit within {patience}.", e);
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    public static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async Task<HttpResponseMessage> GetAsync(string path) => await _http.GetAsync(new Uri(path, UriKind.Relative));

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {body}");
        using var json = JsonDocument.Parse(body);
        return json.RootElement.Clone();
    }

    /// <summary>Waits until /health/ready answers 200; fails with the process output if it exits or never gets ready.</summary>
    public Task WaitReadyAsync() => Eventually.TrueAsync(
        async () =>
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"callcluster exited with {_process.ExitCode} before it was ready:\n{Output}");
            }

            try
            {
                using var response = await GetAsync("/health/ready");
                return response.StatusCode == HttpStatusCode.OK;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        },
        Patience,
        "callcluster answers /health/ready with 200");

    /// <summary>Sends SIGTERM, as Kubernetes and systemd do.</summary>
    public async Task TerminateAsync()
    {
        using var kill = ChildProcess.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) } });
        await kill.WaitForExitAsync();
        Assert.Equal(0, kill.ExitCode);
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        await Eventually.WithinAsync(_process.WaitForExitAsync(), timeout, $"callcluster to exit; output:\n{Output}");
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        _http.Dispose();
    }

    private static Process Launch(string[] arguments)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryRoot,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "callcluster.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return ChildProcess.Start(start);
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "agents", "customer-service.yaml")))
            {
                return dir.FullName;
            }
        }

        throw new FileNotFoundException("agents/customer-service.yaml not found above " + AppContext.BaseDirectory);
    }
}
