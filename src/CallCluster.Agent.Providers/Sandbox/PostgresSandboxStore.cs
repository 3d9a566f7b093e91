using CallCluster.Agent.Sandbox;
using Npgsql;

namespace CallCluster.Agent.Providers.Sandbox;

/// <summary>
/// The sandbox store on PostgreSQL, so tests and demo calls can check the final record state. Schema from the
/// embedded migrations (idempotent); uniqueness constraints make a repeated refund a no-op at the database too.
/// </summary>
public sealed class PostgresSandboxStore(NpgsqlDataSource dataSource) : ISandboxStore
{
    /// <summary>Applies the embedded migrations in name order; safe to run at every start.</summary>
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        var assembly = typeof(PostgresSandboxStore).Assembly;
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.EndsWith(".sql", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            await using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            var sql = await reader.ReadToEndAsync(cancellationToken);
            await using var command = dataSource.CreateCommand(sql);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>Inserts or refreshes the fixtures (customers, orders).</summary>
    public async Task SeedAsync(SandboxFixtures fixtures, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fixtures);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var customer in fixtures.Customers)
        {
            await using var command = new NpgsqlCommand(
                "INSERT INTO sandbox_customers (id, name, zip, phone) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO UPDATE SET name = $2, zip = $3, phone = $4",
                connection,
                transaction);
            command.Parameters.Add(new() { Value = customer.Id });
            command.Parameters.Add(new() { Value = customer.Name });
            command.Parameters.Add(new() { Value = customer.Zip });
            command.Parameters.Add(new() { Value = customer.Phone });
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var order in fixtures.Orders)
        {
            await using var command = new NpgsqlCommand(
                """
                INSERT INTO sandbox_orders (number, customer_id, item, status, eta, amount_cents, refundable) VALUES ($1, $2, $3, $4, $5, $6, $7)
                ON CONFLICT (number) DO UPDATE SET customer_id = $2, item = $3, status = $4, eta = $5, amount_cents = $6, refundable = $7
                """,
                connection,
                transaction);
            command.Parameters.Add(new() { Value = order.Number });
            command.Parameters.Add(new() { Value = order.CustomerId });
            command.Parameters.Add(new() { Value = order.Item });
            command.Parameters.Add(new() { Value = order.Status });
            command.Parameters.Add(new() { Value = order.Eta });
            command.Parameters.Add(new() { Value = order.AmountCents });
            command.Parameters.Add(new() { Value = order.Refundable });
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async ValueTask<SandboxOrder?> FindOrderAsync(string orderNumber, CancellationToken cancellationToken)
    {
        await using var command = Command("SELECT number, customer_id, item, status, eta, amount_cents, refundable FROM sandbox_orders WHERE number = $1", orderNumber);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new SandboxOrder(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetInt64(5), reader.GetBoolean(6))
            : null;
    }

    public async ValueTask<SandboxCustomer?> FindCustomerAsync(string customerId, CancellationToken cancellationToken)
    {
        await using var command = Command("SELECT id, name, zip, phone FROM sandbox_customers WHERE id = $1", customerId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new SandboxCustomer(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)) : null;
    }

    public async ValueTask<RefundWrite> CreateRefundAsync(string orderNumber, long amountCents, string idempotencyKey, string runId, CancellationToken cancellationToken)
    {
        await using (var insert = Command(
            "INSERT INTO sandbox_refunds (order_number, amount_cents, idempotency_key, run_id) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING id",
            orderNumber, amountCents, idempotencyKey, runId))
        {
            if (await insert.ExecuteScalarAsync(cancellationToken) is string id)
            {
                return new RefundWrite(new SandboxRefund(id, orderNumber, amountCents, idempotencyKey, runId), Created: true);
            }
        }

        await using var existing = Command(
            "SELECT id, order_number, amount_cents, idempotency_key, run_id FROM sandbox_refunds WHERE order_number = $1 OR idempotency_key = $2 LIMIT 1",
            orderNumber, idempotencyKey);
        await using var reader = await existing.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            throw new InvalidOperationException("The refund insert conflicted, yet no conflicting refund exists.");
        }

        return new RefundWrite(new SandboxRefund(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3), reader.GetString(4)), Created: false);
    }

    public async ValueTask<SandboxCallback> BookCallbackAsync(string phone, DateOnly date, TimeOnly time, string runId, CancellationToken cancellationToken)
    {
        await using var command = Command("INSERT INTO sandbox_callbacks (phone, day, at, run_id) VALUES ($1, $2, $3, $4) RETURNING id", phone, date, time, runId);
        var id = (string)(await command.ExecuteScalarAsync(cancellationToken))!;
        return new SandboxCallback(id, phone, date, time, runId);
    }

    public async ValueTask<SandboxTicket> CreateTicketAsync(string phone, string summary, string runId, CancellationToken cancellationToken)
    {
        await using var command = Command("INSERT INTO sandbox_tickets (phone, summary, run_id) VALUES ($1, $2, $3) RETURNING id", phone, summary, runId);
        var id = (string)(await command.ExecuteScalarAsync(cancellationToken))!;
        return new SandboxTicket(id, phone, summary, runId);
    }

    public async ValueTask AddDoNotCallAsync(string phone, string runId, CancellationToken cancellationToken)
    {
        await using var command = Command("INSERT INTO sandbox_do_not_call (phone, run_id) VALUES ($1, $2) ON CONFLICT (phone) DO NOTHING", phone, runId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async ValueTask<bool> IsDoNotCallAsync(string phone, CancellationToken cancellationToken)
    {
        await using var command = Command("SELECT EXISTS (SELECT 1 FROM sandbox_do_not_call WHERE phone = $1)", phone);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async ValueTask<IReadOnlyList<SandboxRefund>> RefundsAsync(string runId, CancellationToken cancellationToken)
    {
        await using var command = Command("SELECT id, order_number, amount_cents, idempotency_key, run_id FROM sandbox_refunds WHERE run_id = $1 ORDER BY id", runId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var refunds = new List<SandboxRefund>();
        while (await reader.ReadAsync(cancellationToken))
        {
            refunds.Add(new SandboxRefund(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3), reader.GetString(4)));
        }

        return refunds;
    }

    public async ValueTask<IReadOnlyList<SandboxCallback>> CallbacksAsync(string runId, CancellationToken cancellationToken)
    {
        await using var command = Command("SELECT id, phone, day, at, run_id FROM sandbox_callbacks WHERE run_id = $1 ORDER BY id", runId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var callbacks = new List<SandboxCallback>();
        while (await reader.ReadAsync(cancellationToken))
        {
            callbacks.Add(new SandboxCallback(reader.GetString(0), reader.GetString(1), reader.GetFieldValue<DateOnly>(2), reader.GetFieldValue<TimeOnly>(3), reader.GetString(4)));
        }

        return callbacks;
    }

    public async ValueTask<IReadOnlyList<SandboxTicket>> TicketsAsync(string runId, CancellationToken cancellationToken)
    {
        await using var command = Command("SELECT id, phone, summary, run_id FROM sandbox_tickets WHERE run_id = $1 ORDER BY id", runId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var tickets = new List<SandboxTicket>();
        while (await reader.ReadAsync(cancellationToken))
        {
            tickets.Add(new SandboxTicket(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)));
        }

        return tickets;
    }

    public async ValueTask CleanUpAsync(string runId, CancellationToken cancellationToken)
    {
        await using var batch = dataSource.CreateBatch();
        foreach (var table in (string[])["sandbox_refunds", "sandbox_callbacks", "sandbox_tickets", "sandbox_do_not_call"])
        {
            var command = new NpgsqlBatchCommand($"DELETE FROM {table} WHERE run_id = $1");
            command.Parameters.Add(new NpgsqlParameter { Value = runId });
            batch.BatchCommands.Add(command);
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    private NpgsqlCommand Command(string sql, params object[] parameters)
    {
        var command = dataSource.CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        return command;
    }
}
