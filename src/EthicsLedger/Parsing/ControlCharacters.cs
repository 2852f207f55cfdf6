using System.Text.Json;

namespace EthicsLedger.Parsing;

/// <summary>
/// The contract's rule on characters: no text may hold a control character other than tab, line
/// feed and carriage return (U+0000–U+0008, U+000B, U+000C, U+000E–U+001F, U+007F). It is checked
/// on the strings as JSON reads them, so the escape <c>\u0000</c> and the raw character count alike,
/// and on every string of a line, keys included: PostgreSQL cannot store U+0000 at all, and the
/// others would reach a terminal from every place the text is shown.
/// </summary>
static class ControlCharacters
{
    public static bool IsForbidden(char c) => c is <= '\u0008' or '\u000B' or '\u000C' or (>= '\u000E' and <= '\u001F') or '\u007F';

    /// <summary>
    /// Whether a valid JSON line can hold a forbidden character at all: JSON refuses raw U+0000–U+001F in a string,
    /// so one can only be written as an escape (a backslash), or be a raw U+007F. Most lines have neither and are
    /// not walked string by string.
    /// </summary>
    public static bool MayHold(ReadOnlySpan<byte> line) => line.IndexOfAny((byte)'\\', (byte)0x7F) >= 0;

    /// <summary>Throws <see cref="EntryException"/> for the first key or string, in the line's order, that holds one.</summary>
    public static void Check(JsonElement element, string field = "")
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (First(property.Name) is { } inName) throw Refused($"field name '{Path(field, property.Name)}'", inName);
                    CheckValue(property.Value, field, property.Name);
                }
                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray()) CheckValue(item, field, $"[{i++}]");
                break;
            case JsonValueKind.String:
                if (First(element.GetString()!) is { } inText) throw Refused($"field '{field}'", inText);
                break;
        }
    }

    /// <summary>A member's path is spelled out only to go deeper or to name it in a refusal: most members are plain strings.</summary>
    static void CheckValue(JsonElement value, string parent, string member)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            if (First(value.GetString()!) is { } inText) throw Refused($"field '{Path(parent, member)}'", inText);
        }
        else if (value.ValueKind is JsonValueKind.Object or JsonValueKind.Array) Check(value, Path(parent, member));
    }

    static string Path(string parent, string member) =>
        member.StartsWith('[') ? parent + member : parent.Length == 0 ? member : $"{parent}.{member}";

    static char? First(string text)
    {
        foreach (var c in text) if (IsForbidden(c)) return c;
        return null;
    }

    static EntryException Refused(string what, char c) => new(
        $"{what} holds the control character U+{(int)c:X4}; no text may hold a control character but tab, line feed and carriage return");
}
