using System.Diagnostics;
using System.Globalization;
using CallCluster.Testing;

namespace CallCluster.Host.Tests.Support;

/// <summary>SIPp's built-in UAC (INVITE with a PCMU offer, ACK, a pause, BYE): a real SIP peer nobody here wrote.</summary>
internal static class Sipp
{
    /// <summary>Places <paramref name="calls"/> calls to <paramref name="sipPort"/>, each held for <paramref name="hold"/>,
    /// with Call-IDs <c>{callIdPrefix}-1</c>, <c>-2</c> …; asserts SIPp saw every call succeed.</summary>
    public static async Task CallAsync(int sipPort, int calls, TimeSpan hold, string callIdPrefix)
    {
        var workDir = Directory.CreateTempSubdirectory("cc-host-sipp-");
        try
        {
            var start = new ProcessStartInfo("sipp")
            {
                WorkingDirectory = workDir.FullName,
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var argument in new[]
                     {
                         "-sn", "uac", $"127.0.0.1:{sipPort}", "-i", "127.0.0.1", "-p", FreeUdpPorts.One().ToString(CultureInfo.InvariantCulture), "-mp", FreeUdpPorts.SippMediaBase().ToString(CultureInfo.InvariantCulture),
                         "-m", calls.ToString(CultureInfo.InvariantCulture), "-r", "2", "-d", ((int)hold.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
                         "-cid_str", callIdPrefix + "-%u", "-timeout", "90s", "-timeout_error", "-trace_err", "-nostdin",
                     })
            {
                start.ArgumentList.Add(argument);
            }

            using var sipp = ChildProcess.Start(start);
            var stdout = sipp.StandardOutput.ReadToEndAsync();
            var stderr = sipp.StandardError.ReadToEndAsync();
            await Eventually.WithinAsync(sipp.WaitForExitAsync(), TimeSpan.FromMinutes(2), "SIPp to finish its calls");
            var errors = string.Join("\n", workDir.GetFiles("*_errors.log").Select(f => File.ReadAllText(f.FullName)));
            var tail = await stdout;
            Assert.True(sipp.ExitCode == 0, $"SIPp exit code {sipp.ExitCode}\n{await stderr}\n{errors}\n{tail[^Math.Min(2000, tail.Length)..]}");
        }
        finally
        {
            workDir.Delete(recursive: true);
        }
    }
}
