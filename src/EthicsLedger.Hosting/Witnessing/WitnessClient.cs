using System.Globalization;
using System.Text;
using EthicsLedger.Integrity.Notes;

namespace EthicsLedger.Hosting.Witnessing;

/// <summary>What a witness answered: the HTTP status and body, or the status 0 and why it could not be reached.</summary>
public sealed record WitnessReply(int Status, string Body)
{
    /// <summary>The tree size a 409 names (c2sp.org/tlog-witness: decimal and a newline, as text/x.tlog.size).</summary>
    public long? StoredSize => Status == 409 && Body.EndsWith('\n') ? CheckpointNote.ParseSize(Body[..^1]) : null;
}

/// <summary>The ledger's side of add-checkpoint: one POST of the old size, the proof and the signed note.</summary>
public static class WitnessClient
{
    public static byte[] RequestBody(long oldSize, IReadOnlyList<byte[]> proof, SignedNote note)
    {
        var body = new StringBuilder($"old {oldSize.ToString(CultureInfo.InvariantCulture)}\n");
        foreach (var hash in proof) body.Append(Convert.ToBase64String(hash)).Append('\n');
        body.Append('\n').Append(note.Format());
        return Encoding.UTF8.GetBytes(body.ToString());
    }

    public static async Task<WitnessReply> AddCheckpointAsync(HttpClient http, Uri prefix, long oldSize, IReadOnlyList<byte[]> proof,
        SignedNote note, CancellationToken cancellation)
    {
        var url = new Uri(prefix.AbsoluteUri.TrimEnd('/') + "/add-checkpoint");
        try
        {
            using var content = new ByteArrayContent(RequestBody(oldSize, proof, note));
            using var response = await http.PostAsync(url, content, cancellation);
            return new WitnessReply((int)response.StatusCode, await response.Content.ReadAsStringAsync(cancellation));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellation.IsCancellationRequested)
        {
            return new WitnessReply(0, e.Message);
        }
    }
}
