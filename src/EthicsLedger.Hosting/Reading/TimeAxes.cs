using System.Globalization;
using System.Text.RegularExpressions;
using EthicsLedger.Parsing;

namespace EthicsLedger.Hosting.Reading;

/// <summary>
/// The two time axes as every front end takes them: as of a date (YYYY-MM-DD), known at an RFC 3339
/// timestamp. <paramref name="name"/> is what the caller calls the value (<c>--as-of</c>, <c>asOf</c>), so the reason names it.
/// </summary>
public static partial class TimeAxes
{
    public static DateOnly AsOf(string? text, TimeProvider clock, string name)
    {
        if (text is null) return DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        return CalendarDate.TryParse(text, out var date) ? date : throw new BadParameterException(name, CalendarDate.Problem(name, text));
    }

    public static DateTimeOffset KnownAt(string? text, TimeProvider clock, string name)
    {
        if (text is null) return clock.GetUtcNow();
        string[] formats = ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd' 'HH:mm:ssK", "yyyy-MM-dd' 'HH:mm:ss.FFFFFFFK"];
        // RFC 3339 allows any number of fractional digits; .NET reads at most seven (100 ns ticks).
        var normalized = ExtraDigits().Replace(text.Replace('t', 'T').Replace('z', 'Z'), "$1");
        // Without an offset (not RFC 3339, but common) the time is read as UTC, never as the machine's local time.
        return DateTimeOffset.TryParseExact(normalized, formats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at.ToUniversalTime()
            : throw new BadParameterException(name, $"{name} must be an RFC 3339 timestamp such as 2021-06-15T12:00:00Z, got '{text}'");
    }

    [GeneratedRegex(@"(\.\d{7})\d+")]
    private static partial Regex ExtraDigits();
}

/// <summary>A parameter (a date, a time, a number, a choice) that cannot be read; <see cref="Parameter"/> is the name the caller gave it.</summary>
public sealed class BadParameterException(string parameter, string message) : Exception(message)
{
    public string Parameter { get; } = parameter;
}
