namespace CallCluster.Agent.Sandbox;

/// <summary>
/// The records the default agent's tools read and write: in memory for unit tests and the simulator,
/// PostgreSQL (CallCluster.Agent.Providers) so tests can check the final record state. Writes are tagged
/// with a run id so a test can clean up what it made.
/// </summary>
public interface ISandboxStore
{
    ValueTask<SandboxOrder?> FindOrderAsync(string orderNumber, CancellationToken cancellationToken);

    ValueTask<SandboxCustomer?> FindCustomerAsync(string customerId, CancellationToken cancellationToken);

    /// <summary>Creates the order's refund, or returns the existing one: at most one refund per order and per key.</summary>
    ValueTask<RefundWrite> CreateRefundAsync(string orderNumber, long amountCents, string idempotencyKey, string runId, CancellationToken cancellationToken);

    ValueTask<SandboxCallback> BookCallbackAsync(string phone, DateOnly date, TimeOnly time, string runId, CancellationToken cancellationToken);

    ValueTask<SandboxTicket> CreateTicketAsync(string phone, string summary, string runId, CancellationToken cancellationToken);

    ValueTask AddDoNotCallAsync(string phone, string runId, CancellationToken cancellationToken);

    ValueTask<bool> IsDoNotCallAsync(string phone, CancellationToken cancellationToken);

    ValueTask<IReadOnlyList<SandboxRefund>> RefundsAsync(string runId, CancellationToken cancellationToken);

    ValueTask<IReadOnlyList<SandboxCallback>> CallbacksAsync(string runId, CancellationToken cancellationToken);

    ValueTask<IReadOnlyList<SandboxTicket>> TicketsAsync(string runId, CancellationToken cancellationToken);

    /// <summary>Deletes everything the run wrote; fixtures stay.</summary>
    ValueTask CleanUpAsync(string runId, CancellationToken cancellationToken);
}
