using System.Text.Json;

namespace EthicsLedger.Parsing;

/// <summary>
/// Reads the fields of one JSON object strictly: duplicate and unknown keys are refused up front,
/// then each field is read as the type the contract gives it.
/// </summary>
sealed class Fields
{
    readonly JsonElement _object;
    readonly string _path;

    public Fields(JsonElement element, string path, HashSet<string> allowed)
    {
        _path = path;
        if (element.ValueKind != JsonValueKind.Object)
            throw new EntryException(path.Length == 0 ? "a line must be one JSON object" : $"'{path.TrimEnd('.')}' must be an object");
        _object = element;
        // One set per thread, cleared for each object: lines are read by the hundred thousand, and a set per object
        // was most of what reading one allocated. Nothing below constructs another Fields before this loop ends.
        var seen = _seen ??= new HashSet<string>(StringComparer.Ordinal);
        seen.Clear();
        foreach (var property in element.EnumerateObject())
        {
            // The allowed set's own string for the name, found without making one: a field unknown is refused at once,
            // so only a known name can be seen twice.
            var name = Known(property, allowed) ?? throw new EntryException($"unknown field '{path}{property.Name}'");
            if (!seen.Add(name)) throw new EntryException($"duplicate key '{path}{name}'");
        }
    }

    [ThreadStatic] static HashSet<string>? _seen;

    /// <summary>The string in <paramref name="allowed"/> that names this property, or null. Looked up by the name's raw UTF-8 (every name
    /// the contract allows is short ASCII), without a string per property; a name with escapes is decoded first.</summary>
    static string? Known(JsonProperty property, HashSet<string> allowed)
    {
        var raw = System.Runtime.InteropServices.JsonMarshal.GetRawUtf8PropertyName(property);
        if (raw.Length > 64 || raw.IndexOf((byte)'\\') >= 0) return allowed.TryGetValue(property.Name, out var decoded) ? decoded : null;
        Span<char> name = stackalloc char[64];
        var length = System.Text.Encoding.UTF8.GetChars(raw, name);
        return allowed.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(name[..length], out var known) ? known : null;
    }

    public bool Has(string name) => _object.TryGetProperty(name, out _);

    /// <summary>The field's value, or null when it is absent. A JSON null is refused unless <paramref name="nullable"/>.</summary>
    JsonElement? Value(string name, bool required, bool nullable = false)
    {
        if (!_object.TryGetProperty(name, out var value))
            return required ? throw new EntryException($"missing field '{_path}{name}'") : null;
        if (value.ValueKind == JsonValueKind.Null && !nullable)
            throw new EntryException($"field '{_path}{name}' must not be null");
        return value;
    }

    public string Text(string name) => OptionalText(name, required: true)!;

    public string? OptionalText(string name, bool required = false, bool nullable = false)
    {
        if (Value(name, required, nullable) is not { } value || value.ValueKind == JsonValueKind.Null) return null;
        return TextOf(value, new Field(_path, name));
    }

    /// <summary>A field's name as a refusal spells it; built only for a refusal, since most fields are right.</summary>
    readonly record struct Field(string Path, string Name, int Index = -1)
    {
        public override string ToString() => Index < 0 ? $"{Path}{Name}" : $"{Path}{Name}[{Index}]";
    }

    static string TextOf(JsonElement value, Field field)
    {
        if (value.ValueKind != JsonValueKind.String) throw new EntryException($"field '{field}' must be a string");
        var text = value.GetString()!;
        if (string.IsNullOrWhiteSpace(text)) throw new EntryException($"field '{field}' must not be blank");
        return text;
    }

    public string Slug(string name) => OptionalSlug(name, required: true)!;

    public string? OptionalSlug(string name, bool required = false) =>
        OptionalText(name, required) is { } text ? SlugOf(text, new Field(_path, name)) : null;

    static string SlugOf(string text, Field field) => Slugs.IsSlug(text)
        ? text
        : throw new EntryException($"field '{field}' must be a slug (lowercase letters, digits and '-', starting with a letter or digit, at most 63 characters), got '{text}'");

    public DateOnly Date(string name) => OptionalDate(name, required: true)!.Value;

    public DateOnly? OptionalDate(string name, bool required = false, bool nullable = false)
    {
        if (OptionalText(name, required, nullable) is not { } text) return null;
        return CalendarDate.TryParse(text, out var date) ? date : throw new EntryException(CalendarDate.Problem($"field '{_path}{name}'", text));
    }

    public string OneOf(string name, IReadOnlySet<string> allowed) => OptionalOneOf(name, allowed, required: true)!;

    public string? OptionalOneOf(string name, IReadOnlySet<string> allowed, bool required = false)
    {
        if (OptionalText(name, required) is not { } text) return null;
        return allowed.Contains(text)
            ? text
            : throw new EntryException($"field '{_path}{name}' must be one of {string.Join(", ", allowed)}, got '{text}'");
    }

    public string? OptionalUrl(string name, bool required = false)
    {
        if (OptionalText(name, required) is not { } text) return null;
        var ok = !text.Any(char.IsWhiteSpace)
            && Uri.TryCreate(text, UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            && uri.Host.Length > 0;
        return ok ? text : throw new EntryException($"field '{_path}{name}' must be an absolute http or https URL, got '{text}'");
    }

    public IReadOnlyList<string>? OptionalSlugList(string name) =>
        OptionalList(name, (item, field) => SlugOf(TextOf(item, field), field));

    public IReadOnlyList<string>? OptionalTextList(string name) => OptionalList(name, TextOf);

    IReadOnlyList<string>? OptionalList(string name, Func<JsonElement, Field, string> read)
    {
        if (Value(name, required: false) is not { } value) return null;
        if (value.ValueKind != JsonValueKind.Array) throw new EntryException($"field '{_path}{name}' must be a list");
        return value.EnumerateArray().Select((item, i) => read(item, new Field(_path, name, i))).ToList();
    }

    public Fields? OptionalObject(string name, HashSet<string> allowed) =>
        Value(name, required: false) is { } value ? new Fields(value, $"{_path}{name}.", allowed) : null;

    public Fields Object(string name, HashSet<string> allowed) =>
        new(Value(name, required: true)!.Value, $"{_path}{name}.", allowed);
}
