using System.Diagnostics;

/// <summary>What every benchmark here times and summarizes with.</summary>
static class Measure
{
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    /// <summary>Seconds <paramref name="action"/> took.</summary>
    public static async Task<double> SecondsAsync(Func<Task> action)
    {
        var clock = Stopwatch.StartNew();
        await action();
        return clock.Elapsed.TotalSeconds;
    }

    /// <summary>A command line run that must succeed.</summary>
    public static async Task Must(Task<int> command)
    {
        var exit = await command;
        if (exit != 0) throw new InvalidOperationException($"the command failed with exit {exit}");
    }
}
