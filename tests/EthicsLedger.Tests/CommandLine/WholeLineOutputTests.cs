using System.Text;
using EthicsLedger.Cli.Infrastructure;

namespace EthicsLedger.Tests.CommandLine;

/// <summary>
/// Machine output reaches standard output a whole line per write: a pipe never splits a write of up to 4 KiB, so a
/// process killed at any moment (a <c>watch --json</c> under SIGKILL) leaves no half line for its reader.
/// </summary>
public class WholeLineOutputTests
{
    /// <summary>Records each write the writer makes, as the system call it would be.</summary>
    sealed class Writes : MemoryStream
    {
        public List<string> Each { get; } = [];
        public override void Write(byte[] buffer, int offset, int count) => Each.Add(Encoding.UTF8.GetString(buffer, offset, count));
        public override void Write(ReadOnlySpan<byte> buffer) => Each.Add(Encoding.UTF8.GetString(buffer));
        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellation) { Write(buffer, offset, count); return Task.CompletedTask; }
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellation = default) { Write(buffer.Span); return ValueTask.CompletedTask; }
    }

    [Theory]
    [InlineData(10)]
    [InlineData(300)]
    [InlineData(4000)]
    public async Task each_line_is_one_write_of_the_whole_line(int length)
    {
        var stream = new Writes();
        var output = Output.LineAtATime(stream);
        var lines = Enumerable.Range(0, 3).Select(i => "{\"key\":\"" + new string((char)('a' + i), length) + "é\"}").ToList();

        foreach (var line in lines) await output.WriteLineAsync(line);
        output.WriteLine(lines[0]);

        stream.Each.ShouldBe([.. lines.Select(l => l + "\n"), lines[0] + "\n"]);
    }
}
