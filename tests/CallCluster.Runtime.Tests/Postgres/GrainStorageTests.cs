using CallCluster.Runtime.Directory;
using CallCluster.Runtime.Persistence;
using CallCluster.Runtime.Postgres.Directory;
using CallCluster.Runtime.Postgres.Persistence;
using CallCluster.Testing;

namespace CallCluster.Runtime.Tests.Postgres;

[Trait("Category", TestCategories.Postgres)]
public sealed class GrainStorageTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>, IAsyncLifetime
{
    private const string StateName = "call";
    private static readonly SiloAddress SiloA = new("10.0.0.1", 11111, 1);
    private static readonly SiloAddress SiloB = new("10.0.0.2", 11111, 2);
    private static readonly IReadOnlySet<SiloAddress> NoneDead = new HashSet<SiloAddress>();

    private ClusterStore _store = null!;
    private PostgresGrainDirectory _directory = null!;
    private PostgresGrainStorage _storage = null!;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _store = await ClusterStore.OpenAsync(database);
        _directory = new PostgresGrainDirectory(_store.DataSource, _store.Wrapped);
        _storage = new PostgresGrainStorage(_store.DataSource, _store.Wrapped);
    }

    public ValueTask DisposeAsync() => _store.DisposeAsync();

    [Fact]
    public async Task A_grain_never_written_reads_as_no_record_with_a_fresh_state()
    {
        var state = new GrainState<CallState> { State = new CallState { Node = "stale" }, ETag = "9", RecordExists = true };

        await _storage.ReadStateAsync(StateName, NewGrain(), state, Token);

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.Equal(new CallState().Node, state.State.Node);
    }

    [Fact]
    public async Task Read_after_write_returns_the_state_and_its_etag()
    {
        var (grain, owner) = await ActivateAsync(SiloA);
        var written = new GrainState<CallState> { State = new CallState { Node = "greeting", Turns = 3, Transcript = ["hello", "hi"] } };

        await _storage.WriteStateAsync(StateName, grain, written, owner.Epoch, Token);
        var read = new GrainState<CallState>();
        await _storage.ReadStateAsync(StateName, grain, read, Token);

        Assert.True(written.RecordExists);
        Assert.NotNull(written.ETag);
        Assert.True(read.RecordExists);
        Assert.Equal(written.ETag, read.ETag);
        Assert.Equal("greeting", read.State.Node);
        Assert.Equal(3, read.State.Turns);
        Assert.Equal(["hello", "hi"], read.State.Transcript);

        read.State.Turns = 4;
        await _storage.WriteStateAsync(StateName, grain, read, owner.Epoch, Token);
        Assert.NotEqual(written.ETag, read.ETag);
    }

    [Fact]
    public async Task A_write_with_a_stale_etag_throws_and_writes_nothing()
    {
        var (grain, owner) = await ActivateAsync(SiloA);
        await _storage.WriteStateAsync(StateName, grain, new GrainState<CallState> { State = new CallState { Turns = 1 } }, owner.Epoch, Token);
        var first = await ReadAsync(grain);
        var second = await ReadAsync(grain);
        first.State.Turns = 2;
        await _storage.WriteStateAsync(StateName, grain, first, owner.Epoch, Token);

        second.State.Turns = 99;
        var error = await Assert.ThrowsAsync<InconsistentStateException>(
            () => _storage.WriteStateAsync(StateName, grain, second, owner.Epoch, Token));

        Assert.Contains("ETag mismatch", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("epoch fence", error.Message, StringComparison.Ordinal);
        Assert.Equal(first.ETag, error.StoredETag);
        Assert.Equal(2, (await ReadAsync(grain)).State.Turns);
    }

    [Fact]
    public async Task A_first_write_loses_to_a_record_that_already_exists()
    {
        var (grain, owner) = await ActivateAsync(SiloA);
        await _storage.WriteStateAsync(StateName, grain, new GrainState<CallState> { State = new CallState { Turns = 1 } }, owner.Epoch, Token);

        var error = await Assert.ThrowsAsync<InconsistentStateException>(
            () => _storage.WriteStateAsync(StateName, grain, new GrainState<CallState> { State = new CallState { Turns = 5 } }, owner.Epoch, Token));

        Assert.Contains("expected no record", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, (await ReadAsync(grain)).State.Turns);
    }

    [Fact]
    public async Task A_write_from_an_older_epoch_is_fenced_even_with_the_right_etag()
    {
        var (grain, oldOwner) = await ActivateAsync(SiloA);
        await _storage.WriteStateAsync(StateName, grain, new GrainState<CallState> { State = new CallState { Turns = 1 } }, oldOwner.Epoch, Token);
        var oldActivation = await ReadAsync(grain);

        // Silo A is declared dead while its activation still runs: B takes the grain over.
        var newOwner = await _directory.RegisterAsync(new GrainAddress(grain, SiloB, "b1", 0), new HashSet<SiloAddress> { SiloA }, Token);
        Assert.Equal(oldOwner.Epoch + 1, newOwner.Epoch);

        oldActivation.State.Turns = 666;
        var error = await Assert.ThrowsAsync<InconsistentStateException>(
            () => _storage.WriteStateAsync(StateName, grain, oldActivation, oldOwner.Epoch, Token));
        Assert.Contains($"epoch fence: the writer holds epoch {oldOwner.Epoch} but the directory holds epoch {newOwner.Epoch}", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("ETag mismatch", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<InconsistentStateException>(
            () => _storage.ClearStateAsync(StateName, grain, oldActivation, oldOwner.Epoch, Token));

        var newActivation = await ReadAsync(grain);
        Assert.Equal(1, newActivation.State.Turns);
        newActivation.State.Turns = 2;
        await _storage.WriteStateAsync(StateName, grain, newActivation, newOwner.Epoch, Token);
        Assert.Equal(2, (await ReadAsync(grain)).State.Turns);
    }

    [Fact]
    public async Task A_takeover_during_a_stream_of_writes_sees_every_write_the_old_owner_had_acknowledged()
    {
        for (var round = 0; round < 10; round++)
        {
            var (grain, oldOwner) = await ActivateAsync(SiloA);
            var oldActivation = new GrainState<CallState>();
            await _storage.WriteStateAsync(StateName, grain, oldActivation, oldOwner.Epoch, Token);
            var acknowledged = 0;
            var firstWriteDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var writer = Task.Run(async () =>
            {
                try
                {
                    while (true)
                    {
                        oldActivation.State.Turns = acknowledged + 1;
                        await _storage.WriteStateAsync(StateName, grain, oldActivation, oldOwner.Epoch, Token);
                        acknowledged = oldActivation.State.Turns;
                        firstWriteDone.TrySetResult();
                    }
                }
                catch (InconsistentStateException)
                {
                    firstWriteDone.TrySetResult();
                }
            });

            await Eventually.WithinAsync(firstWriteDone.Task, TimeSpan.FromSeconds(30), "the old owner's first write");
            var newOwner = await _directory.RegisterAsync(new GrainAddress(grain, SiloB, "b", 0), new HashSet<SiloAddress> { SiloA }, Token);
            var seen = await ReadAsync(grain);
            await Eventually.WithinAsync(writer, TimeSpan.FromSeconds(30), "the old owner to be fenced off");

            Assert.Equal(oldOwner.Epoch + 1, newOwner.Epoch);
            Assert.Equal(acknowledged, seen.State.Turns);
        }
    }

    [Fact]
    public async Task A_grain_without_a_directory_registration_cannot_be_written()
    {
        var error = await Assert.ThrowsAsync<InconsistentStateException>(
            () => _storage.WriteStateAsync(StateName, NewGrain(), new GrainState<CallState> { State = new CallState() }, 1, Token));

        Assert.Contains("no directory registration", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Clear_then_read_finds_no_record_and_old_etags_stay_dead()
    {
        var (grain, owner) = await ActivateAsync(SiloA);
        await _storage.WriteStateAsync(StateName, grain, new GrainState<CallState> { State = new CallState { Turns = 1 } }, owner.Epoch, Token);
        var beforeClear = await ReadAsync(grain);
        var clearing = await ReadAsync(grain);

        await _storage.ClearStateAsync(StateName, grain, clearing, owner.Epoch, Token);
        var afterClear = await ReadAsync(grain);

        Assert.False(clearing.RecordExists);
        Assert.False(afterClear.RecordExists);
        Assert.Equal(clearing.ETag, afterClear.ETag);
        Assert.Equal(0, afterClear.State.Turns);

        // The pre-clear ETag must not match anything again (no ABA); the post-clear one writes.
        await Assert.ThrowsAsync<InconsistentStateException>(
            () => _storage.WriteStateAsync(StateName, grain, beforeClear, owner.Epoch, Token));
        afterClear.State.Turns = 7;
        await _storage.WriteStateAsync(StateName, grain, afterClear, owner.Epoch, Token);
        Assert.Equal(7, (await ReadAsync(grain)).State.Turns);
    }

    [Fact]
    public async Task State_that_no_longer_fits_its_type_fails_with_the_grain_named_and_stays_stored()
    {
        var (grain, owner) = await ActivateAsync(SiloA);
        await _storage.WriteStateAsync(StateName, grain, new GrainState<CallState> { State = new CallState { Node = "not a number" } }, owner.Epoch, Token);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => _storage.ReadStateAsync(StateName, grain, new GrainState<NodeAsNumber>(), Token));

        Assert.Contains(grain.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Equal("not a number", (await ReadAsync(grain)).State.Node);
    }

    [Fact]
    public async Task States_are_kept_apart_by_name()
    {
        var (grain, owner) = await ActivateAsync(SiloA);
        await _storage.WriteStateAsync("one", grain, new GrainState<CallState> { State = new CallState { Turns = 1 } }, owner.Epoch, Token);

        var other = new GrainState<CallState>();
        await _storage.ReadStateAsync("two", grain, other, Token);

        Assert.False(other.RecordExists);
    }

    private static GrainId NewGrain() => new("call", Guid.NewGuid().ToString("N"));

    private async Task<(GrainId Grain, GrainAddress Owner)> ActivateAsync(SiloAddress silo)
    {
        var grain = NewGrain();
        var owner = await _directory.RegisterAsync(new GrainAddress(grain, silo, Guid.NewGuid().ToString("N"), 0), NoneDead, Token);
        return (grain, owner);
    }

    private async Task<GrainState<CallState>> ReadAsync(GrainId grain)
    {
        var state = new GrainState<CallState>();
        await _storage.ReadStateAsync(StateName, grain, state, Token);
        return state;
    }

    private sealed class GrainState<T> : IGrainState<T>
        where T : new()
    {
        public T State { get; set; } = new();

        public string? ETag { get; set; }

        public bool RecordExists { get; set; }
    }

    private sealed class NodeAsNumber
    {
        public int Node { get; set; }
    }

    private sealed class CallState
    {
        public string Node { get; set; } = "start";

        public int Turns { get; set; }

        public List<string> Transcript { get; set; } = [];
    }
}
