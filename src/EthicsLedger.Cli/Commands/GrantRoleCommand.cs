using System.ComponentModel;
using EthicsLedger.Cli.Infrastructure;
using EthicsLedger.Cli.Rendering;
using EthicsLedger.Hosting.Database;
using Spectre.Console;
using Spectre.Console.Cli;

namespace EthicsLedger.Cli.Commands;

public sealed class GrantRoleSettings : CommandSettings
{
    [CommandArgument(0, "<ROLE>")]
    [Description("The application's login role; created if missing.")]
    public string Role { get; init; } = "";
}

/// <summary>As the schema's owner: the application role gets exactly its privileges (docs/least-privilege.md).</summary>
public sealed class GrantRoleCommand(LedgerConnection ledger, Output output) : AsyncCommand<GrantRoleSettings>
{
    /// <summary>Not an argument: arguments show in <c>ps</c> and in shell history.</summary>
    public const string PasswordVariable = "ETHICSLEDGER_APP_PASSWORD";

    public override async Task<int> ExecuteAsync(CommandContext context, GrantRoleSettings settings, CancellationToken cancellation)
    {
        var password = Environment.GetEnvironmentVariable(PasswordVariable);
        if (string.IsNullOrEmpty(password)) throw new BadInputException($"set {PasswordVariable} to the application role's password");
        await LedgerRoles.GrantAsync(ledger.ConnectionString, ledger.Schema, settings.Role, password, cancellation);
        output.Console.MarkupLine(
            $"Role [green]{SafeMarkup.Line(settings.Role)}[/] may append and read events in [green]{SafeMarkup.Line(ledger.Schema)}[/] and change none.");
        return ExitCodes.Ok;
    }
}
