using Spectre.Console;

namespace EthicsLedger.Cli.Infrastructure;

/// <summary>
/// Where a command writes: tables and trees for people go to <see cref="Console"/>; machine output
/// (<c>--json</c>) goes to <see cref="Json"/> untouched, since a console renderer would wrap long lines.
/// </summary>
public sealed record Output(IAnsiConsole Console, TextWriter Json, TextWriter Errors)
{
    public static Output Standard() => new(AnsiConsole.Console, System.Console.Out, System.Console.Error);
}
