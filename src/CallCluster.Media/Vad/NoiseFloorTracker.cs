namespace CallCluster.Media.Vad;

/// <summary>
/// Follows the background level in dB: falls quickly to any quieter frame (the pauses between words are the
/// noise), rises quickly while frames sit close above it (the noise got louder) and only slowly under frames far
/// above it (speech), so a long utterance cannot lift the floor into itself.
/// </summary>
internal sealed class NoiseFloorTracker
{
    private const double FallRate = 0.3;
    private const double NearFloorDb = 6;
    private const double NearRisePerFrameDb = 0.3;
    private const double FarRisePerFrameDb = 0.03;

    private bool initialised;

    public double FloorDb { get; private set; }

    public void Update(double levelDb)
    {
        if (!initialised)
        {
            FloorDb = levelDb;
            initialised = true;
        }
        else if (levelDb < FloorDb)
        {
            FloorDb += (levelDb - FloorDb) * FallRate;
        }
        else
        {
            var rise = levelDb - FloorDb < NearFloorDb ? NearRisePerFrameDb : FarRisePerFrameDb;
            FloorDb += Math.Min(levelDb - FloorDb, rise);
        }
    }
}
