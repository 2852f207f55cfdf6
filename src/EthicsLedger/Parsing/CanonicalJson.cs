using System.Text.Json;

namespace EthicsLedger.Parsing;

/// <summary>
/// An entry's content is the whole parsed object, ignoring key order and white space: keys are
/// sorted by ordinal and strings re-encoded, so two spellings of the same content hash alike.
/// </summary>
public static class CanonicalJson
{
    public static string Hash(string canonical) => Hash(System.Text.Encoding.UTF8.GetBytes(canonical));

    public static string Hash(ReadOnlySpan<byte> canonical)
    {
        Span<byte> hash = stackalloc byte[32];
        Sha256.Hash(canonical, hash);
        return Convert.ToHexStringLower(hash);
    }

    public static string Text(JsonElement element) => TextAndHash(element).Text;

    /// <summary>The canonical content and its hash, from one encoding of the element.</summary>
    public static (string Text, string Hash) TextAndHash(JsonElement element)
    {
        var canonical = Encode(element);
        return (System.Text.Encoding.UTF8.GetString(canonical), Hash(canonical));
    }

    /// <summary>The hash alone, as its 32 bytes, without making the content or the hash a string.</summary>
    public static Sha256 HashOf(JsonElement element) => Sha256.Of(Encode(element));

    /// <summary>The canonical UTF-8, valid until the thread's next call: one buffer and writer per thread, since lines are canonicalized by the hundred thousand.</summary>
    static ReadOnlySpan<byte> Encode(JsonElement element)
    {
        var buffer = _buffer ??= new System.Buffers.ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        var writer = _writer ??= new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true });
        writer.Reset(buffer);
        Write(element, writer);
        writer.Flush();
        return buffer.WrittenSpan;
    }

    [ThreadStatic] static System.Buffers.ArrayBufferWriter<byte>? _buffer;
    [ThreadStatic] static Utf8JsonWriter? _writer;

    static void Write(JsonElement element, Utf8JsonWriter writer)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                // Filled by hand, not by LINQ: every object of every line passes here.
                var properties = new (string Name, JsonElement Value)[element.GetPropertyCount()];
                var count = 0;
                foreach (var property in element.EnumerateObject()) properties[count++] = (property.Name, property.Value);
                Array.Sort(properties, static (a, b) => string.CompareOrdinal(a.Name, b.Name));
                foreach (var (name, value) in properties)
                {
                    writer.WritePropertyName(name);
                    Write(value, writer);
                }
                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray()) Write(item, writer);
                writer.WriteEndArray();
                break;
            case JsonValueKind.String:
                // A string written without escapes is its own UTF-8 between the quotes: re-encoded from there, it
                // is encoded as its decoded text would be, without decoding it first.
                var raw = System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(element);
                if (raw.IndexOf((byte)'\\') < 0) writer.WriteStringValue(raw[1..^1]);
                else writer.WriteStringValue(element.GetString());
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }
}
