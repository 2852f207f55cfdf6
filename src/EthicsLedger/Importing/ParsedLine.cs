using EthicsLedger.Entries;
using EthicsLedger.Parsing;

namespace EthicsLedger.Importing;

/// <summary>
/// One non-blank line of a file: its <see cref="Key"/> when it holds an entry, or why it holds none and what it still
/// declares; or, when <see cref="Held"/>, neither: the ledger already holds its content, so it was set aside before any
/// other check (docs/ledger-format.md) and never read as an entry.
/// The entry itself is not kept: <see cref="Read"/> reads it again from where the line is in the file, so a file of a
/// million lines is checked without a million entries in memory (issue 12).
/// </summary>
public sealed class ParsedLine
{
    readonly LineSource? _source;
    readonly long _offset;
    readonly int _length;
    /// <summary>What only a refused, held or given line has, apart: an ordinary line is a few fields less (a million are kept at once).</summary>
    readonly Unusual? _unusual;

    sealed record Unusual(string? Error, Declaration? Declares, Entry? Entry, bool Held);

    ParsedLine(int line, LineKey? key, Unusual? unusual, LineSource? source = null, long offset = 0, int length = 0)
    {
        Line = line;
        Key = key;
        _unusual = unusual;
        (_source, _offset, _length) = (source, offset, length);
    }

    public int Line { get; }
    public LineKey? Key { get; }
    public string? Error => _unusual?.Error;
    public Declaration? Declares => _unusual?.Declares;
    public bool Held => _unusual?.Held ?? false;

    /// <summary>A line read as the entry <paramref name="key"/> was taken from; <see cref="Read"/> reads it again from <paramref name="source"/>.</summary>
    public static ParsedLine Accepted(int line, LineSource source, long offset, int length, LineKey key) =>
        new(line, key, null, source, offset, length);

    /// <summary>An entry given whole rather than read from a line (one the ledger wrote before today's rules, say): kept as it is.</summary>
    public static ParsedLine Of(int line, Entry entry) => new(line, LineKey.Of(entry), new Unusual(null, null, entry, false));

    public static ParsedLine Refused(int line, string error, Declaration? declares = null) => new(line, null, new Unusual(error, declares, null, false));

    public static ParsedLine HeldLine(int line) => new(line, null, HeldOnly);

    static readonly Unusual HeldOnly = new(null, null, null, true);

    /// <summary>
    /// The line's entry, read again (about as costly as the first read); null for a refused or held line. A line that
    /// no longer reads as what was checked (its file was written to meanwhile) fails the import: nothing is appended.
    /// </summary>
    public Entry? Read()
    {
        if (Key is null || _unusual?.Entry is not null) return _unusual?.Entry;
        try
        {
            var entry = EntryParser.Parse(_source!.Read(_offset, _length));
            if (Sha256.Parse(entry.ContentHash) == Key.Hash) return entry;
        }
        catch (EntryException) { }
        throw new FileChangedException(Line);
    }
}

/// <summary>The file being imported was written to while the import read it: nothing was appended.</summary>
public sealed class FileChangedException(int line) : Exception(
    $"the file changed while it was being imported (line {line} is not what was checked); nothing was appended. " +
    "Import it again once nothing is writing to it.");

/// <summary>An organization or commitment that a line brings into existence: its entry type and id.</summary>
public sealed record Declaration(string Type, string Id);

/// <summary>
/// What the file-wide rules, the import's locks and its reads need of a line before any organization is folded: its type,
/// identities, world date and content hash. <see cref="Org"/> is empty on a commitment's later entries, which do not name it.
/// </summary>
public sealed record LineKey(string Type, string Org, string? Commitment, string? Conduct, string? Topic, DateOnly? On, Sha256 Hash)
{
    public static LineKey Of(Entry entry) => Of(entry, id => id);

    /// <param name="share">The one instance of an id that recurs (an organization, a commitment, a topic): a file repeats each on many lines.</param>
    public static LineKey Of(Entry entry, Func<string, string> share) => new(entry.Type, share(entry.Org),
        entry is CommitmentEntry c ? share(c.Commitment) : null, (entry as ConductObserved)?.Id,
        entry switch { CommitmentMade m => share(m.Topic), ConductObserved o => share(o.Topic), _ => null }, entry.Date, Sha256.Parse(entry.ContentHash));

    /// <summary>The content hash in the ledger's form (hex), made on each call: for queries and comparisons with stored entries.</summary>
    public string ContentHash => Hash.ToString();

    /// <summary>The stream its entry is appended to (<see cref="Streams.Of"/>), not yet named.</summary>
    public StreamId Stream => Commitment is { } commitment ? new(commitment, true) : new(Org, false);

    /// <summary>Whether the line is on a commitment's stream, but not the one making it: its organization is the commitment's.</summary>
    public bool FollowsCommitment => Commitment is not null && Type != EntryTypes.CommitmentMade;

    public Declaration? Declares => Type switch
    {
        EntryTypes.CommitmentMade => new Declaration(Type, Commitment!),
        EntryTypes.OrganizationRegistered => new Declaration(Type, Org),
        _ => null,
    };
}
