using System.Globalization;
using CallCluster.Agent.Tools;

namespace CallCluster.Agent.Sandbox;

/// <summary>
/// The <c>sandbox</c> tool backend: the store's business rules (identity check, refund eligibility, business
/// hours) over an <see cref="ISandboxStore"/>, so the in-memory and PostgreSQL stores behave the same.
/// Operations: order_status, verify_identity, create_refund, book_callback, create_ticket, add_do_not_call.
/// </summary>
public sealed class SandboxToolBackend(ISandboxStore store, TimeProvider time) : IToolBackend
{
    public static readonly IReadOnlySet<string> Operations = new HashSet<string>(StringComparer.Ordinal)
    {
        "order_status", "verify_identity", "create_refund", "book_callback", "create_ticket", "add_do_not_call",
    };

    /// <summary>Callbacks are booked from 09:00 to 17:00 (the support team's hours).</summary>
    private static readonly TimeOnly Opens = new(9, 0);
    private static readonly TimeOnly Closes = new(17, 0);

    public string Name => "sandbox";

    public async ValueTask<ToolResult> ExecuteAsync(ToolInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        return invocation.Tool.Operation switch
        {
            "order_status" => await OrderStatusAsync(invocation, cancellationToken),
            "verify_identity" => await VerifyIdentityAsync(invocation, cancellationToken),
            "create_refund" => await CreateRefundAsync(invocation, cancellationToken),
            "book_callback" => await BookCallbackAsync(invocation, cancellationToken),
            "create_ticket" => await CreateTicketAsync(invocation, cancellationToken),
            "add_do_not_call" => await AddDoNotCallAsync(invocation, cancellationToken),
            var other => throw new InvalidOperationException($"The sandbox has no operation '{other}'."),
        };
    }

    private async ValueTask<ToolResult> OrderStatusAsync(ToolInvocation invocation, CancellationToken cancellationToken)
    {
        var order = await store.FindOrderAsync(invocation.Argument("order_number"), cancellationToken);
        return order is null
            ? ToolResult.Of("not_found")
            : ToolResult.Of(ToolResult.Ok, ("status", order.Status), ("item", order.Item), ("eta", order.Eta));
    }

    private async ValueTask<ToolResult> VerifyIdentityAsync(ToolInvocation invocation, CancellationToken cancellationToken)
    {
        var order = await store.FindOrderAsync(invocation.Argument("order_number"), cancellationToken);
        if (order is null)
        {
            return ToolResult.Of("not_found");
        }

        var customer = await store.FindCustomerAsync(order.CustomerId, cancellationToken);
        return customer is not null && string.Equals(customer.Zip, invocation.Argument("zip_code"), StringComparison.Ordinal)
            ? ToolResult.Of(ToolResult.Ok, ("name", customer.Name.Split(' ')[0]))
            : ToolResult.Of("mismatch");
    }

    private async ValueTask<ToolResult> CreateRefundAsync(ToolInvocation invocation, CancellationToken cancellationToken)
    {
        var order = await store.FindOrderAsync(invocation.Argument("order_number"), cancellationToken);
        if (order is null)
        {
            return ToolResult.Of("not_found");
        }

        if (!order.Refundable)
        {
            return ToolResult.Of("not_eligible", ("status", order.Status));
        }

        var key = invocation.IdempotencyKey ?? throw new InvalidOperationException("create_refund needs an idempotency key.");
        var write = await store.CreateRefundAsync(order.Number, order.AmountCents, key, invocation.RunId, cancellationToken);
        return ToolResult.Of(
            write.Created ? ToolResult.Ok : "already_refunded",
            ("refund_id", write.Refund.Id),
            ("amount", (write.Refund.AmountCents / 100m).ToString("0.00", CultureInfo.InvariantCulture)));
    }

    private async ValueTask<ToolResult> BookCallbackAsync(ToolInvocation invocation, CancellationToken cancellationToken)
    {
        var date = DateOnly.ParseExact(invocation.Argument("date"), "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var at = TimeOnly.ParseExact(invocation.Argument("time"), "HH:mm", CultureInfo.InvariantCulture);
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        if (date < today || at < Opens || at >= Closes)
        {
            return ToolResult.Of("outside_hours");
        }

        var callback = await store.BookCallbackAsync(invocation.CallerNumber ?? "unknown", date, at, invocation.RunId, cancellationToken);
        return ToolResult.Of(ToolResult.Ok, ("callback_id", callback.Id));
    }

    private async ValueTask<ToolResult> CreateTicketAsync(ToolInvocation invocation, CancellationToken cancellationToken)
    {
        var ticket = await store.CreateTicketAsync(invocation.CallerNumber ?? "unknown", invocation.Argument("summary"), invocation.RunId, cancellationToken);
        return ToolResult.Of(ToolResult.Ok, ("ticket_id", ticket.Id));
    }

    private async ValueTask<ToolResult> AddDoNotCallAsync(ToolInvocation invocation, CancellationToken cancellationToken)
    {
        if (invocation.CallerNumber is not { Length: > 0 } phone)
        {
            return ToolResult.Of("no_caller_number");
        }

        await store.AddDoNotCallAsync(phone, invocation.RunId, cancellationToken);
        return ToolResult.Of(ToolResult.Ok);
    }
}
