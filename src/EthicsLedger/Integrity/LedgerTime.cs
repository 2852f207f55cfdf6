using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace EthicsLedger.Integrity;

/// <summary>
/// Times in bundles and checkpoint files have one text form, the same as in the signed bytes:
/// UTC, <c>YYYY-MM-DDTHH:MM:SS.ffffffZ</c>, exactly six fractional digits. Anything else is refused,
/// so there is never a second way to write the same time.
/// </summary>
public sealed class LedgerTime : JsonConverter<DateTimeOffset>
{
    const string Format = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        return text is not null && text.Length == Format.Length - 4
            && DateTimeOffset.TryParseExact(text, Format, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)
            ? value
            : throw new JsonException($"'{text}' is not a time written YYYY-MM-DDTHH:MM:SS.ffffffZ");
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(EventDigest.Timestamp(value));
}
