using CallCluster.Edge.Playout;
using CallCluster.Edge.Recording;
using CallCluster.Edge.Responders;
using CallCluster.Load.Calls;
using CallCluster.Load.Calls.Loopback;
using CallCluster.Load.Calls.Reporting;
using CallCluster.Load.Calls.Sip;
using CallCluster.Media.Recording;
using CallCluster.Speech.ESpeak;
using CallCluster.Speech.PocketSphinx;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CallCluster.Host.Commands;

/// <summary>Places the one call of <c>callcluster call</c> with the embedded speech engines and returns its report.</summary>
internal static class CallCommandRunner
{
    // Room for the last utterance to be recognised after the call's own limit.
    private static readonly TimeSpan ReportGrace = TimeSpan.FromMinutes(1);

    /// <exception cref="System.Net.Sockets.SocketException">The target's host name does not resolve.</exception>
    public static async Task<CallReport> RunAsync(
        CallCommandTarget target, CallScript script, ScriptedCallerOptions options, string? recordPath, CancellationToken cancellationToken)
    {
        var textToSpeech = new ESpeakTextToSpeech(Options.Create(new ESpeakOptions()));
        using var speechToText = new PocketSphinxSpeechToText(Options.Create(new PocketSphinxOptions { MaxDecoders = 1 }));
        await speechToText.WarmUpAsync(1, cancellationToken);
        using var scheduler = new PlayoutScheduler(Options.Create(new PlayoutOptions()), TimeProvider.System, NullLogger<PlayoutScheduler>.Instance);
        scheduler.Start();

        var recording = recordPath is null ? null : StereoRecordingTap.ToFile(recordPath, CallSide.Agent);
        if (!target.IsLoopback)
        {
            var sipCaller = new ScriptedCaller(script, textToSpeech, speechToText, options);
            return await SipCallerLeg.CallAsync(
                sipCaller, target.SipUri!, target.Codecs, scheduler, recording, options.MaxCallDuration, cancellationToken: cancellationToken);
        }

        // An echo never greets: waiting for a greeting would only cost the response timeout.
        var caller = new ScriptedCaller(script, textToSpeech, speechToText, options with { WaitForGreeting = false });
        await using var call = await LoopbackCall.StartAsync(caller, new EchoResponder(), scheduler, recording, cancellationToken);
        caller.DigitSender = call.SendDigitsToAgent;

        // Ctrl+C hangs up like a caller would, and the report of the call so far is still printed.
        await using var hangUpOnCancel = cancellationToken.Register(() => _ = call.CallerLeg.HangUpAsync(CancellationToken.None).AsTask());
        return await caller.Completion.WaitAsync(options.MaxCallDuration + ReportGrace, CancellationToken.None);
    }
}
