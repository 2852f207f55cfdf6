using System.Text.Json;
using EthicsLedger.Entries;
using EthicsLedger.Importing;

namespace EthicsLedger.Parsing;

/// <summary>Turns one JSON line into an entry, or says exactly why it cannot.</summary>
public static class EntryParser
{
    static readonly JsonDocumentOptions Strict = new() { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow };

    static HashSet<string> Set(params string[] names) => new(names, StringComparer.Ordinal);

    static readonly HashSet<string> SourceFields = Set("url", "title", "publisher", "published", "quote", "kind");
    static readonly HashSet<string> ScopeFields = Set("activities", "counterparties", "regions", "exceptions");
    static readonly HashSet<string> TermFields = Set("from", "until", "condition", "due");
    static readonly HashSet<string> IdentifierFields = Set("wikidata", "lei");

    static readonly Dictionary<string, HashSet<string>> FieldsByType = new()
    {
        [EntryTypes.OrganizationRegistered] = Set("type", "org", "name", "aliases", "identifiers"),
        [EntryTypes.CommitmentMade] = Set("type", "commitment", "org", "kind", "topic", "statement", "scope", "term", "on", "source"),
        [EntryTypes.CommitmentAmended] = Set("type", "commitment", "on", "source", "reason", "statement", "scope", "term"),
        [EntryTypes.CommitmentConditionMet] = Set("type", "commitment", "on", "source", "note"),
        [EntryTypes.CommitmentFulfilled] = Set("type", "commitment", "on", "source", "note"),
        [EntryTypes.CommitmentWithdrawn] = Set("type", "commitment", "on", "source", "reason"),
        [EntryTypes.ConductObserved] = Set("type", "id", "org", "topic", "activity", "counterparty", "region", "description", "on", "source"),
        [EntryTypes.ViolationAlleged] = Set("type", "commitment", "flag", "allegation", "on", "source", "by"),
        [EntryTypes.FlagConfirmed] = Set("type", "commitment", "flag", "by", "finding", "on", "source"),
        [EntryTypes.FlagDismissed] = Set("type", "commitment", "flag", "by", "reason", "on", "source"),
        [EntryTypes.CommitmentAttested] = Set("type", "commitment", "by", "verdict", "note", "on", "source", "methodology"),
    };

    /// <summary>Parses one line (UTF-8, without its line break). Throws <see cref="EntryException"/> when it is wrong.</summary>
    public static Entry Parse(ReadOnlyMemory<byte> line) => Parse(line, checkCharacters: true);

    /// <summary>
    /// The hash of the line's canonical content (<see cref="CanonicalJson"/>) without reading it as an entry: what a
    /// line is recognised by when the ledger already holds it. Null when the line is not a JSON object; its full parse then says why.
    /// </summary>
    public static Sha256? ContentHashOf(ReadOnlyMemory<byte> line)
    {
        if (!System.Text.Unicode.Utf8.IsValid(line.Span)) return null;
        try
        {
            using var document = JsonDocument.Parse(line, Strict);
            return document.RootElement.ValueKind == JsonValueKind.Object ? CanonicalJson.HashOf(document.RootElement) : null;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>
    /// Reads an entry's stored content back, to verify it. Entries appended before the
    /// control-character rule was enforced must still verify, so that rule, which judges new lines,
    /// is not applied again; the digests already tell whether the content changed since. The content is
    /// the text as stored and its hash that text's (docs/verification.md): it is not encoded again, so an
    /// entry written by an encoder that spelled content otherwise still verifies, as it does outside.
    /// </summary>
    public static Entry Reread(string content) => Parse(System.Text.Encoding.UTF8.GetBytes(content), checkCharacters: false, content);

    /// <param name="stored">The content as stored, when it is one being read back: it is then the content, as it is.</param>
    static Entry Parse(ReadOnlyMemory<byte> line, bool checkCharacters, string? stored = null)
    {
        if (!System.Text.Unicode.Utf8.IsValid(line.Span)) throw new EntryException("the line is not valid UTF-8");
        JsonDocument document;
        try { document = JsonDocument.Parse(line, Strict); }
        catch (JsonException e) { throw new EntryException($"bad JSON: {e.Message.Split(" Path:")[0].Split(" LineNumber:")[0].TrimEnd('.')}"); }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new EntryException("a line must be one JSON object");
            try
            {
                if (checkCharacters && ControlCharacters.MayHold(line.Span)) ControlCharacters.Check(root);
                var type = new Fields(root, "", AllFieldNames).Text("type");
                if (!FieldsByType.TryGetValue(type, out var allowed))
                    throw new EntryException($"unknown type '{type}'");
                var (content, hash) = stored is null ? CanonicalJson.TextAndHash(root) : (stored, CanonicalJson.Hash(line.Span));
                return Read(type, new Fields(root, "", allowed)) with { Content = content, ContentHash = hash };
            }
            catch (InvalidOperationException e) when (e.Message.Contains("UTF", StringComparison.Ordinal))
            {
                // System.Text.Json checks escapes only when a string is read: a lone surrogate is caught here.
                throw new EntryException("a string is not valid Unicode text (a lone surrogate escape)");
            }
        }
    }

    /// <summary>
    /// What a line that is wrong still declares, read as leniently as possible: a commitment made
    /// or an organization registered on a wrong line still exists in the file, so lines that refer
    /// to it are not also reported as referring to nothing.
    /// </summary>
    public static Declaration? Declaration(ReadOnlyMemory<byte> line)
    {
        try
        {
            using var document = JsonDocument.Parse(line, Strict);
            var root = document.RootElement;
            string? Text(string name) =>
                root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
            return Text("type") switch
            {
                EntryTypes.CommitmentMade when Text("commitment") is { } commitment => new Declaration(EntryTypes.CommitmentMade, commitment),
                EntryTypes.OrganizationRegistered when Text("org") is { } org => new Declaration(EntryTypes.OrganizationRegistered, org),
                _ => null,
            };
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    static readonly HashSet<string> AllFieldNames = FieldsByType.Values.SelectMany(s => s).ToHashSet(StringComparer.Ordinal);

    static Entry Read(string type, Fields f) => type switch
    {
        EntryTypes.OrganizationRegistered => new OrganizationRegistered
        {
            Org = f.Slug("org"),
            Name = f.Text("name"),
            Aliases = f.OptionalTextList("aliases"),
            Identifiers = ReadIdentifiers(f.OptionalObject("identifiers", IdentifierFields)),
        },
        EntryTypes.CommitmentMade => new CommitmentMade
        {
            Commitment = f.Slug("commitment"),
            Org = f.Slug("org"),
            Kind = f.OneOf("kind", Kinds.Commitment),
            Topic = f.Slug("topic"),
            Statement = f.Text("statement"),
            Scope = ReadScope(f.OptionalObject("scope", ScopeFields)),
            Term = ReadTerm(f.OptionalObject("term", TermFields)),
            On = f.Date("on"),
            Source = ReadSource(f.Object("source", SourceFields)),
        },
        EntryTypes.CommitmentAmended => new CommitmentAmended
        {
            Commitment = f.Slug("commitment"),
            On = f.Date("on"),
            Source = ReadSource(f.Object("source", SourceFields)),
            Reason = f.OptionalText("reason"),
            Statement = f.OptionalText("statement"),
            Scope = ReadScope(f.OptionalObject("scope", ScopeFields)),
            Term = ReadTerm(f.OptionalObject("term", TermFields)),
        },
        EntryTypes.CommitmentConditionMet => new CommitmentConditionMet
        {
            Commitment = f.Slug("commitment"), On = f.Date("on"),
            Source = ReadSource(f.Object("source", SourceFields)), Note = f.OptionalText("note"),
        },
        EntryTypes.CommitmentFulfilled => new CommitmentFulfilled
        {
            Commitment = f.Slug("commitment"), On = f.Date("on"),
            Source = ReadSource(f.Object("source", SourceFields)), Note = f.OptionalText("note"),
        },
        EntryTypes.CommitmentWithdrawn => new CommitmentWithdrawn
        {
            Commitment = f.Slug("commitment"), On = f.Date("on"),
            Source = ReadSource(f.Object("source", SourceFields)), Reason = f.OptionalText("reason"),
        },
        EntryTypes.ConductObserved => new ConductObserved
        {
            Id = f.Slug("id"),
            Org = f.Slug("org"),
            Topic = f.Slug("topic"),
            Activity = f.Slug("activity"),
            Counterparty = f.OptionalSlug("counterparty"),
            Region = f.OptionalSlug("region"),
            Description = f.Text("description"),
            On = f.Date("on"),
            Source = ReadSource(f.Object("source", SourceFields)),
        },
        EntryTypes.ViolationAlleged => new ViolationAlleged
        {
            Commitment = f.Slug("commitment"), Flag = f.Slug("flag"), Allegation = f.Text("allegation"),
            On = f.Date("on"), Source = ReadSource(f.Object("source", SourceFields)), By = f.OptionalText("by"),
        },
        EntryTypes.FlagConfirmed => new FlagConfirmed
        {
            Commitment = f.Slug("commitment"), Flag = f.Slug("flag"), By = f.Text("by"), Finding = f.Text("finding"),
            On = f.Date("on"), Source = ReadSource(f.OptionalObject("source", SourceFields)),
        },
        EntryTypes.FlagDismissed => new FlagDismissed
        {
            Commitment = f.Slug("commitment"), Flag = f.Slug("flag"), By = f.Text("by"), Reason = f.Text("reason"),
            On = f.Date("on"), Source = ReadSource(f.OptionalObject("source", SourceFields)),
        },
        EntryTypes.CommitmentAttested => new CommitmentAttested
        {
            Commitment = f.Slug("commitment"), By = f.Text("by"), Verdict = f.OneOf("verdict", Kinds.Verdict),
            Note = f.Text("note"), On = f.Date("on"), Source = ReadSource(f.OptionalObject("source", SourceFields)),
            Methodology = f.OptionalText("methodology"),
        },
        _ => throw new EntryException($"unknown type '{type}'"),
    };

    static Source? ReadSource(Fields? f) => f is null ? null : new Source
    {
        Url = f.OptionalUrl("url", required: true)!,
        Title = f.OptionalText("title"),
        Publisher = f.OptionalText("publisher"),
        Published = f.OptionalDate("published"),
        Quote = f.OptionalText("quote"),
        Kind = f.OptionalOneOf("kind", Kinds.Source),
    };

    static Scope? ReadScope(Fields? f) => f is null ? null : new Scope
    {
        Activities = f.OptionalSlugList("activities") ?? [],
        Counterparties = f.OptionalSlugList("counterparties") ?? [],
        Regions = f.OptionalSlugList("regions") ?? [],
        Exceptions = f.OptionalSlugList("exceptions") ?? [],
    };

    static TermPatch? ReadTerm(Fields? f) => f is null ? null : new TermPatch
    {
        From = f.OptionalDate("from"),
        NamesUntil = f.Has("until"),
        Until = f.OptionalDate("until", nullable: true),
        NamesCondition = f.Has("condition"),
        Condition = f.OptionalText("condition", nullable: true),
        NamesDue = f.Has("due"),
        Due = f.OptionalDate("due", nullable: true),
    };

    static Identifiers? ReadIdentifiers(Fields? f) => f is null ? null : new Identifiers
    {
        Wikidata = f.OptionalText("wikidata"),
        Lei = f.OptionalText("lei"),
    };
}
