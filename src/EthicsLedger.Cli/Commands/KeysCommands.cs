using System.ComponentModel;
using System.Text.Json;
using EthicsLedger.Cli.Infrastructure;
using EthicsLedger.Cli.Rendering;
using EthicsLedger.Server.Access;
using Npgsql;
using Spectre.Console;
using Spectre.Console.Cli;

namespace EthicsLedger.Cli.Commands;

public sealed class KeysCreateSettings : CommandSettings
{
    [CommandArgument(0, "<NAME>")]
    [Description("Who the key is for, e.g. alice or audit-firm.example: writes are recorded as key:NAME. Never reused.")]
    public string Name { get; init; } = "";

    [CommandOption("--role <ROLE>")]
    [Description("reader, editor (imports), auditor (findings, attestations) or admin (all of these).")]
    public string? Role { get; init; }
}

public sealed class KeysRevokeSettings : CommandSettings
{
    [CommandArgument(0, "<NAME>")]
    [Description("The key's name.")]
    public string Name { get; init; } = "";
}

public sealed class KeysListSettings : CommandSettings
{
    [CommandOption("--json")]
    [Description("Print [[{\"name\", \"role\", \"createdAt\", \"revokedAt\"}]] instead of a table.")]
    public bool Json { get; init; }
}

/// <summary>Makes an API key and prints its token, once: the ledger keeps only its hash.</summary>
public sealed class KeysCreateCommand(LedgerConnection ledger, Output output) : AsyncCommand<KeysCreateSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, KeysCreateSettings settings, CancellationToken cancellation)
    {
        if (settings.Role is null) throw new BadInputException($"--role is required: one of {string.Join(", ", Roles.All)}");
        await using var connection = await Keys.OpenAsync(ledger, cancellation);
        string token;
        try { token = await ApiKeys.CreateAsync(connection, ledger.Schema, settings.Name, settings.Role, cancellation); }
        catch (KeyRefusedException e) { throw new BadInputException(e.Message); }
        await output.Json.WriteLineAsync(token);
        await output.Errors.WriteLineAsync($"Created key '{settings.Name}' ({settings.Role}). The token above is shown only now; the ledger keeps its hash.");
        return ExitCodes.Ok;
    }
}

public sealed class KeysRevokeCommand(LedgerConnection ledger, Output output) : AsyncCommand<KeysRevokeSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, KeysRevokeSettings settings, CancellationToken cancellation)
    {
        await using var connection = await Keys.OpenAsync(ledger, cancellation);
        if (!await ApiKeys.RevokeAsync(connection, ledger.Schema, settings.Name, cancellation))
            throw new BadInputException($"there is no live key named '{settings.Name}' (see keys list)");
        output.Console.MarkupLine($"Revoked key [bold]{SafeMarkup.Line(settings.Name)}[/]: every server refuses it from its next request.");
        return ExitCodes.Ok;
    }
}

public sealed class KeysListCommand(LedgerConnection ledger, Output output) : AsyncCommand<KeysListSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, KeysListSettings settings, CancellationToken cancellation)
    {
        await using var connection = await Keys.OpenAsync(ledger, cancellation);
        var keys = await ApiKeys.ListAsync(connection, ledger.Schema, cancellation);
        if (settings.Json)
        {
            await output.Json.WriteLineAsync(JsonSerializer.Serialize(keys.Select(k => new { name = k.Name, role = k.Role, createdAt = k.CreatedAt, revokedAt = k.RevokedAt })));
            return ExitCodes.Ok;
        }
        var table = new Table().Border(TableBorder.Rounded).AddColumn("Name").AddColumn("Role").AddColumn("Created").AddColumn("Revoked");
        foreach (var k in keys)
            table.AddRow(SafeMarkup.Line(k.Name), k.Role, k.CreatedAt.ToString("yyyy-MM-dd HH:mm'Z'"), k.RevokedAt?.ToString("yyyy-MM-dd HH:mm'Z'") ?? "");
        if (keys.Count == 0) table.AddRow("[grey]no keys[/]", "", "", "");
        output.Console.Write(table);
        return ExitCodes.Ok;
    }
}

static class Keys
{
    /// <summary>As the schema's owner (keys are made where the database is held, never over HTTP).</summary>
    public static async Task<NpgsqlConnection> OpenAsync(LedgerConnection ledger, CancellationToken cancellation)
    {
        var connection = new NpgsqlConnection(ledger.ConnectionString);
        await connection.OpenAsync(cancellation);
        await ApiKeys.EnsureAsync(connection, ledger.Schema, cancellation);
        return connection;
    }
}
