namespace EthicsLedger.Tests.Support;

/// <summary>The checkout the tests run from: the folder above the test's binaries that holds EthicsLedger.sln.</summary>
public static class Repository
{
    public static string Root { get; } = Find();

    static string Find()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "EthicsLedger.sln"))) folder = folder.Parent;
        return folder?.FullName ?? throw new InvalidOperationException("no EthicsLedger.sln above the test's folder");
    }
}
