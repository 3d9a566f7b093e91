using System.Buffers;
using CallCluster.Edge.Calls;
using CallCluster.Media.Recording;
using Microsoft.Extensions.Options;

namespace CallCluster.Edge.Recording;

/// <summary>Records every call to <c>{Directory}/{callId}.wav</c> when <see cref="CallRecordingOptions.Directory"/> is set.</summary>
internal sealed class StereoRecordingTapFactory(IOptions<CallRecordingOptions> options) : ICallAudioTapFactory
{
    // Call ids come from the network (SIP Call-ID, provider ids): keep only characters that are safe in a file name.
    private static readonly SearchValues<char> SafeFileNameChars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.");

    public ICallAudioTap? Create(CallStartInfo call)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (string.IsNullOrEmpty(options.Value.Directory))
        {
            return null;
        }

        Directory.CreateDirectory(options.Value.Directory);
        var path = Path.Combine(options.Value.Directory, FileNameFor(call.CallId));
        return new StereoRecordingTap(StereoCallRecorder.Create(path));
    }

    /// <summary>The call id with unsafe characters replaced by '_' (so "a/../b" cannot leave the folder), plus ".wav".</summary>
    internal static string FileNameFor(string callId)
    {
        var name = string.Create(callId.Length, callId, static (span, id) =>
        {
            for (var i = 0; i < id.Length; i++)
            {
                span[i] = SafeFileNameChars.Contains(id[i]) ? id[i] : '_';
            }
        });
        return name.Trim('.') is { Length: > 0 } trimmed ? trimmed + ".wav" : "call.wav";
    }
}
