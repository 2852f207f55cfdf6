using Marten;

namespace EthicsLedger.Tests.Support;

/// <summary>
/// Stands for the database going away part way: a statement that fails is queued with the
/// import's writes, so the transaction breaks after some of them were sent. Only the first save fails.
/// </summary>
public sealed class FailsOnceBeforeCommit : DocumentSessionListenerBase
{
    int _failed;

    public override Task BeforeSaveChangesAsync(IDocumentSession session, CancellationToken token)
    {
        if (Interlocked.Exchange(ref _failed, 1) == 0) session.QueueSqlCommand("select 1/0");
        return Task.CompletedTask;
    }
}
