using System.Text.Json;
using System.Text.Json.Serialization;
using CallCluster.Runtime.Membership;

namespace CallCluster.Runtime.Postgres.Membership;

/// <summary>
/// Suspicion votes as the jsonb column holds them: <c>[{"suspecter":"host:port@generation","time":"…"}]</c>.
/// A fixed wire shape, independent of the grain-state serializer options, so SQL can query it.
/// </summary>
internal static class SuspicionsJson
{
    public static string Write(IReadOnlyList<SuspicionVote> votes)
    {
        ArgumentNullException.ThrowIfNull(votes);
        var dtos = new VoteDto[votes.Count];
        for (var i = 0; i < votes.Count; i++)
        {
            dtos[i] = new VoteDto(votes[i].Suspecter.ToString(), votes[i].Time);
        }

        return JsonSerializer.Serialize(dtos, SuspicionsJsonContext.Default.VoteDtoArray);
    }

    public static IReadOnlyList<SuspicionVote> Read(string json)
    {
        var dtos = JsonSerializer.Deserialize(json, SuspicionsJsonContext.Default.VoteDtoArray) ?? [];
        return Array.ConvertAll(dtos, d => new SuspicionVote(SiloAddress.Parse(d.Suspecter), d.Time));
    }

    internal sealed record VoteDto(
        [property: JsonPropertyName("suspecter")] string Suspecter,
        [property: JsonPropertyName("time")] DateTimeOffset Time);
}

[JsonSerializable(typeof(SuspicionsJson.VoteDto[]))]
internal sealed partial class SuspicionsJsonContext : JsonSerializerContext;
