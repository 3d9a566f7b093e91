using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace CallCluster.Agent.Simulation;

/// <summary>Reads and writes <see cref="SessionCase"/> YAML.</summary>
public static class SessionFile
{
    public static SessionCase Load(string path)
    {
        var deserializer = new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).Build();
        return deserializer.Deserialize<SessionCase>(File.ReadAllText(path)) ?? throw new InvalidDataException($"{path}: empty session file");
    }

    public static void Save(SessionCase session, string path)
    {
        var serializer = new SerializerBuilder()
            .WithNamingConvention(UnderscoredNamingConvention.Instance)
            .ConfigureDefaultValuesHandling(DefaultValuesHandling.OmitDefaults)
            .Build();
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        File.WriteAllText(path, "# Saved by `callcluster simulate --save-test`; replayed by the agent tests.\n" + serializer.Serialize(session));
    }
}
