namespace CallCluster.Agent.Sandbox;

/// <summary>A customer of the sandbox store.</summary>
public sealed record SandboxCustomer(string Id, string Name, string Zip, string Phone);

/// <summary>An order of the sandbox store; amounts in cents.</summary>
public sealed record SandboxOrder(string Number, string CustomerId, string Item, string Status, string Eta, long AmountCents, bool Refundable);

/// <summary>A refund the agent issued; one per order.</summary>
public sealed record SandboxRefund(string Id, string OrderNumber, long AmountCents, string IdempotencyKey, string RunId);

/// <summary>A callback the agent booked.</summary>
public sealed record SandboxCallback(string Id, string Phone, DateOnly Date, TimeOnly Time, string RunId);

/// <summary>A support ticket the agent opened (e.g. for an emergency or an unresolved request).</summary>
public sealed record SandboxTicket(string Id, string Phone, string Summary, string RunId);

/// <summary>The result of asking for a refund: the refund, and whether this request created it.</summary>
public sealed record RefundWrite(SandboxRefund Refund, bool Created);
