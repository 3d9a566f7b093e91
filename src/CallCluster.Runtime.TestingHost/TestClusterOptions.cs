using CallCluster.Runtime.Activation;
using CallCluster.Runtime.Hosting;
using Microsoft.Extensions.Logging;

namespace CallCluster.Runtime.TestingHost;

/// <summary>How a <see cref="TestCluster"/> is built. Every default is stated here, once.</summary>
public sealed class TestClusterOptions
{
    /// <summary>Silos started by <see cref="TestCluster.DeployAsync"/>. Default 2: the smallest cluster where placement and failover mean something.</summary>
    public int InitialSilosCount { get; set; } = 2;

    /// <summary>Registers the grain classes every silo hosts. Required.</summary>
    public Action<GrainClassRegistry> ConfigureGrains { get; set; } = _ => { };

    /// <summary>Adjusts each silo's options (timeouts, collection age). Default: none, so tests run the production defaults.</summary>
    public Action<SiloOptions> ConfigureSilo { get; set; } = _ => { };

    /// <summary>Adjusts each client's options. Default: none.</summary>
    public Action<ClientOptions> ConfigureClient { get; set; } = _ => { };

    /// <summary>Builds the cluster store, once per cluster. Default: in-memory membership, directory and storage.
    /// Plug the PostgreSQL providers in here.</summary>
    public Func<SiloProviders> ProvidersFactory { get; set; } = () => SiloProviders.InMemory();

    /// <summary>Services grain constructors ask for. Default: an empty provider.</summary>
    public IServiceProvider? Services { get; set; }

    /// <summary>Where silos and clients log. Default: nowhere; a test that asserts on logs plugs a capturing factory in.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }
}
