using System.Text.Json;

namespace EthicsLedger.Integrity.Notes;

/// <summary><c>verify-bundle --witness-policy</c>: the bundle's latest checkpoint must come with a note a quorum of the policy's witnesses cosigned.</summary>
public static class BundleWitnesses
{
    /// <summary>Null when the quorum is met; otherwise why not. Never throws on a hostile file.</summary>
    public static string? QuorumProblem(byte[] file, WitnessPolicy policy)
    {
        try
        {
            var newline = Array.IndexOf(file, (byte)'\n');
            var bundle = JsonSerializer.Deserialize<Bundle>(file.AsSpan(0, newline < 0 ? file.Length : newline), BundleVerifier.Json)
                ?? throw new JsonException("empty");
            if (bundle.Checkpoints.Count == 0) return "the bundle has no checkpoint, so nothing a witness cosigned";
            var latest = bundle.Checkpoints[^1];
            if (bundle.Note is null) return policy.QuorumProblem(null, latest.TreeSize, Convert.FromHexString(latest.RootHash));
            return policy.QuorumProblem(SignedNote.Parse(bundle.Note), latest.TreeSize, Convert.FromHexString(latest.RootHash));
        }
        catch (Exception e) when (e is JsonException or FormatException or ArgumentException)
        {
            return $"the bundle's witnessed note cannot be read: {e.Message}";
        }
    }
}
