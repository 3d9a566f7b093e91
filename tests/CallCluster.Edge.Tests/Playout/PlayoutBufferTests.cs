using CallCluster.Edge.Playout;
using FsCheck;
using FsCheck.Fluent;
using CallCluster.Media.Frames;

namespace CallCluster.Edge.Tests.Playout;

public sealed class PlayoutBufferTests
{
    [Fact]
    public void Frames_come_out_in_order_and_marks_right_after_their_audio()
    {
        using var buffer = new PlayoutBuffer(capacityFrames: 10);
        buffer.TryEnqueue(Frames.Filled(1));
        buffer.AddMark("a");
        buffer.TryEnqueue(Frames.Filled(2));
        buffer.TryEnqueue(Frames.Filled(3));
        buffer.AddMark("b");
        buffer.AddMark("c");

        var frame = new short[AudioFormat.SamplesPerFrame];
        var marks = new List<string>();

        Assert.True(buffer.TryDequeue(frame, marks, out _));
        Assert.All(frame, s => Assert.Equal(1, s));
        Assert.Equal(["a"], marks);

        marks.Clear();
        Assert.True(buffer.TryDequeue(frame, marks, out _));
        Assert.All(frame, s => Assert.Equal(2, s));
        Assert.Empty(marks);

        Assert.True(buffer.TryDequeue(frame, marks, out _));
        Assert.All(frame, s => Assert.Equal(3, s));
        Assert.Equal(["b", "c"], marks);

        marks.Clear();
        Assert.False(buffer.TryDequeue(frame, marks, out _));
        Assert.Empty(marks);
    }

    [Fact]
    public void A_mark_placed_on_an_empty_buffer_is_reached_on_the_next_take()
    {
        using var buffer = new PlayoutBuffer(capacityFrames: 10);
        buffer.AddMark("done");
        var marks = new List<string>();

        Assert.False(buffer.TryDequeue(new short[AudioFormat.SamplesPerFrame], marks, out _));
        Assert.Equal(["done"], marks);
    }

    [Fact]
    public void Clear_drops_all_audio_at_once_and_returns_the_marks_never_reached()
    {
        using var buffer = new PlayoutBuffer(capacityFrames: 10);
        buffer.TryEnqueue(Frames.Filled(1));
        buffer.AddMark("a");
        buffer.TryEnqueue(Frames.Filled(2));
        buffer.AddMark("b");

        var dropped = buffer.Clear();

        Assert.Equal(["a", "b"], dropped);
        Assert.Equal(0, buffer.QueuedFrames);
        Assert.False(buffer.TryDequeue(new short[AudioFormat.SamplesPerFrame], [], out _));

        buffer.TryEnqueue(Frames.Filled(3));
        var frame = new short[AudioFormat.SamplesPerFrame];
        Assert.True(buffer.TryDequeue(frame, [], out _));
        Assert.Equal(3, frame[0]);
    }

    [Fact]
    public async Task A_full_buffer_holds_the_producer_back_until_a_frame_is_taken()
    {
        using var buffer = new PlayoutBuffer(capacityFrames: 2);
        Assert.True(buffer.TryEnqueue(Frames.Filled(1)));
        Assert.True(buffer.TryEnqueue(Frames.Filled(2)));
        Assert.False(buffer.TryEnqueue(Frames.Filled(3)));

        var pending = buffer.EnqueueAsync(Frames.Filled(3), TestContext.Current.CancellationToken).AsTask();
        Assert.False(pending.IsCompleted);

        buffer.TryDequeue(new short[AudioFormat.SamplesPerFrame], [], out _);
        await pending.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Equal(2, buffer.QueuedFrames);
    }

    [Fact]
    public void Frames_of_the_wrong_length_are_refused_with_the_reason()
    {
        using var buffer = new PlayoutBuffer(capacityFrames: 2);
        var error = Assert.Throws<ArgumentException>(() => buffer.TryEnqueue(new short[160]));
        Assert.Contains("320 samples", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Whatever_is_queued_comes_out_in_order_with_every_mark_after_its_audio() =>
        Prop.ForAll<bool[]>(script =>
        {
            // true = enqueue the next frame, false = place the next mark.
            using var buffer = new PlayoutBuffer(capacityFrames: script.Length + 1);
            var expected = new List<string>();
            short nextFrame = 1;
            var nextMark = 0;
            foreach (var isFrame in script)
            {
                if (isFrame)
                {
                    buffer.TryEnqueue(Frames.Filled(nextFrame));
                    expected.Add($"frame {nextFrame++}");
                }
                else
                {
                    var name = $"m{nextMark++}";
                    buffer.AddMark(name);
                    expected.Add($"mark {name}");
                }
            }

            var actual = new List<string>();
            var frame = new short[AudioFormat.SamplesPerFrame];
            var marks = new List<string>();
            for (var tick = 0; tick <= script.Length; tick++)
            {
                marks.Clear();
                var hasAudio = buffer.TryDequeue(frame, marks, out var marksBeforeFrame);
                actual.AddRange(marks.Take(marksBeforeFrame).Select(m => $"mark {m}"));
                if (hasAudio)
                {
                    actual.Add($"frame {frame[0]}");
                }

                actual.AddRange(marks.Skip(marksBeforeFrame).Select(m => $"mark {m}"));
            }

            return actual.SequenceEqual(expected);
        }).QuickCheckThrowOnFailure();
}
