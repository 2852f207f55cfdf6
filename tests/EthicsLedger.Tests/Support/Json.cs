using System.Text.Json;
using System.Text.Json.Nodes;

namespace EthicsLedger.Tests.Support;

/// <summary>
/// Short builders for contract lines. Each returns one JSON line; <paramref name="extra"/> adds or
/// replaces fields (a null value writes JSON null), so a test shows only what it is about.
/// </summary>
public static class Json
{
    public const string Url = "https://example.org/source";

    public static string Line(object fields) => JsonSerializer.Serialize(fields);

    public static string With(string line, params (string Key, object? Value)[] extra)
    {
        var node = JsonNode.Parse(line)!.AsObject();
        foreach (var (key, value) in extra) node[key] = value is null ? null : JsonSerializer.SerializeToNode(value);
        return node.ToJsonString();
    }

    public static string Without(string line, string key)
    {
        var node = JsonNode.Parse(line)!.AsObject();
        node.Remove(key);
        return node.ToJsonString();
    }

    public static object Source(string url = Url) => new { url };

    public static string Org(string org = "acme") => Line(new { type = "organization.registered", org, name = $"{org} Inc." });

    public static string Made(string commitment = "c1", string org = "acme", string on = "2020-01-01", object? term = null,
        object? scope = null, string kind = "moratorium", string topic = "facial-recognition")
    {
        var line = Line(new { type = "commitment.made", commitment, org, kind, topic, statement = "We will not.", on, source = Source() });
        if (term is not null) line = With(line, ("term", term));
        if (scope is not null) line = With(line, ("scope", scope));
        return line;
    }

    public static string Amended(string commitment, string on, object? term = null, object? scope = null, string? statement = null)
    {
        var line = Line(new { type = "commitment.amended", commitment, on, source = Source() });
        if (term is not null) line = With(line, ("term", term));
        if (scope is not null) line = With(line, ("scope", scope));
        if (statement is not null) line = With(line, ("statement", statement));
        return line;
    }

    public static string Ending(string type, string commitment, string on) =>
        Line(new { type, commitment, on, source = Source() });

    public static string Withdrawn(string commitment, string on) => Ending("commitment.withdrawn", commitment, on);
    public static string Fulfilled(string commitment, string on) => Ending("commitment.fulfilled", commitment, on);
    public static string ConditionMet(string commitment, string on) => Ending("commitment.condition-met", commitment, on);

    public static string Conduct(string id, string on, string activity = "sell", string org = "acme", string topic = "facial-recognition",
        string? counterparty = null, string? region = null)
    {
        var line = Line(new { type = "conduct.observed", id, org, topic, activity, description = "Observed.", on, source = Source() });
        if (counterparty is not null) line = With(line, ("counterparty", counterparty));
        if (region is not null) line = With(line, ("region", region));
        return line;
    }

    public static string Violation(string commitment, string flag, string on, string allegation = "It was broken.") =>
        Line(new { type = "violation.alleged", commitment, flag, allegation, on, source = Source() });

    public static string Confirmed(string commitment, string flag, string on) =>
        Line(new { type = "flag.confirmed", commitment, flag, by = "auditor", finding = "True.", on });

    public static string Dismissed(string commitment, string flag, string on) =>
        Line(new { type = "flag.dismissed", commitment, flag, by = "auditor", reason = "False.", on });

    public static string Attested(string commitment, string on, string verdict = "kept") =>
        Line(new { type = "commitment.attested", commitment, by = "auditor", verdict, note = "Checked.", on });
}
