using System.Text.Json;
using System.Text.Json.Serialization;
using EthicsLedger.Hosting.Audit;
using EthicsLedger.Entries;
using EthicsLedger.Rules;

namespace EthicsLedger.Hosting.Reading;

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

    public static string Audit(AuditReport audit, DateTimeOffset knownAt, VerificationReport v) => JsonSerializer.Serialize(new AuditJson(
        audit.Org, audit.AsOf, knownAt,
        new VerificationJson(v.Ok, v.Problems.Count,
            v.First is { } p ? new ProblemJson(p.Kind, p.Stream, p.Version, p.Sequence, p.Detail) : null,
            v.Events, v.Checkpoints, v.Uncovered),
        audit.Commitments.Select(AuditedCommitmentJson.Of).ToList()), Options);

    public static string Replay(string org, DateTimeOffset knownAt, IReadOnlyList<ReplayStep> steps) => JsonSerializer.Serialize(new ReplayJson(
        org, knownAt, steps.Select(s => new ReplayStepJson(s.On, s.Entries.Select(EntryJson.Of).ToList(), s.Changes,
            s.Stance.Commitments.Select(CommitmentJson.Of).ToList())).ToList()), Options);

    /// <summary>A commitment, its stance as of <paramref name="asOf"/> (null when not yet made then) and every entry in fold order.</summary>
    public static string Commitment(CommitmentRead read, CommitmentStance? stance, DateOnly asOf, DateTimeOffset knownAt) => JsonSerializer.Serialize(
        new CommitmentShowJson(read.Made.Commitment, read.Made.Org, read.Made.Kind, read.Made.Topic, read.Made.On, asOf, knownAt,
            stance is null ? null : CommitmentJson.Of(stance), read.Timeline.Entries.Select(EntryJson.Of).ToList()), Options);

    record ReplayJson(string Org, DateTimeOffset KnownAt, IReadOnlyList<ReplayStepJson> Steps);
    record ReplayStepJson(DateOnly On, IReadOnlyList<EntryJson> Entries, IReadOnlyList<string> Changes, IReadOnlyList<CommitmentJson> Commitments);
    record CommitmentShowJson(string Commitment, string Org, string Kind, string Topic, DateOnly MadeOn, DateOnly AsOf, DateTimeOffset KnownAt,
        CommitmentJson? Stance, IReadOnlyList<EntryJson> Entries);

    /// <summary>An entry as recorded: its type, world date, recorded time and recorder, source, and the line itself (canonical JSON).</summary>
    record EntryJson(string Type, DateOnly On, DateTimeOffset Recorded, string? RecordedBy, SourceJson? Source, JsonElement Entry)
    {
        public static EntryJson Of(DatedEntry e) => new(e.Type, e.On, e.Recorded, e.RecordedBy,
            e.Source is { } s ? new SourceJson(s.Url, s.Title, s.Publisher, s.Published, s.Quote, s.Kind) : null,
            JsonDocument.Parse(e.Content).RootElement.Clone());
    }
    record SourceJson(string Url, string? Title, string? Publisher, DateOnly? Published, string? Quote, string? Kind);

    record StanceJson(string Org, DateOnly AsOf, DateTimeOffset KnownAt, IReadOnlyList<CommitmentJson> Commitments);

    record CommitmentJson(
        string Commitment, string Kind, string Topic, string Status, bool InForce, bool Broken, TermJson Term,
        IReadOnlyList<FlagJson> Flags, string Statement, ScopeJson Scope, AttestationJson? Attestation, string? Source)
    {
        public static CommitmentJson Of(CommitmentStance c) => new(
            c.Commitment, c.Kind, c.Topic, c.Status, c.InForce, c.Broken,
            TermJson.Of(c.Term),
            c.Flags.Select(FlagJson.Of).ToList(),
            c.Statement,
            new ScopeJson(c.Scope.Activities, c.Scope.Counterparties, c.Scope.Regions, c.Scope.Exceptions),
            c.Attestation is { } a ? new AttestationJson(a.Verdict, a.By, a.On, a.Note) : null,
            c.SourceUrl);
    }

    record TermJson(DateOnly From, DateOnly? Until, string? Condition, DateOnly? Due)
    {
        public static TermJson Of(Term t) => new(t.From, t.Until, t.Condition, t.Due);
    }
    record ScopeJson(IReadOnlyList<string> Activities, IReadOnlyList<string> Counterparties, IReadOnlyList<string> Regions, IReadOnlyList<string> Exceptions);
    record FlagJson(string Flag, string Kind, string State, DateOnly RaisedOn)
    {
        public static FlagJson Of(FlagView f) => new(f.Flag, f.Kind, f.State, f.RaisedOn);
    }
    record AttestationJson(string Verdict, string By, DateOnly On, string Note);
    record FlagsJson(DateOnly AsOf, IReadOnlyList<OrgFlagJson> Flags);

    record OrgFlagJson(string Commitment, string Org, string Flag, string Kind, string State, DateOnly RaisedOn, string Topic)
    {
        public static OrgFlagJson Of(CommitmentStance c, FlagView f) => new(c.Commitment, c.Org, f.Flag, f.Kind, f.State, f.RaisedOn, c.Topic);
    }

    record AuditJson(string Org, DateOnly AsOf, DateTimeOffset KnownAt, VerificationJson Verification, IReadOnlyList<AuditedCommitmentJson> Commitments);
    record VerificationJson(bool Ok, int Problems, ProblemJson? First, long Events, int Checkpoints, long Uncovered);
    record ProblemJson(string Kind, string? Stream, long? Version, long? Sequence, string Detail);

    record AuditedCommitmentJson(
        string Commitment, string Kind, string Topic, string Status, bool InForce, bool Broken, TermJson Term,
        IReadOnlyList<FlagJson> Flags, IReadOnlyList<FindingJson> Findings, IReadOnlyList<AuditAttestationJson> Attestations,
        IReadOnlyList<EvidenceJson> Evidence)
    {
        public static AuditedCommitmentJson Of(CommitmentAudit a) => new(
            a.Stance.Commitment, a.Stance.Kind, a.Stance.Topic, a.Stance.Status, a.Stance.InForce, a.Stance.Broken,
            TermJson.Of(a.Stance.Term),
            a.Stance.Flags.Select(FlagJson.Of).ToList(),
            a.Findings.Select(f => new FindingJson(f.Flag, f.State, f.By, f.Text, f.On, f.SourceUrl)).ToList(),
            a.Attestations.Select(t => new AuditAttestationJson(t.Verdict, t.By, t.Note, t.Methodology, t.On, t.SourceUrl)).ToList(),
            a.Evidence.Select(e => new EvidenceJson(e.Type, e.On, e.SourceUrl, e.Subject)).ToList());
    }

    record FindingJson(string Flag, string State, string By, string Text, DateOnly On, string? Source);
    record AuditAttestationJson(string Verdict, string By, string Note, string? Methodology, DateOnly On, string? Source);
    record EvidenceJson(string Type, DateOnly On, string? Source, string Subject);
}
