namespace EthicsLedger.Tests.Support;

/// <summary>A clock the test sets, so "today" can move without any new event.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;
    public override DateTimeOffset GetUtcNow() => Now;
}
