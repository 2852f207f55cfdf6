using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace EthicsLedger.Tests.Parsing;

/// <summary>
/// Edits a JSON line at a path such as <c>term.until</c> or <c>scope.activities[0]</c> ("" is the
/// whole object), and lists every path in a line, so tests can walk every field of every entry type.
/// </summary>
public static partial class JsonEdit
{
    [GeneratedRegex(@"^([^\[]+)((?:\[\d+\])*)$")]
    private static partial Regex Segment();

    static List<object> Segments(string path)
    {
        var segments = new List<object>();
        if (path.Length == 0) return segments;
        foreach (var part in path.Split('.'))
        {
            var match = Segment().Match(part);
            if (!match.Success) throw new ArgumentException($"bad path '{path}'");
            segments.Add(match.Groups[1].Value);
            foreach (var index in match.Groups[2].Value.Split('[', StringSplitOptions.RemoveEmptyEntries))
                segments.Add(int.Parse(index.TrimEnd(']')));
        }
        return segments;
    }

    static JsonNode Root(string line) => JsonNode.Parse(line) ?? throw new ArgumentException("a null line");

    static JsonNode Walk(JsonNode node, IEnumerable<object> segments)
    {
        foreach (var segment in segments)
            node = (segment is int i ? node.AsArray()[i] : node.AsObject()[(string)segment])
                ?? throw new ArgumentException($"nothing at '{segment}'");
        return node;
    }

    /// <summary>The value at a path, as JSON text.</summary>
    public static string Get(string line, string path) => Walk(Root(line), Segments(path)).ToJsonString();

    public static bool Has(string line, string path)
    {
        var segments = Segments(path);
        var node = Walk(Root(line), segments.Take(segments.Count - 1));
        return segments[^1] is int i ? node is JsonArray a && i < a.Count : node is JsonObject o && o.ContainsKey((string)segments[^1]);
    }

    /// <summary>Sets the value at a path to this JSON text ("null" writes JSON null).</summary>
    public static string Set(string line, string path, string json)
    {
        var root = Root(line);
        var segments = Segments(path);
        var parent = Walk(root, segments.Take(segments.Count - 1));
        var value = JsonNode.Parse(json);
        if (segments[^1] is int i) parent.AsArray()[i] = value;
        else parent.AsObject()[(string)segments[^1]] = value;
        return root.ToJsonString();
    }

    /// <summary>Sets the value at a path to this string.</summary>
    public static string SetText(string line, string path, string text) => Set(line, path, JsonSerializer.Serialize(text));

    public static string Remove(string line, string path)
    {
        var root = Root(line);
        var segments = Segments(path);
        var parent = Walk(root, segments.Take(segments.Count - 1));
        if (segments[^1] is int i) parent.AsArray().RemoveAt(i);
        else parent.AsObject().Remove((string)segments[^1]).ShouldBeTrue($"no field '{path}'");
        return root.ToJsonString();
    }

    /// <summary>Adds a field to the object at <paramref name="objectPath"/> ("" is the line itself).</summary>
    public static string Add(string line, string objectPath, string name, string json)
    {
        var root = Root(line);
        var target = Walk(root, Segments(objectPath)).AsObject();
        target.ContainsKey(name).ShouldBeFalse($"'{name}' is already in '{objectPath}'");
        target[name] = JsonNode.Parse(json);
        return root.ToJsonString();
    }

    const string Placeholder = "__duplicate_placeholder__";

    /// <summary>
    /// Writes the field at <paramref name="path"/> a second time, with <paramref name="json"/> as its
    /// value (default: the same value), at the end of its object.
    /// </summary>
    public static string Duplicate(string line, string path, string? json = null)
    {
        var root = Root(line);
        var segments = Segments(path);
        var parent = Walk(root, segments.Take(segments.Count - 1)).AsObject();
        var name = (string)segments[^1];
        var value = json is null ? parent[name]?.DeepClone() : JsonNode.Parse(json);
        parent[Placeholder] = value;
        var text = root.ToJsonString();
        return text.Replace($"\"{Placeholder}\"", JsonSerializer.Serialize(name));
    }

    /// <summary>Every path in a line, parents before children, with the JSON kind of its value.</summary>
    public static IEnumerable<(string Path, JsonValueKind Kind)> Paths(string line) => Paths(Root(line), "");

    static IEnumerable<(string Path, JsonValueKind Kind)> Paths(JsonNode? node, string prefix)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (name, child) in o)
                {
                    var path = prefix.Length == 0 ? name : $"{prefix}.{name}";
                    yield return (path, child?.GetValueKind() ?? JsonValueKind.Null);
                    foreach (var inner in Paths(child, path)) yield return inner;
                }
                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    var path = $"{prefix}[{i}]";
                    yield return (path, a[i]?.GetValueKind() ?? JsonValueKind.Null);
                    foreach (var inner in Paths(a[i], path)) yield return inner;
                }
                break;
        }
    }

    /// <summary>Every path that names an object's field (not a list item).</summary>
    public static IEnumerable<string> FieldPaths(string line) =>
        Paths(line).Select(p => p.Path).Where(p => !p.EndsWith(']'));
}
