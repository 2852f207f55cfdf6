using System.Reflection;
using System.Text.Json;
using Wolverine.Attributes;

namespace EthicsLedger.Contracts;

/// <summary>The wire format: camelCase JSON, dates as <c>yyyy-MM-dd</c>, absent values null (docs/messaging.md).</summary>
public static class MessageJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    /// <summary>The message's body as every transport carries it (its type travels in a header).</summary>
    public static string Serialize(LedgerMessage message) => JsonSerializer.Serialize(message, message.GetType(), Options);

    /// <summary>The stable wire name of a message type, e.g. <c>ethicsledger.pledge-made.v1</c>.</summary>
    public static string TypeName(Type type) =>
        type.GetCustomAttribute<MessageIdentityAttribute>()?.Alias ?? throw new ArgumentException($"{type.Name} is not a ledger message.");

    /// <summary>The message a body holds, given its wire name.</summary>
    public static LedgerMessage Deserialize(string type, string body) =>
        (LedgerMessage)(JsonSerializer.Deserialize(body, TypeFor(type) ?? throw new ArgumentException($"'{type}' is not a ledger message name."), Options)
                        ?? throw new JsonException("a message body cannot be null"));

    public static Type? TypeFor(string name) => Types.GetValueOrDefault(name);

    static readonly Dictionary<string, Type> Types = typeof(LedgerMessage).Assembly.GetTypes()
        .Where(t => t.IsSubclassOf(typeof(LedgerMessage)) && !t.IsAbstract)
        .ToDictionary(TypeName);
}
