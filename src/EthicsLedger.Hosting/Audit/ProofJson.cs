using System.Text.Json;
using EthicsLedger.Integrity;

namespace EthicsLedger.Hosting.Audit;

/// <summary>How proofs and reports are written as JSON, by the command line and the server alike: times as the signed bytes spell them.</summary>
public static class ProofJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { Converters = { new LedgerTime() } };
}
