namespace CallCluster.Agent.TurnTaking;

/// <summary>One streaming recognition: its finals so far, the newest partial, and whether it was asked to finish.</summary>
internal sealed class Recognition(int id, string carried)
{
    private string _finals = string.Empty;
    private string _partial = string.Empty;

    public int Id { get; } = id;

    public RecognitionStatus Status { get; set; } = RecognitionStatus.Running;

    /// <summary>Everything heard so far, including text carried over from a recognition this one replaced.</summary>
    public string Text => TextJoin.Join(carried, TextJoin.Join(_finals, _partial));

    public bool HasWords => !string.IsNullOrWhiteSpace(Text);

    public void Partial(string text) => _partial = text;

    public void Final(string text)
    {
        _finals = TextJoin.Join(_finals, text);
        _partial = string.Empty;
        if (Status == RecognitionStatus.Finalizing)
        {
            Status = RecognitionStatus.Done;
        }
    }
}

/// <summary>Where a <see cref="Recognition"/> is in its life.</summary>
internal enum RecognitionStatus
{
    Running,
    Finalizing,
    Done,
}
