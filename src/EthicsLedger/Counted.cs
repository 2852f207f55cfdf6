namespace EthicsLedger;

/// <summary>A count and its noun, singular for one: "1 entry", "2 entries", never "1 entries" or "entry(s)".</summary>
public static class Counted
{
    public static string Of(long count, string singular, string? plural = null) =>
        $"{count} {(count == 1 ? singular : plural ?? singular + "s")}";
}
