using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using CallCluster.Speech.Abstractions;
using CallCluster.Speech.Interop.ESpeak;

namespace CallCluster.Speech.ESpeak;

/// <summary>
/// The process's one espeak-ng synthesiser. espeak keeps global state, so every call is made from one dedicated
/// thread, one text at a time; espeak runs far faster than real time, so a queue of short turns drains quickly.
/// </summary>
internal sealed unsafe class ESpeakEngine
{
    private static readonly Lock CreateGate = new();
    private static ESpeakEngine? _shared;
    private static SynthesisJob? _current;

    private readonly BlockingCollection<SynthesisJob> _queue = [];
    private readonly ESpeakOptions _initialOptions;
    private readonly TaskCompletionSource<int> _initialized = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string? _voice;
    private int _wordsPerMinute;
    private int _pitch = -1;

    private ESpeakEngine(ESpeakOptions options)
    {
        _initialOptions = options;
        var thread = new Thread(Run) { IsBackground = true, Name = "espeak-ng" };
        thread.Start();
    }

    /// <summary>The engine, started on first use with the options given then (espeak's buffer size and data path are per process).</summary>
    public static ESpeakEngine Shared(ESpeakOptions options)
    {
        lock (CreateGate)
        {
            return _shared ??= new ESpeakEngine(options);
        }
    }

    /// <summary>espeak's output sample rate once initialised; faults with <see cref="SpeechProviderException"/> if it cannot start.</summary>
    public Task<int> Initialized => _initialized.Task;

    public void Enqueue(SynthesisJob job) => _queue.Add(job);

    private void Run()
    {
        int inputRate;
        try
        {
            inputRate = ESpeakNative.Initialize(ESpeakNative.AudioOutputRetrieval, _initialOptions.ChunkMilliseconds, _initialOptions.DataPath, ESpeakNative.InitializeDontExit);
            if (inputRate <= 0)
            {
                throw new SpeechProviderException("espeak-ng", $"espeak_Initialize failed (data path '{_initialOptions.DataPath ?? "default"}'); is espeak-ng-data installed?");
            }

            ESpeakNative.SetSynthCallback(&OnSynthesized);
            _initialized.SetResult(inputRate);
        }
        catch (Exception e)
        {
            var error = e as SpeechProviderException ?? new SpeechProviderException("espeak-ng", "cannot load espeak-ng.", e);
            _initialized.SetException(error);
            foreach (var job in _queue.GetConsumingEnumerable())
            {
                job.Finish(error);
                job.Dispose();
            }

            return;
        }

        foreach (var job in _queue.GetConsumingEnumerable())
        {
            Exception? error = null;
            try
            {
                Speak(job, inputRate);
            }
            catch (Exception e)
            {
                error = e as SpeechProviderException ?? new SpeechProviderException("espeak-ng", "synthesis failed.", e);
            }
            finally
            {
                Volatile.Write(ref _current, null);
            }

            job.Finish(error);
            job.Dispose();
        }
    }

    private void Speak(SynthesisJob job, int inputRate)
    {
        if (job.Token.IsCancellationRequested)
        {
            return;
        }

        var options = job.Options;
        if (!string.Equals(options.Voice, _voice, StringComparison.Ordinal))
        {
            if (ESpeakNative.SetVoiceByName(options.Voice) != ESpeakNative.Ok)
            {
                throw new SpeechProviderException("espeak-ng", $"unknown voice '{options.Voice}' (see espeak-ng --voices).");
            }

            _voice = options.Voice;

            // A voice brings its own rate and pitch: after a voice change both must be set again, or the next
            // job speaks with the previous job's voice defaults and recognition results depend on test order.
            _wordsPerMinute = -1;
            _pitch = -1;
        }

        if (options.WordsPerMinute != _wordsPerMinute)
        {
            if (ESpeakNative.SetParameter(ESpeakNative.ParameterRate, options.WordsPerMinute, 0) != ESpeakNative.Ok)
            {
                throw new SpeechProviderException("espeak-ng", $"rate {options.WordsPerMinute} wpm rejected (80–450).");
            }

            _wordsPerMinute = options.WordsPerMinute;
        }

        if (options.Pitch != _pitch)
        {
            if (ESpeakNative.SetParameter(ESpeakNative.ParameterPitch, options.Pitch, 0) != ESpeakNative.Ok)
            {
                throw new SpeechProviderException("espeak-ng", $"pitch {options.Pitch} rejected (0–100).");
            }

            _pitch = options.Pitch;
        }

        job.Begin(inputRate);
        Volatile.Write(ref _current, job);
        var utf8 = Encoding.UTF8.GetBytes(job.Text + "\0");
        int result;
        fixed (byte* text = utf8)
        {
            result = ESpeakNative.Synth(text, (nuint)utf8.Length, 0, ESpeakNative.PositionCharacter, 0, ESpeakNative.CharactersUtf8 | ESpeakNative.EndPause, null, job.Id);
        }

        if (result != ESpeakNative.Ok)
        {
            throw new SpeechProviderException("espeak-ng", $"espeak_Synth returned {result}.");
        }

        // espeak synthesises on its own thread; wait for its end-of-message callback or for the caller to cancel.
        WaitHandle.WaitAny([job.SynthesisEnded.WaitHandle, job.Token.WaitHandle]);
        if (!job.SynthesisEnded.IsSet)
        {
            ESpeakNative.Cancel();
            return;
        }

        // The end event can come with a chunk that is not the last: wait until espeak's thread is idle, so no callback
        // of this job is still running or to come, before flushing and before the next job may start.
        ESpeakNative.Synchronize();
        job.Flush();
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int OnSynthesized(short* samples, int count, ESpeakEvent* events)
    {
        var job = Volatile.Read(ref _current);
        if (job is null || (events is not null && events->UserData != job.Id))
        {
            // Audio of an earlier, cancelled message: never let it leak into the current one.
            return 1;
        }

        try
        {
            if (job.Token.IsCancellationRequested)
            {
                return 1;
            }

            if (samples is not null && count > 0)
            {
                job.Write(new ReadOnlySpan<short>(samples, count));
            }

            if ((samples is null || EndsMessage(events)) && !job.SynthesisEnded.IsSet)
            {
                job.SynthesisEnded.Set();
            }

            return 0;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // An exception must not unwind into native code; stop this synthesis and let the engine thread report it.
            job.Abandon();
            return 1;
        }
    }

    private static bool EndsMessage(ESpeakEvent* events)
    {
        for (var e = events; e is not null && e->Type != ESpeakEvent.ListTerminated; e++)
        {
            if (e->Type == ESpeakEvent.MessageTerminated)
            {
                return true;
            }
        }

        return false;
    }
}
