using System.Globalization;
using EthicsLedger.Hosting.Reading;

namespace EthicsLedger.Cli.Infrastructure;

/// <summary>The two time axes as the command line takes them: <c>--as-of</c> a date, <c>--known-at</c> an RFC 3339 timestamp.</summary>
public static class Dates
{
    public static DateOnly AsOf(string? text, TimeProvider clock) => Read(() => TimeAxes.AsOf(text, clock, "--as-of"));

    public static DateTimeOffset KnownAt(string? text, TimeProvider clock) => Read(() => TimeAxes.KnownAt(text, clock, "--known-at"));

    static T Read<T>(Func<T> read)
    {
        try { return read(); }
        catch (BadParameterException e) { throw new BadInputException(e.Message); }
    }

    public static string Text(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";
}
