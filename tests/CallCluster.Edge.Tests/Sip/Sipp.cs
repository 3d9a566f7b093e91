using System.Diagnostics;
using System.Globalization;
using CallCluster.Testing;

namespace CallCluster.Edge.Tests.Sip;

/// <summary>Runs the real SIPp against an edge: bounded by -m, -timeout and a wait deadline, killed in any case.</summary>
internal static class Sipp
{
    /// <summary>The folder of the repo's SIPp scenarios (loadtests/sipp), found from the test's output folder.</summary>
    public static string ScenarioFolder
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "loadtests", "sipp");
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }

            throw new DirectoryNotFoundException("loadtests/sipp not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>
    /// Runs SIPp as a UAC against 127.0.0.1:<paramref name="port"/> (0: as a UAS on <paramref name="listenPort"/>) with <paramref name="scenario"/> (an XML file in
    /// loadtests/sipp, or "-sn name" for a built-in) and returns its exit code and output. SIPp exits 0 only when every
    /// call succeeded. With <paramref name="keepLogsIn"/>, SIPp's error, screen and statistics files are copied there
    /// (benchmarks keep them as evidence of why calls failed). With <paramref name="ownSession"/>, SIPp runs in a session
    /// of its own (setsid): Linux shares CPU fairly between sessions (autogroups) before threads, so a load generator in
    /// the edge's session would take its CPU from the edge under test, which on separate machines it would not.
    /// </summary>
    public static async Task<SippResult> RunAsync(int port, string scenario, int calls = 1, double rate = 5, TimeSpan? limit = null,
        IEnumerable<string>? extra = null, string transport = "u1", int? listenPort = null, string? keepLogsIn = null, bool ownSession = false)
    {
        var work = Directory.CreateTempSubdirectory("sipedge-sipp-");

        // The built-in uac_pcap plays "pcap/g711a.pcap" relative to the working folder; Debian installs them here.
        if (Directory.Exists("/usr/share/sip-tester"))
        {
            Directory.CreateSymbolicLink(Path.Combine(work.FullName, "pcap"), "/usr/share/sip-tester");
        }

        var start = new ProcessStartInfo(ownSession ? "setsid" : "sipp")
        {
            WorkingDirectory = work.FullName,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var deadline = limit ?? TimeSpan.FromSeconds(60);
        List<string> arguments = ownSession ? ["--wait", "sipp"] : [];
        arguments.AddRange(scenario.StartsWith("-sn ", StringComparison.Ordinal)
            ? ["-sn", scenario[4..]]
            : ["-sf", Path.Combine(ScenarioFolder, scenario)]);
        if (port != 0)
        {
            arguments.Add($"127.0.0.1:{port}");
        }

        arguments.AddRange([
            "-i", "127.0.0.1", "-p", (listenPort ?? FreeUdpPorts.One()).ToString(CultureInfo.InvariantCulture),
            "-mp", FreeUdpPorts.SippMediaBase().ToString(CultureInfo.InvariantCulture), "-t", transport,
            "-m", calls.ToString(CultureInfo.InvariantCulture), "-r", rate.ToString(CultureInfo.InvariantCulture),
            "-timeout", $"{(int)deadline.TotalSeconds}s", "-timeout_error", "-trace_err", "-nostdin",
        ]);
        arguments.AddRange(extra ?? []);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var sipp = ChildProcess.Start(start);
        try
        {
            var stdout = sipp.StandardOutput.ReadToEndAsync();
            var stderr = sipp.StandardError.ReadToEndAsync();
            await Eventually.WithinAsync(sipp.WaitForExitAsync(), deadline + TimeSpan.FromSeconds(30), "SIPp to finish " + scenario);
            var errors = string.Join("\n", work.GetFiles("*_errors.log").Concat(work.GetFiles("*_messages.log")).Select(f => File.ReadAllText(f.FullName)));
            var output = await stdout;
            return new SippResult(sipp.ExitCode, $"{await stderr}\n{errors}\n{output[^Math.Min(3000, output.Length)..]}");
        }
        finally
        {
            if (!sipp.HasExited)
            {
                sipp.Kill(entireProcessTree: true);
            }

            if (keepLogsIn is not null)
            {
                Directory.CreateDirectory(keepLogsIn);
                foreach (var log in work.GetFiles("*.log").Concat(work.GetFiles("*.csv")))
                {
                    log.CopyTo(Path.Combine(keepLogsIn, log.Name), overwrite: true);
                }
            }

            work.Delete(recursive: true);
        }
    }

    /// <summary>
    /// True once something has bound UDP <paramref name="port"/> on this host (Linux: /proc/net/udp), so a SIPp UAS is
    /// ready to take an INVITE. Read, not probed by binding, which could take the port from the SIPp that is starting.
    /// </summary>
    public static bool IsListeningOnUdp(int port)
    {
        var suffix = ":" + port.ToString("X4", CultureInfo.InvariantCulture);
        return File.ReadLines("/proc/net/udp").Skip(1)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Any(fields => fields.Length > 1 && fields[1].EndsWith(suffix, StringComparison.Ordinal));
    }
}

/// <summary>SIPp's exit code (0: all calls succeeded) and the tail of its output for the failure message.</summary>
internal sealed record SippResult(int ExitCode, string Output)
{
    public void AssertSucceeded() => Assert.True(ExitCode == 0, $"SIPp exit code {ExitCode}\n{Output}");
}
