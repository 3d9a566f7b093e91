namespace CallCluster.Runtime.Directory;

/// <summary>
/// The cluster-wide grain directory: at most one registered activation per grain.
/// Registration is a race with one winner, decided by the store, and returns the winner.
/// </summary>
public interface IGrainDirectory
{
    /// <summary>
    /// Registers <paramref name="candidate"/> (its <see cref="GrainAddress.Epoch"/> is ignored) unless a live
    /// registration exists. A registration is live while its lease has not expired and its silo is not in
    /// <paramref name="deadSilos"/>. Taking over from a dead or expired owner, or filling an empty row,
    /// assigns epoch = previous epoch + 1 (epochs never repeat for a grain, even after unregistration).
    /// </summary>
    /// <returns>The registered address: the candidate with its new epoch if it won, else the live owner.</returns>
    Task<GrainAddress> RegisterAsync(GrainAddress candidate, IReadOnlySet<SiloAddress> deadSilos, CancellationToken cancellationToken);

    Task<GrainAddress?> LookupAsync(GrainId grainId, CancellationToken cancellationToken);

    /// <summary>Removes the registration if it is still exactly this address (same activation and epoch).</summary>
    Task UnregisterAsync(GrainAddress address, CancellationToken cancellationToken);

    /// <summary>Removes every registration held by these silos (run when they are declared Dead).</summary>
    Task UnregisterSilosAsync(IReadOnlyCollection<SiloAddress> silos, CancellationToken cancellationToken);

    /// <summary>Extends the lease of every registration held by <paramref name="silo"/> (one statement, not one per grain).</summary>
    Task RenewLeasesAsync(SiloAddress silo, TimeSpan leaseDuration, CancellationToken cancellationToken);
}
