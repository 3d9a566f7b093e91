namespace CallCluster.Media.Vad;

/// <summary>One frame's verdict.</summary>
/// <param name="Probability">Speech probability of this frame alone (0–1).</param>
/// <param name="IsSpeech">The smoothed decision: start frames, hysteresis and hangover applied.</param>
public readonly record struct VoiceActivity(double Probability, bool IsSpeech);
