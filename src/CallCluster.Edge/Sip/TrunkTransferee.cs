using System.Net.Sockets;
using CallCluster.Sip.Dialogs;
using CallCluster.Sip.Messages;
using Microsoft.Extensions.Logging;

namespace CallCluster.Edge.Sip;

/// <summary>
/// The edge's own transferee (<see cref="SipInboundTransferOptions"/>): a REFER to an allowed target is dialled through
/// the configured trunk, and once the target answers the call moves onto the new leg: the agent keeps talking, now to
/// the target. The final status is the new call's: 200, or the target's refusal.
/// </summary>
internal sealed class TrunkTransferee(SipEdge edge, SipInboundTransferOptions options, TimeProvider time, ILogger logger) : ISipTransferee
{
    private readonly string _trunk = options.Trunk ?? throw new ArgumentException("No trunk for inbound transfers.", nameof(options));

    public bool Accepts(SipEdgeCall call, SipUri target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var address = target.User is { } user ? $"{user}@{target.Host}" : target.Host;
        return options.AllowedTargets.Any(allowed =>
            allowed.Equals(target.Host, StringComparison.OrdinalIgnoreCase) || allowed.Equals(address, StringComparison.OrdinalIgnoreCase));
    }

    public async Task<int> TransferAsync(SipEdgeCall call, SipUri target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        SipEdge.DialledLeg leg;
        using var timeout = new CancellationTokenSource(options.AnswerTimeout, time);
        using var answer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            leg = await edge.DialAsync(target, _trunk, answer.Token);
        }
        catch (SipCallFailedException e)
        {
            return e.StatusCode;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogInformation("Call {CallId}: the referred target did not answer within {Timeout}.", call.CallId, options.AnswerTimeout);
            return 408;
        }
        catch (Exception e) when (e is InvalidOperationException or SocketException or TimeoutException)
        {
            logger.LogWarning("Call {CallId}: dialling the referred target failed: {Reason}", call.CallId, e.Message);
            return 503;
        }

        if (call.TryMoveTo(leg.Sip, leg.Rtp, leg.Negotiator))
        {
            logger.LogInformation("Call {CallId} moved to the referred target {Target} (Call-ID {NewCallId}, {Codec}).",
                call.CallId, TransferTargets.Redact(target), leg.Sip.Dialog.CallId, leg.Rtp.Codec);
            return 200;
        }

        // The call ended while the target was answering: nobody is left to talk to it.
        await leg.Sip.ByeAsync();
        await leg.Rtp.DisposeAsync();
        return 487;
    }
}
