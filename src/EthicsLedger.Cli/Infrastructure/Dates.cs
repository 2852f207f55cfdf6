using System.Globalization;
using EthicsLedger.Parsing;

namespace EthicsLedger.Cli.Infrastructure;

/// <summary>The two time axes as the command line takes them: <c>--as-of</c> a date, <c>--known-at</c> an RFC 3339 timestamp.</summary>
public static class Dates
{
    public static DateOnly AsOf(string? text, TimeProvider clock)
    {
        if (text is null) return DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        return CalendarDate.TryParse(text, out var date) ? date : throw new BadInputException(CalendarDate.Problem("--as-of", text));
    }

    public static DateTimeOffset KnownAt(string? text, TimeProvider clock)
    {
        if (text is null) return clock.GetUtcNow();
        string[] formats = ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd' 'HH:mm:ssK", "yyyy-MM-dd' 'HH:mm:ss.FFFFFFFK"];
        // RFC 3339 allows any number of fractional digits; .NET reads at most seven (100 ns ticks).
        var normalized = System.Text.RegularExpressions.Regex.Replace(text.Replace('t', 'T').Replace('z', 'Z'), @"(\.\d{7})\d+", "$1");
        // Without an offset (not RFC 3339, but common) the time is read as UTC, never as the machine's local time.
        return DateTimeOffset.TryParseExact(normalized, formats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at.ToUniversalTime()
            : throw new BadInputException($"--known-at must be an RFC 3339 timestamp such as 2021-06-15T12:00:00Z, got '{text}'");
    }

    public static string Text(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";
}
