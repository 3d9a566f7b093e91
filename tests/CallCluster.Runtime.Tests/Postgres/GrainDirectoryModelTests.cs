using CallCluster.Runtime.Directory;
using CallCluster.Runtime.Postgres.Directory;
using CallCluster.Testing;
using FsCheck;
using FsCheck.Fluent;

namespace CallCluster.Runtime.Tests.Postgres;

/// <summary>
/// Random sequences of register / unregister / unregister-silos against the real directory, checked step by
/// step against a ten-line model: who owns each grain, and that each new owner gets the grain's highest epoch + 1.
/// </summary>
[Trait("Category", TestCategories.Postgres)]
public sealed class GrainDirectoryModelTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private static readonly SiloAddress[] Silos = [new("10.0.0.1", 1, 1), new("10.0.0.2", 1, 2), new("10.0.0.3", 1, 3)];

    [Fact]
    public async Task The_directory_behaves_like_its_model_for_any_sequence_of_operations()
    {
        await using var store = await ClusterStore.OpenAsync(database);
        var operation =
            from kind in Gen.Frequency((5, Gen.Constant(OpKind.Register)), (2, Gen.Constant(OpKind.Unregister)), (1, Gen.Constant(OpKind.UnregisterSilos)))
            from grain in Gen.Choose(0, 2)
            from silo in Gen.Choose(0, 2)
            from mask in Gen.Choose(0, 7)
            select new Op(kind, grain, silo, mask);

        Check.One(
            Config.QuickThrowOnFailure.WithMaxTest(40),
            Prop.ForAll(Gen.ListOf(operation).ToArbitrary(), ops => Run(store, ops).GetAwaiter().GetResult()));
    }

    private static async Task<bool> Run(ClusterStore store, IEnumerable<Op> ops)
    {
        var directory = new PostgresGrainDirectory(store.DataSource, store.ForCluster("model-" + Guid.NewGuid().ToString("N")));
        var grains = Enumerable.Range(0, 3).Select(i => new GrainId("call", "g" + i)).ToArray();
        var owners = new GrainAddress?[3];
        var highestEpoch = new long[3];
        var step = 0;
        foreach (var op in ops)
        {
            step++;
            var grain = grains[op.Grain];
            switch (op.Kind)
            {
                case OpKind.Register:
                    var dead = Silos.Where((_, i) => (op.Mask & (1 << i)) != 0).ToHashSet();
                    var actual = await directory.RegisterAsync(new GrainAddress(grain, Silos[op.Silo], "act" + step, 0), dead, CancellationToken.None);
                    if (owners[op.Grain] is not { } live || dead.Contains(live.Silo))
                    {
                        owners[op.Grain] = new GrainAddress(grain, Silos[op.Silo], "act" + step, ++highestEpoch[op.Grain]);
                    }

                    Assert.Equal(owners[op.Grain], actual);
                    break;
                case OpKind.Unregister when owners[op.Grain] is { } owner:
                    // Odd masks present a stale epoch, which must change nothing.
                    var exact = op.Mask % 2 == 0;
                    await directory.UnregisterAsync(exact ? owner : owner with { Epoch = owner.Epoch - 1 }, CancellationToken.None);
                    owners[op.Grain] = exact ? null : owner;
                    break;
                case OpKind.UnregisterSilos:
                    var gone = Silos.Where((_, i) => (op.Mask & (1 << i)) != 0).ToArray();
                    await directory.UnregisterSilosAsync(gone, CancellationToken.None);
                    for (var g = 0; g < owners.Length; g++)
                    {
                        owners[g] = owners[g] is { } held && gone.Contains(held.Silo) ? null : owners[g];
                    }

                    break;
            }

            for (var g = 0; g < grains.Length; g++)
            {
                Assert.Equal(owners[g], await directory.LookupAsync(grains[g], CancellationToken.None));
            }
        }

        return true;
    }

    private enum OpKind
    {
        Register,
        Unregister,
        UnregisterSilos,
    }

    private sealed record Op(OpKind Kind, int Grain, int Silo, int Mask);
}
