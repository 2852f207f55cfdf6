using EthicsLedger.Tests.Support;

namespace EthicsLedger.Tests.Witnessing;

/// <summary>
/// Witnesses as a user runs them: separate <c>ethicsledger witness</c> processes on loopback, each
/// with a state folder of its own; their first lines make the witness policy file.
/// </summary>
public sealed class WitnessProcesses : IAsyncDisposable
{
    readonly List<CliProcess> _processes = [];
    readonly List<string> _lines = [];

    public IReadOnlyList<string> PolicyLines => _lines;

    public async Task<string> StartAsync(LedgerFixture fixture, string name, string stateFolder, params string[] logVkeys)
    {
        string[] args = ["witness", "--name", name, "--state", stateFolder, "--port", "0", .. logVkeys.SelectMany(v => new[] { "--log", v })];
        var process = CliProcess.Start(fixture, args);
        _processes.Add(process);
        var lines = await process.WaitForLinesAsync(l => l.Count > 0, seconds: 60);
        lines.Count.ShouldBeGreaterThan(0, $"the witness printed nothing; errors: {process.Errors}");
        lines[0].ShouldStartWith($"witness {name} ");
        _lines.Add(lines[0]);
        return lines[0];
    }

    /// <summary>A policy file of the given witness lines (all started so far by default) and a quorum.</summary>
    public static async Task<string> PolicyFileAsync(int quorum, IEnumerable<string> lines)
    {
        var path = Path.Combine(Path.GetTempPath(), $"ethicsledger-policy-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(path, $"# witnesses on loopback\n{string.Join("\n", lines)}\nquorum {quorum}\n");
        return path;
    }

    public Task<string> PolicyFileAsync(int quorum) => PolicyFileAsync(quorum, _lines);

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes) await process.DisposeAsync();
    }
}
