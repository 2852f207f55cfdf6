using Spectre.Console;

namespace EthicsLedger.Cli.Infrastructure;

/// <summary>
/// Where a command writes: tables and trees for people go to <see cref="Console"/>; machine output
/// (<c>--json</c>) goes to <see cref="Json"/> untouched, since a console renderer would wrap long lines.
/// </summary>
public sealed record Output(IAnsiConsole Console, TextWriter Json, TextWriter Errors)
{
    /// <summary>How wide tables are when standard output is not a terminal and COLUMNS is not set.</summary>
    public const int PipedWidth = 240;

    /// <summary>
    /// A spinner, with what is being done and the time so far, while <paramref name="work"/> runs — on a terminal only:
    /// piped or redirected output gets nothing, so standard output stays results alone.
    /// </summary>
    public Task<T> BusyAsync<T>(string doing, Func<Task<T>> work) =>
        Console.Profile.Capabilities.Interactive ? Console.Status().StartAsync(doing, _ => work()) : work();

    public static Output Standard()
    {
        var console = AnsiConsole.Console;
        console.Profile.Width = Width(Environment.GetEnvironmentVariable("COLUMNS"), System.Console.IsOutputRedirected, console.Profile.Width);
        return new(console, LineAtATime(System.Console.OpenStandardOutput()), System.Console.Error);
    }

    /// <summary>
    /// Machine output, each line written to standard output in one go. The console's own writer hands the system 256
    /// bytes at a time, so a process killed mid-line (a <c>watch --json</c> stopped with SIGKILL) left half a JSON line
    /// for whatever reads the pipe; a line of up to 4 KiB written at once is never split by a pipe (PIPE_BUF).
    /// </summary>
    public static TextWriter LineAtATime(Stream standardOutput) =>
        TextWriter.Synchronized(new StreamWriter(standardOutput, new System.Text.UTF8Encoding(false), bufferSize: 64 * 1024) { AutoFlush = true });

    /// <summary>
    /// COLUMNS when set (a terminal's width, or what a user asks for); otherwise the terminal's own
    /// width, or <see cref="PipedWidth"/> when piped, where the default 80 would break ids mid-word.
    /// </summary>
    public static int Width(string? columns, bool piped, int terminal) =>
        int.TryParse(columns, out var asked) && asked > 0 ? asked : piped ? PipedWidth : terminal;
}
