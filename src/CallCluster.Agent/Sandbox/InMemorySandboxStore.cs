namespace CallCluster.Agent.Sandbox;

/// <summary>The sandbox store in memory (unit tests, the simulator). Thread-safe; ids are sequential per store.</summary>
public sealed class InMemorySandboxStore(SandboxFixtures fixtures) : ISandboxStore
{
    private readonly object _gate = new();
    private readonly List<SandboxRefund> _refunds = [];
    private readonly List<SandboxCallback> _callbacks = [];
    private readonly List<SandboxTicket> _tickets = [];
    private readonly List<(string Phone, string RunId)> _doNotCall = [];
    private int _sequence;

    public ValueTask<SandboxOrder?> FindOrderAsync(string orderNumber, CancellationToken cancellationToken) =>
        ValueTask.FromResult(fixtures.Orders.FirstOrDefault(o => o.Number == orderNumber));

    public ValueTask<SandboxCustomer?> FindCustomerAsync(string customerId, CancellationToken cancellationToken) =>
        ValueTask.FromResult(fixtures.Customers.FirstOrDefault(c => c.Id == customerId));

    public ValueTask<RefundWrite> CreateRefundAsync(string orderNumber, long amountCents, string idempotencyKey, string runId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var existing = _refunds.Find(r => r.OrderNumber == orderNumber || r.IdempotencyKey == idempotencyKey);
            if (existing is not null)
            {
                return ValueTask.FromResult(new RefundWrite(existing, Created: false));
            }

            var refund = new SandboxRefund(NextId("R"), orderNumber, amountCents, idempotencyKey, runId);
            _refunds.Add(refund);
            return ValueTask.FromResult(new RefundWrite(refund, Created: true));
        }
    }

    public ValueTask<SandboxCallback> BookCallbackAsync(string phone, DateOnly date, TimeOnly time, string runId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var callback = new SandboxCallback(NextId("CB"), phone, date, time, runId);
            _callbacks.Add(callback);
            return ValueTask.FromResult(callback);
        }
    }

    public ValueTask<SandboxTicket> CreateTicketAsync(string phone, string summary, string runId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var ticket = new SandboxTicket(NextId("T"), phone, summary, runId);
            _tickets.Add(ticket);
            return ValueTask.FromResult(ticket);
        }
    }

    public ValueTask AddDoNotCallAsync(string phone, string runId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_doNotCall.Exists(d => d.Phone == phone))
            {
                _doNotCall.Add((phone, runId));
            }
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<bool> IsDoNotCallAsync(string phone, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_doNotCall.Exists(d => d.Phone == phone));
        }
    }

    public ValueTask<IReadOnlyList<SandboxRefund>> RefundsAsync(string runId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return ValueTask.FromResult<IReadOnlyList<SandboxRefund>>(_refunds.Where(r => r.RunId == runId).ToList());
        }
    }

    public ValueTask<IReadOnlyList<SandboxCallback>> CallbacksAsync(string runId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return ValueTask.FromResult<IReadOnlyList<SandboxCallback>>(_callbacks.Where(r => r.RunId == runId).ToList());
        }
    }

    public ValueTask<IReadOnlyList<SandboxTicket>> TicketsAsync(string runId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return ValueTask.FromResult<IReadOnlyList<SandboxTicket>>(_tickets.Where(r => r.RunId == runId).ToList());
        }
    }

    public ValueTask CleanUpAsync(string runId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _refunds.RemoveAll(r => r.RunId == runId);
            _callbacks.RemoveAll(r => r.RunId == runId);
            _tickets.RemoveAll(r => r.RunId == runId);
            _doNotCall.RemoveAll(r => r.RunId == runId);
        }

        return ValueTask.CompletedTask;
    }

    private string NextId(string prefix) => prefix + (++_sequence).ToString("D5", System.Globalization.CultureInfo.InvariantCulture);
}
