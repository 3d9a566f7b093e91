using System.Diagnostics;
using System.Net;
using CallCluster.Sip.Dialogs;
using CallCluster.Sip.Tests.Dialogs;
using CallCluster.Sip.Transport;
using CallCluster.Testing;

namespace CallCluster.Sip.Tests.Interop;

/// <summary>SIPp's built-in UAC scenario (INVITE, 100/180/200, ACK, BYE) against our UAS on loopback UDP and TCP.</summary>
[Trait("Category", TestCategories.Sipp)]
public sealed class SippSmokeTests
{
    [Theory]
    [InlineData("u1")]
    [InlineData("t1")]
    public async Task Sipp_uac_completes_calls_against_our_uas(string sippTransport)
    {
        const int calls = 5;
        var bind = new IPEndPoint(IPAddress.Loopback, 0);
        await using ISipTransport transport = sippTransport == "u1" ? new UdpSipTransport(bind) : new TcpSipTransport(bind);
        var handler = new AnsweringHandler();
        var agent = new SipUserAgent(new SipUserAgentOptions(), handler, TimeProvider.System);
        agent.AddTransport(transport);
        var workDir = Directory.CreateTempSubdirectory("sipp-");

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
                         "-sn", "uac", "-t", sippTransport, $"127.0.0.1:{transport.LocalEndPoint.Port}", "-i", "127.0.0.1", "-p", FreeUdpPorts.One().ToString(System.Globalization.CultureInfo.InvariantCulture),
                         "-mp", FreeUdpPorts.SippMediaBase().ToString(System.Globalization.CultureInfo.InvariantCulture), "-m", calls.ToString(System.Globalization.CultureInfo.InvariantCulture),
                         "-r", "5", "-timeout", "60s", "-timeout_error", "-trace_err", "-nostdin",
                     })
            {
                start.ArgumentList.Add(argument);
            }

            using var sipp = ChildProcess.Start(start);
            var stdout = sipp.StandardOutput.ReadToEndAsync();
            var stderr = sipp.StandardError.ReadToEndAsync();
            await Eventually.WithinAsync(sipp.WaitForExitAsync(), TimeSpan.FromSeconds(90), "SIPp to finish its calls");

            var errors = string.Join("\n", workDir.GetFiles("*_errors.log").Select(f => File.ReadAllText(f.FullName)));
            Assert.True(sipp.ExitCode == 0, $"SIPp exit code {sipp.ExitCode}\n{await stderr}\n{errors}\n{(await stdout)[^Math.Min(2000, (await stdout).Length)..]}");
            Assert.Equal(calls, handler.Incoming.Count);
            await Eventually.TrueAsync(() => agent.ActiveCalls == 0, TimeSpan.FromSeconds(20), "every call to be hung up by SIPp's BYE");
        }
        finally
        {
            workDir.Delete(recursive: true);
        }
    }
}
