using System.Security.Cryptography;
using System.Text;
using CsCheck;
using EthicsLedger.Integrity;

namespace EthicsLedger.Tests.Integrity;

/// <summary>
/// An event's digest is SHA-256 over the previous digest's 32 bytes and the UTF-8 of its record, as
/// docs/verification.md specifies: checked against vectors computed outside .NET (Python's hashlib) and, for
/// random events, against that definition restated naively here.
/// </summary>
public class EventDigestTests
{
    static readonly DateTimeOffset At = new DateTimeOffset(2021, 5, 18, 9, 30, 0, TimeSpan.Zero).AddTicks(12340);

    [Fact]
    public void digests_match_vectors_computed_from_the_documented_record_outside_dotnet()
    {
        // python3: hashlib.sha256(bytes(32) + "ethicsledger-event-v2\ncommitment.amended\ncommitment:c\n2\n2021-05-18T09:30:00.001234Z\nkey:alice\n{\"statement\":\"Zürich 🙂\"}".encode()).hexdigest()
        EventDigest.Compute(EventDigest.Genesis, "commitment.amended", "commitment:c", 2, At, "key:alice", "{\"statement\":\"Zürich 🙂\"}")
            .ShouldBe("da9643719c52ba54b4a5590371d69651165166e3c1b73617bffdc94ad515cb8a");
        // python3: hashlib.sha256(bytes.fromhex("ab" * 32) + "ethicsledger-event-v1\norganization.registered\norg:ibm\n1\n2020-06-08T00:00:00.000000Z\n{}".encode()).hexdigest()
        EventDigest.Compute(string.Concat(Enumerable.Repeat("ab", 32)), "organization.registered", "org:ibm", 1,
                new DateTimeOffset(2020, 6, 8, 2, 0, 0, TimeSpan.FromHours(2)), null, "{}")
            .ShouldBe("5cf4a5d9851eab2abe8423679ebe1fff93d8c2de9dd628c27c8cdc73e37de939");
    }

    [Fact]
    public void random_events_digest_as_the_sha_256_of_the_previous_digest_and_their_record()
    {
        var gen =
            from previous in Gen.Byte.Array[32]
            from type in Gen.String
            from stream in Gen.String
            from version in Gen.Long[1, long.MaxValue]
            from ticks in Gen.Long[DateTimeOffset.MinValue.UtcTicks, DateTimeOffset.MaxValue.UtcTicks]
            from named in Gen.Bool
            from recorder in Gen.String
            let recordedBy = named ? recorder : null
            from content in Gen.OneOf(Gen.String, Gen.Char['\u0080', '\uffff'].Array[0, 600].Select(c => new string(c)))
            select (previous, type, stream, version, recorded: new DateTimeOffset(ticks - ticks % 10, TimeSpan.Zero), recordedBy, content);

        gen.Sample(e =>
        {
            var hex = Convert.ToHexStringLower(e.previous);
            var record = EventDigest.Record(e.type, e.stream, e.version, e.recorded, e.recordedBy, e.content);
            var expected = Convert.ToHexStringLower(SHA256.HashData([.. e.previous, .. Encoding.UTF8.GetBytes(record)]));
            EventDigest.Compute(hex, e.type, e.stream, e.version, e.recorded, e.recordedBy, e.content).ShouldBe(expected);
        });
    }
}
