namespace EthicsLedger.Tests.Support;

/// <summary>Real time shifted by an amount the test sets: lets it stand just before midnight of a chosen day while Wolverine's scheduler keeps real time.</summary>
public sealed class OffsetClock : TimeProvider
{
    public TimeSpan Offset { get; private set; }

    public override DateTimeOffset GetUtcNow() => DateTimeOffset.UtcNow + Offset;

    /// <summary>From now on, <paramref name="day"/> begins <paramref name="seconds"/> seconds from now.</summary>
    public OffsetClock AimAt(DateOnly day, double seconds)
    {
        Offset = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) - DateTime.UtcNow - TimeSpan.FromSeconds(seconds);
        return this;
    }
}
