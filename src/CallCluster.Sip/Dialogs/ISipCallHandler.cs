namespace CallCluster.Sip.Dialogs;

/// <summary>The application behind the UA (the Edge): decides what to do with each new call.</summary>
public interface ISipCallHandler
{
    /// <summary>A new INVITE that passed the call cap and session-timer checks. Ring, accept or reject it.</summary>
    void OnIncomingCall(IncomingCall call);
}
