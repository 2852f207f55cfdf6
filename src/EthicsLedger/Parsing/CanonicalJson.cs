using System.Security.Cryptography;
using System.Text.Json;

namespace EthicsLedger.Parsing;

/// <summary>
/// An entry's content is the whole parsed object, ignoring key order and white space: keys are
/// sorted by ordinal and strings re-encoded, so two spellings of the same content hash alike.
/// </summary>
public static class CanonicalJson
{
    public static string Hash(string canonical) => Hash(System.Text.Encoding.UTF8.GetBytes(canonical));

    public static string Hash(ReadOnlySpan<byte> canonical) => Convert.ToHexStringLower(SHA256.HashData(canonical));

    public static string Text(JsonElement element) => TextAndHash(element).Text;

    /// <summary>The canonical content and its hash, from one encoding of the element.</summary>
    public static (string Text, string Hash) TextAndHash(JsonElement element)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer)) Write(element, writer);
        return (System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan), Hash(buffer.WrittenSpan));
    }

    static void Write(JsonElement element, Utf8JsonWriter writer)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in element.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(property.Name);
                    Write(property.Value, writer);
                }
                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray()) Write(item, writer);
                writer.WriteEndArray();
                break;
            case JsonValueKind.String:
                writer.WriteStringValue(element.GetString());
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }
}
