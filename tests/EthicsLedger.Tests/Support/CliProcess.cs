using System.Collections.Concurrent;
using System.Diagnostics;
using EthicsLedger.Cli.Infrastructure;
using EthicsLedger.Hosting.Database;

namespace EthicsLedger.Tests.Support;

/// <summary>The command line as a separate process on the fixture's ledger, as a user runs it: its output kept line by line.</summary>
public sealed class CliProcess : IAsyncDisposable
{
    readonly Process process;
    readonly ConcurrentQueue<string> lines = new();
    readonly ConcurrentQueue<string> errors = new();

    CliProcess(Process process) => this.process = process;

    public IReadOnlyList<string> Lines => lines.ToList();
    public string Errors => string.Join('\n', errors);
    public bool HasExited => process.HasExited;
    public int ExitCode => process.ExitCode;

    public static CliProcess Start(LedgerFixture fixture, params string[] args) => Start(fixture, new Dictionary<string, string>(), args);

    /// <param name="environment">Variables set for this process only (the tests run in parallel, so never in the test process).</param>
    public static CliProcess Start(LedgerFixture fixture, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(typeof(EthicsLedger.Cli.Cli).Assembly.Location);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment[PostgresLocator.EnvironmentVariable] = fixture.ConnectionString;
        start.Environment[LedgerConnection.SchemaVariable] = fixture.Schema;
        foreach (var (name, value) in environment) start.Environment[name] = value;
        var cli = new CliProcess(Process.Start(start)!);
        cli.process.OutputDataReceived += (_, e) => { if (e.Data is not null) cli.lines.Enqueue(e.Data); };
        cli.process.ErrorDataReceived += (_, e) => { if (e.Data is not null) cli.errors.Enqueue(e.Data); };
        cli.process.BeginOutputReadLine();
        cli.process.BeginErrorReadLine();
        return cli;
    }

    /// <summary>Runs to the end and returns the exit code.</summary>
    public static async Task<(int Exit, string Errors)> RunAsync(LedgerFixture fixture, params string[] args)
    {
        await using var cli = Start(fixture, args);
        await cli.process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(3)).Token);
        return (cli.process.ExitCode, cli.Errors);
    }

    /// <summary>Waits for the process to end and for every line it wrote to be read (exit alone can come before the last lines).</summary>
    public async Task<int> WaitForExitAsync(int seconds = 90)
    {
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(seconds)).Token);
        return process.ExitCode;
    }

    public async Task WaitForErrorsAsync(string text, int seconds = 90)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (!Errors.Contains(text) && DateTime.UtcNow < until && !process.HasExited) await Task.Delay(100);
    }

    public async Task<IReadOnlyList<string>> WaitForLinesAsync(Func<IReadOnlyList<string>, bool> done, int seconds = 90)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (!done(Lines) && DateTime.UtcNow < until && !process.HasExited) await Task.Delay(100);
        return Lines;
    }

    /// <summary>What a service manager sends: SIGTERM. Returns the exit code, or null if it did not stop in time.</summary>
    public async Task<int?> TerminateAsync(int seconds = 30)
    {
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString()])) await kill.WaitForExitAsync();
        try
        {
            await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(seconds)).Token);
            return process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>As abrupt as a crash: SIGKILL, no chance to finish anything.</summary>
    public async Task KillAsync()
    {
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        process.Dispose();
    }
}
