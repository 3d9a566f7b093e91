using CallCluster.Agent.Engine;
using CallCluster.Grains.Listening;
using CallCluster.Grains.Tests.Support;
using CallCluster.Testing;

namespace CallCluster.Grains.Tests.Listening;

/// <summary>The caller lines the end-to-end tests speak, recognised by pocketsphinx with the grammar of the node they answer.</summary>
[Trait("Category", TestCategories.Audio)]
public sealed class NodeGrammarTests
{
    [Theory]
    [InlineData("menu", "order status")]
    [InlineData("menu", "I want to return something")]
    [InlineData("menu", "I meant to call someone else")]
    [InlineData("menu", "let me talk to a real person")]
    [InlineData("refund_confirm", "yes")]
    [InlineData("anything_else", "that's all")]
    [InlineData("anything_else", "I want to return something")]
    public async Task A_caller_line_is_recognised_with_its_nodes_grammar(string node, string line)
    {
        await using var harness = await CallHarness.StartAsync();
        var state = ConversationState.Create("grammar");
        state.Node = node;
        var hints = RecognitionHintsMapper.For(harness.Agent.Engine, state);
        var stt = harness.SpeechToText;
        await using var session = await stt.StartSessionAsync(hints);
        var audio = await harness.SpeechAsync(line);
        var padded = new short[4800 + audio.Length + 320];
        audio.CopyTo(padded, 4800);
        LineNoise.AddTo(padded, seed: 7);
        for (var offset = 0; offset + 320 <= padded.Length; offset += 320)
        {
            await session.PushAsync(padded.AsMemory(offset, 320));
        }

        var transcript = await session.CompleteAsync();
        Assert.Equal(line.Replace(",", string.Empty, StringComparison.Ordinal).ToLowerInvariant(), transcript.Text);
    }
}
