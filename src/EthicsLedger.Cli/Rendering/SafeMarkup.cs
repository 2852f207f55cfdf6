using Spectre.Console;

namespace EthicsLedger.Cli.Rendering;

/// <summary>
/// Text from a ledger, a file or the command line placed inside Spectre markup: shown escaped by
/// <see cref="SafeText"/>, and its square brackets read as text rather than as markup.
/// </summary>
public static class SafeMarkup
{
    /// <summary>For a name, an id, a URL or a path: one line, whatever it holds.</summary>
    public static string Line(string? text) => Markup.Escape(SafeText.Line(text));

    /// <summary>For free text (a statement, a finding) in a table cell or a tree node, where its line feeds may start new lines.</summary>
    public static string Lines(string? text) => Markup.Escape(SafeText.Lines(text));
}
