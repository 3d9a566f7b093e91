using System.Diagnostics;
using System.Globalization;
using CallCluster.Edge.Responders;
using CallCluster.Edge.Tests.Support;
using CallCluster.Testing;

namespace CallCluster.Edge.Tests.Sip;

/// <summary>A real softphone (baresip, headless, G.722) calls the edge's ToneResponder and records what it hears.</summary>
[Trait("Category", TestCategories.Sipp)]
public sealed class BaresipInteropTests
{
    private const double ToneHz = 440;

    [Fact]
    public async Task Baresip_over_g722_hears_the_tone_responder()
    {
        var handler = new ToneResponder(ToneHz, TimeSpan.FromSeconds(4));
        var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var host = await SipEdgeHost.StartAsync(handler);
        host.Edge.CallEnded = _ => ended.TrySetResult();
        var folder = Directory.CreateTempSubdirectory("sipedge-baresip-");
        try
        {
            // aubridge joins baresip's player to its source (so the decode path runs in real time, and baresip echoes
            // what it hears); sndfile dumps the decoded far end (our tone) to dump-*-dec.wav.
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "config"), string.Join('\n',
                "module_path /usr/lib/baresip/modules",
                $"sip_listen 127.0.0.1:{FreeUdpPorts.One()}",
                "audio_source aubridge,nil",
                "audio_player aubridge,nil",
                "module g722.so", "module aubridge.so", "module sndfile.so", "module account.so", "module menu.so",
                $"snd_path {folder.FullName}", string.Empty));
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "accounts"), "<sip:baresip@127.0.0.1>;regint=0;audio_codecs=G722/16000/1\n");

            var start = new ProcessStartInfo("baresip") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[] { "-f", folder.FullName, "-t", "8", "-e", $"/dial sip:agent@127.0.0.1:{host.Port}" })
            {
                start.ArgumentList.Add(argument);
            }

            using var baresip = ChildProcess.Start(start);
            try
            {
                var output = baresip.StandardOutput.ReadToEndAsync();
                _ = baresip.StandardError.ReadToEndAsync();
                await Eventually.WithinAsync(baresip.WaitForExitAsync(), TimeSpan.FromSeconds(40), "baresip to call, listen for 8 s and quit");
                await Eventually.WithinAsync(ended.Task, TimeSpan.FromSeconds(20), "the edge to see baresip's BYE");

                var heard = folder.GetFiles("*dec*.wav").OrderByDescending(f => f.Length).FirstOrDefault();
                Assert.True(heard is not null, "baresip wrote no decoded audio; its output:\n" + await output);
                var wav = TestWav.Read(heard.FullName);
                var samples = wav.Channel(0);
                var tone = Spectrum.Power(samples, wav.SampleRate, ToneHz);
                var other = Spectrum.Power(samples, wav.SampleRate, 1000);
                var note = string.Create(CultureInfo.InvariantCulture, $"{ToneHz} Hz power {tone:0} vs 1000 Hz {other:0} in {samples.Length} samples at {wav.SampleRate} Hz");
                Assert.True(samples.Length > wav.SampleRate, note);
                Assert.True(tone > 20 * other && tone > 1e6, note);
            }
            finally
            {
                if (!baresip.HasExited)
                {
                    baresip.Kill(entireProcessTree: true);
                }
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
