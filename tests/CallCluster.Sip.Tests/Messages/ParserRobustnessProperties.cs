using System.Buffers;
using CallCluster.Sip.Messages;
using FsCheck;
using FsCheck.Fluent;

namespace CallCluster.Sip.Tests.Messages;

/// <summary>Whatever arrives on the wire, the parser answers with a message or a SipParseException, never anything else.</summary>
public sealed class ParserRobustnessProperties
{
    private static readonly byte[][] Seeds = [.. TortureVectors.ValidNames().Select(TortureVectors.Valid)];

    private static readonly Gen<(int Position, int Value, int Kind)> Edit =
        from position in Gen.Choose(0, int.MaxValue)
        from value in Gen.Choose(0, 255)
        from kind in Gen.Choose(0, 3)
        select (position, value, kind);

    [Fact]
    public void Random_bytes_only_ever_throw_SipParseException()
    {
        Prop.ForAll<byte[]>(bytes => ParsesOrRejects(bytes)).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Mutated_valid_messages_only_ever_throw_SipParseException()
    {
        var mutations = from seed in Gen.Choose(0, Seeds.Length - 1)
                        from count in Gen.Choose(1, 8)
                        from edits in Gen.ArrayOf(Edit, count)
                        select Mutate(Seeds[seed], edits);

        Prop.ForAll(mutations.ToArbitrary(), (byte[] bytes) => ParsesOrRejects(bytes)).Check(Config.QuickThrowOnFailure.WithMaxTest(3000));
    }

    [Fact]
    public void Stream_framing_of_mutated_messages_only_ever_throws_SipParseException()
    {
        var mutations = from seed in Gen.Choose(0, Seeds.Length - 1)
                        from edits in Gen.ArrayOf(Edit, 3)
                        select Mutate(Seeds[seed], edits);

        Prop.ForAll(mutations.ToArbitrary(), (byte[] bytes) =>
        {
            try
            {
                var buffer = new ReadOnlySequence<byte>(bytes);
                while (SipStreamFramer.TryRead(ref buffer, out _))
                {
                }

                return true;
            }
            catch (SipParseException)
            {
                return true;
            }
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(1000));
    }

    private static bool ParsesOrRejects(byte[] bytes)
    {
        try
        {
            var message = SipMessageParser.Parse(bytes);

            // Whatever parsed must serialize and parse again.
            _ = SipMessageParser.Parse(message.ToArray());
            return true;
        }
        catch (SipParseException e)
        {
            return e.StatusCode is 400 or 505;
        }
    }

    private static byte[] Mutate(byte[] seed, (int Position, int Value, int Kind)[] edits)
    {
        var bytes = new List<byte>(seed);
        foreach (var (position, value, kind) in edits)
        {
            var at = bytes.Count == 0 ? 0 : position % bytes.Count;
            switch (kind)
            {
                case 0 when bytes.Count > 0:
                    bytes[at] = (byte)value;
                    break;
                case 1:
                    bytes.Insert(at, (byte)"\r\n:;,\"<> \t%@="[value % 13]);
                    break;
                case 2 when bytes.Count > 0:
                    bytes.RemoveAt(at);
                    break;
                default:
                    bytes.RemoveRange(at, Math.Min(value % 16, bytes.Count - at));
                    break;
            }
        }

        return [.. bytes];
    }
}
