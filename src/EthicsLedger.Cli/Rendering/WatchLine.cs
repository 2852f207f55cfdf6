using System.Text.Json.Nodes;
using EthicsLedger.Contracts;

namespace EthicsLedger.Cli.Rendering;

/// <summary>How <c>watch</c> shows one message.</summary>
public static class WatchLine
{
    public static string Json(LedgerMessage message)
    {
        var body = JsonNode.Parse(MessageJson.Serialize(message))!.AsObject();
        var line = new JsonObject { ["type"] = MessageJson.TypeName(message.GetType()) };
        foreach (var (name, value) in body.ToList())
        {
            body.Remove(name);
            line[name] = value;
        }
        return line.ToJsonString();
    }

    /// <summary>One line a person reads: whatever the ledger's text holds is shown escaped, line feeds included.</summary>
    public static string Text(LedgerMessage message)
    {
        var what = message switch
        {
            PledgeMade m => $"pledge made ({m.Kind}): {m.Statement}",
            CommitmentAmended m => $"amended{(m.Reason is null ? "" : $": {m.Reason}")}",
            CommitmentEnded m => $"ended: {m.Status}",
            CommitmentLapsed m => $"lapsed: its term ended {m.Until:yyyy-MM-dd}",
            DeadlineMissed m => $"deadline missed: due {m.Due:yyyy-MM-dd}",
            FlagRaised m => $"flag raised: {m.Flag} ({m.FlagKind}, {m.State})",
            FlagResolved m => $"flag {m.State}: {m.Flag} ({m.FlagKind})",
            _ => message.GetType().Name,
        };
        return SafeText.Line($"{message.On:yyyy-MM-dd} {message.Org}/{message.Commitment} — {what}{(message.Source is null ? "" : $" [{message.Source}]")}");
    }
}
