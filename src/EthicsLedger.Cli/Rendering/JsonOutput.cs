using System.Text.Json;
using System.Text.Json.Serialization;
using EthicsLedger.Rules;

namespace EthicsLedger.Cli.Rendering;

/// <summary>
/// The <c>--json</c> shapes the contract fixes (ledger-format.md, "What the command line prints"):
/// names and values here are part of the contract, so they are spelled out rather than derived from domain types.
/// </summary>
public static class JsonOutput
{
    static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Stance(Stance stance, DateTimeOffset knownAt) => JsonSerializer.Serialize(new StanceJson(
        stance.Org, stance.AsOf, knownAt, stance.Commitments.Select(CommitmentJson.Of).ToList()), Options);

    public static string Flags(DateOnly asOf, IEnumerable<(CommitmentStance Commitment, FlagView Flag)> flags) =>
        JsonSerializer.Serialize(new FlagsJson(asOf, flags.Select(f => OrgFlagJson.Of(f.Commitment, f.Flag)).ToList()), Options);

    record StanceJson(string Org, DateOnly AsOf, DateTimeOffset KnownAt, IReadOnlyList<CommitmentJson> Commitments);

    record CommitmentJson(
        string Commitment, string Kind, string Topic, string Status, bool InForce, bool Broken, TermJson Term,
        IReadOnlyList<FlagJson> Flags, string Statement, ScopeJson Scope, AttestationJson? Attestation, string? Source)
    {
        public static CommitmentJson Of(CommitmentStance c) => new(
            c.Commitment, c.Kind, c.Topic, c.Status, c.InForce, c.Broken,
            new TermJson(c.Term.From, c.Term.Until, c.Term.Condition, c.Term.Due),
            c.Flags.Select(f => new FlagJson(f.Flag, f.Kind, f.State, f.RaisedOn)).ToList(),
            c.Statement,
            new ScopeJson(c.Scope.Activities, c.Scope.Counterparties, c.Scope.Regions, c.Scope.Exceptions),
            c.Attestation is { } a ? new AttestationJson(a.Verdict, a.By, a.On, a.Note) : null,
            c.SourceUrl);
    }

    record TermJson(DateOnly From, DateOnly? Until, string? Condition, DateOnly? Due);
    record ScopeJson(IReadOnlyList<string> Activities, IReadOnlyList<string> Counterparties, IReadOnlyList<string> Regions, IReadOnlyList<string> Exceptions);
    record FlagJson(string Flag, string Kind, string State, DateOnly RaisedOn);
    record AttestationJson(string Verdict, string By, DateOnly On, string Note);
    record FlagsJson(DateOnly AsOf, IReadOnlyList<OrgFlagJson> Flags);

    record OrgFlagJson(string Commitment, string Org, string Flag, string Kind, string State, DateOnly RaisedOn, string Topic)
    {
        public static OrgFlagJson Of(CommitmentStance c, FlagView f) => new(c.Commitment, c.Org, f.Flag, f.Kind, f.State, f.RaisedOn, c.Topic);
    }
}
