using Microsoft.Extensions.Options;

namespace CallCluster.Runtime.Postgres.Hosting;

/// <summary>Reports every invalid option at host start, by name, instead of failing at the first query.</summary>
internal sealed class PostgresClusterStoreOptionsValidator : IValidateOptions<PostgresClusterStoreOptions>
{
    public ValidateOptionsResult Validate(string? name, PostgresClusterStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.FindProblems();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
