namespace EthicsLedger.Hosting.Audit;

/// <summary>The kinds of damage <c>verify</c> names.</summary>
public static class Damage
{
    public const string PayloadChanged = "payload-changed";
    public const string RecordedTimeChanged = "recorded-time-changed";
    public const string EventDeleted = "event-deleted";
    public const string EventInserted = "event-inserted";
    public const string EventsReordered = "events-reordered";
    public const string CheckpointAltered = "checkpoint-altered";
    /// <summary>The tree has fewer leaves than the last checkpoint signed (kept outside the database) covers.</summary>
    public const string TreeShrunk = "tree-shrunk";
    /// <summary>The tree's first leaves no longer hash to the root of the last checkpoint signed.</summary>
    public const string TreeForked = "tree-forked";
    /// <summary>The tree still extends the last checkpoint signed, but the database no longer holds that checkpoint.</summary>
    public const string CheckpointMissing = "checkpoint-missing";
}

/// <summary>One thing found wrong, and where: the event's stream, version and global sequence when it concerns one.</summary>
public sealed record VerificationProblem(string Kind, string? Stream, long? Version, long? Sequence, string Detail)
{
    public string Where => Stream is null ? "(the checkpoint log)" : $"stream {Stream} version {Version}{(Sequence is { } s ? $" (seq {s})" : "")}";
}

public sealed record VerificationReport(
    IReadOnlyList<VerificationProblem> Problems, long Events, long Leaves, int Checkpoints, long Uncovered, TimeSpan Elapsed,
    long? TrustedTreeSize = null)
{
    public bool Ok => Problems.Count == 0;

    /// <summary>The first bad place in the log's order (problems are kept in that order).</summary>
    public VerificationProblem? First => Problems.FirstOrDefault();
}
