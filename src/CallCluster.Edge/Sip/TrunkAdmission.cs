using CallCluster.Sip.Messages;

namespace CallCluster.Edge.Sip;

/// <summary>What trunk authentication decided about an INVITE.</summary>
/// <param name="Outcome">Admit, challenge or refuse.</param>
/// <param name="Trunk">The trunk that admitted the call ("open" when no trunks are configured), or null.</param>
/// <param name="Challenges">For <see cref="TrunkAdmissionOutcome.Challenge"/>: one WWW-Authenticate value per algorithm.</param>
public sealed record TrunkAdmission(TrunkAdmissionOutcome Outcome, string? Trunk, IReadOnlyList<AuthHeaderValue> Challenges);

/// <summary>The three answers to an INVITE's credentials.</summary>
public enum TrunkAdmissionOutcome
{
    /// <summary>From an allowed source or with valid digest credentials.</summary>
    Admitted,

    /// <summary>No (or stale) credentials: answer 401 with the challenges.</summary>
    Challenge,

    /// <summary>Wrong credentials or an unknown source with no digest trunk: answer 403.</summary>
    Forbidden,
}
