using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CallCluster.Host.Tests.Support;
using CallCluster.Testing;

namespace CallCluster.Host.Tests;

/// <summary>
/// The k8s/ manifests parse as YAML (python3's yaml module, a parser nobody here wrote) and agree with the binary:
/// probe paths the admin API serves, a termination grace longer than preStop + --grace + the host's slack, the agent
/// ConfigMap identical to agents/.
/// </summary>
public sealed class KubernetesManifestTests
{
    private static readonly string K8s = Path.Combine(NodeProcess.RepositoryRoot, "k8s");

    [Fact]
    public async Task Every_manifest_and_the_collector_config_parse_as_YAML()
    {
        var files = Directory.GetFiles(K8s, "*.yaml").Append(Path.Combine(NodeProcess.RepositoryRoot, "infra", "otel", "collector.yaml")).ToArray();
        var documents = await LoadAsync(files);
        Assert.True(documents.Count >= files.Length);
        Assert.All(documents.Where(d => d.TryGetProperty("kind", out _)), d => Assert.True(d.TryGetProperty("apiVersion", out _)));
    }

    [Fact]
    public async Task Silo_probes_use_the_admin_API_and_the_termination_grace_covers_the_drain()
    {
        var documents = await LoadAsync(Path.Combine(K8s, "silo.yaml"));
        var pod = Find(documents, "Deployment", "callcluster-silo").GetProperty("spec").GetProperty("template").GetProperty("spec");
        var container = pod.GetProperty("containers")[0];
        Assert.Equal("/health/ready", container.GetProperty("readinessProbe").GetProperty("httpGet").GetProperty("path").GetString());
        Assert.Equal("/health/live", container.GetProperty("livenessProbe").GetProperty("httpGet").GetProperty("path").GetString());

        var args = container.GetProperty("args").EnumerateArray().Select(a => a.GetString()!).ToList();
        Assert.Equal("silo", args[0]);
        var grace = TimeSpan.Parse(args.Single(a => a.StartsWith("--grace=", StringComparison.Ordinal))["--grace=".Length..], CultureInfo.InvariantCulture);
        var preStop = container.GetProperty("lifecycle").GetProperty("preStop").GetProperty("sleep").GetProperty("seconds").GetInt32();
        var termination = pod.GetProperty("terminationGracePeriodSeconds").GetInt32();
        Assert.True(termination > preStop + grace.TotalSeconds + 15, $"terminationGracePeriodSeconds {termination} must exceed preStop {preStop} + grace {grace.TotalSeconds} + 15 s");

        var hpa = Find(documents, "HorizontalPodAutoscaler", "callcluster-silo").GetProperty("spec");
        Assert.Equal("callcluster-silo", hpa.GetProperty("scaleTargetRef").GetProperty("name").GetString());
        Assert.Equal("cpu", hpa.GetProperty("metrics")[0].GetProperty("resource").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Edges_listen_for_SIP_on_UDP_5060_on_the_host_network()
    {
        var documents = await LoadAsync(Path.Combine(K8s, "edge.yaml"));
        var pod = Find(documents, "Deployment", "callcluster-edge").GetProperty("spec").GetProperty("template").GetProperty("spec");
        Assert.True(pod.GetProperty("hostNetwork").GetBoolean());
        var ports = pod.GetProperty("containers")[0].GetProperty("ports").EnumerateArray();
        Assert.Contains(ports, p => p.GetProperty("containerPort").GetInt32() == 5060 && p.GetProperty("protocol").GetString() == "UDP");
    }

    [Fact]
    public async Task Edges_may_run_their_pacing_threads_in_real_time()
    {
        var documents = await LoadAsync(Path.Combine(K8s, "edge.yaml"));
        var container = Find(documents, "Deployment", "callcluster-edge").GetProperty("spec").GetProperty("template").GetProperty("spec").GetProperty("containers")[0];
        var added = container.GetProperty("securityContext").GetProperty("capabilities").GetProperty("add").EnumerateArray().Select(c => c.GetString());
        Assert.Contains("SYS_NICE", added);
    }

    [Fact]
    public async Task The_agent_ConfigMap_holds_the_repository_agent_verbatim()
    {
        var documents = await LoadAsync(Path.Combine(K8s, "agent-configmap.yaml"));
        var data = Find(documents, "ConfigMap", "callcluster-agent").GetProperty("data");
        foreach (var file in new[] { "customer-service.yaml", "customer-service.fixtures.yaml" })
        {
            var expected = await File.ReadAllTextAsync(Path.Combine(NodeProcess.RepositoryRoot, "agents", file));
            Assert.Equal(expected.TrimEnd(), data.GetProperty(file).GetString()!.TrimEnd());
        }
    }

    private static JsonElement Find(IEnumerable<JsonElement> documents, string kind, string name) => documents.Single(d =>
        d.GetProperty("kind").GetString() == kind && d.GetProperty("metadata").GetProperty("name").GetString() == name);

    private static async Task<List<JsonElement>> LoadAsync(params string[] files)
    {
        const string Script = "import json, sys, yaml\nprint(json.dumps([d for f in sys.argv[1:] for d in yaml.safe_load_all(open(f)) if d is not None]))";
        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Script);
        foreach (var file in files)
        {
            start.ArgumentList.Add(file);
        }

        using var python = ChildProcess.Start(start);
        var stdout = python.StandardOutput.ReadToEndAsync();
        var stderr = python.StandardError.ReadToEndAsync();
        await python.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        Assert.True(python.ExitCode == 0, $"python3 could not parse {string.Join(", ", files.Select(Path.GetFileName))}:\n{await stderr}");
        using var json = JsonDocument.Parse(await stdout);
        return [.. json.RootElement.EnumerateArray().Select(e => e.Clone())];
    }
}
