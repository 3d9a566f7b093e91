using System.Globalization;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace CallCluster.Agent.Sandbox;

/// <summary>The customers and orders a sandbox store starts with, read from a YAML file next to the agent.</summary>
public sealed class SandboxFixtures
{
    public IReadOnlyList<SandboxCustomer> Customers { get; init; } = [];

    public IReadOnlyList<SandboxOrder> Orders { get; init; } = [];

    public static SandboxFixtures LoadFile(string path)
    {
        var deserializer = new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).Build();
        var file = deserializer.Deserialize<FixtureFile>(File.ReadAllText(path)) ?? new FixtureFile();
        return new SandboxFixtures
        {
            Customers = file.Customers.Select(c => new SandboxCustomer(c.Id, c.Name, c.Zip, c.Phone)).ToList(),
            Orders = file.Orders.Select(o => new SandboxOrder(
                o.Number, o.Customer, o.Item, o.Status, o.Eta,
                (long)Math.Round(decimal.Parse(o.Amount, CultureInfo.InvariantCulture) * 100), o.Refundable)).ToList(),
        };
    }

    private sealed class FixtureFile
    {
        public List<FixtureCustomer> Customers { get; set; } = [];

        public List<FixtureOrder> Orders { get; set; } = [];
    }

    private sealed class FixtureCustomer
    {
        public string Id { get; set; } = string.Empty;

        public string Name { get; set; } = string.Empty;

        public string Zip { get; set; } = string.Empty;

        public string Phone { get; set; } = string.Empty;
    }

    private sealed class FixtureOrder
    {
        public string Number { get; set; } = string.Empty;

        public string Customer { get; set; } = string.Empty;

        public string Item { get; set; } = string.Empty;

        public string Status { get; set; } = string.Empty;

        public string Eta { get; set; } = string.Empty;

        public string Amount { get; set; } = "0";

        public bool Refundable { get; set; }
    }
}
