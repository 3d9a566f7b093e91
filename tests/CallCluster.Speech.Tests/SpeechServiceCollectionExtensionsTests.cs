using CallCluster.Speech.Abstractions;
using CallCluster.Speech.OpenAi;
using CallCluster.Speech.PocketSphinx;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CallCluster.Speech.Tests;

public sealed class SpeechServiceCollectionExtensionsTests
{
    [Fact]
    public void Embedded_speech_binds_its_options_from_configuration()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Speech:PocketSphinx:MaxDecoders"] = "7", ["Speech:ESpeak:Voice"] = "en-gb" })
            .Build();
        using var provider = new ServiceCollection().AddEmbeddedSpeech(configuration).BuildServiceProvider();

        Assert.Equal(7, provider.GetRequiredService<IOptions<PocketSphinxOptions>>().Value.MaxDecoders);
        Assert.Equal("en-gb", provider.GetRequiredService<IOptions<CallCluster.Speech.ESpeak.ESpeakOptions>>().Value.Voice);
        Assert.IsType<PocketSphinxSpeechToText>(provider.GetRequiredService<ISpeechToText>());
    }

    [Fact]
    public void OpenAi_speech_resolves_both_providers_with_options_from_configuration()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Speech:OpenAi:BaseUrl"] = "http://127.0.0.1:9/v1/", ["Speech:OpenAi:Voice"] = "verse" })
            .Build();
        using var provider = new ServiceCollection().AddOpenAiSpeech(configuration).BuildServiceProvider();

        Assert.IsType<OpenAiSpeechToText>(provider.GetRequiredService<ISpeechToText>());
        Assert.IsType<OpenAiTextToSpeech>(provider.GetRequiredService<ITextToSpeech>());
        Assert.Equal("verse", provider.GetRequiredService<IOptions<OpenAiSpeechOptions>>().Value.Voice);
    }
}
