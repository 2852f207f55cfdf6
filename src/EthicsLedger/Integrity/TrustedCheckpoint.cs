using System.Text.Json;

namespace EthicsLedger.Integrity;

/// <summary>
/// A checkpoint someone holds outside the ledger's database — the key holder's record of what it
/// signed last, or an auditor's from a bundle it verified before — against which the database, or
/// a newer bundle, must be an extension.
/// </summary>
public static class TrustedCheckpoint
{
    /// <summary>One line of checkpoint JSON (as in a bundle's <c>checkpoints</c>), or a whole bundle file (its latest checkpoint).</summary>
    public static Checkpoint Read(byte[] file)
    {
        var firstLine = Array.IndexOf(file, (byte)'\n') is var end and >= 0 ? file[..end] : file;
        try
        {
            using var document = JsonDocument.Parse(firstLine);
            if (document.RootElement.TryGetProperty("format", out _))
            {
                var bundle = JsonSerializer.Deserialize<Bundle>(firstLine, BundleVerifier.Json)!;
                return bundle.Checkpoints.Count > 0
                    ? bundle.Checkpoints[^1]
                    : throw new FormatException("the bundle holds no checkpoint to trust");
            }
            return JsonSerializer.Deserialize<Checkpoint>(firstLine, BundleVerifier.Json) ?? throw new FormatException("the file is empty");
        }
        catch (JsonException e)
        {
            throw new FormatException($"it is neither a checkpoint nor a bundle ({e.Message})", e);
        }
    }

    public static byte[] Write(Checkpoint checkpoint) => [.. JsonSerializer.SerializeToUtf8Bytes(checkpoint, BundleVerifier.Json), (byte)'\n'];

    public static string Describe(Checkpoint c) => $"size {c.TreeSize}, root {c.RootHash}, signed {EventDigest.Timestamp(c.SignedAt)}";
}
