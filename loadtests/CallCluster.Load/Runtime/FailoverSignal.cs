namespace CallCluster.Load.Runtime;

/// <summary>How the failover benchmark takes the owner silo away.</summary>
public enum FailoverSignal
{
    /// <summary>SIGKILL: the process vanishes; its sockets are reset, so peers learn at once that something is wrong.</summary>
    Kill9 = 1,

    /// <summary>SIGSTOP: the process freezes with its sockets open, so only probe timeouts reveal it.</summary>
    SigStop = 2,
}
