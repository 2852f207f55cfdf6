using System.Text.RegularExpressions;

namespace EthicsLedger.Entries;

/// <summary>
/// Who recorded an entry (<see cref="Entry.RecordedBy"/>): <c>key:NAME</c> for a write through the
/// server with an API key, <c>cli:USER</c> for the command line run by an operating-system user.
/// One line of safe characters, since it is a line of the digest's record (docs/verification.md).
/// </summary>
public static partial class Recorders
{
    [GeneratedRegex("^[a-z0-9][a-z0-9._@:-]{0,127}$")]
    private static partial Regex Valid();

    public static bool IsValid(string recorder) => Valid().IsMatch(recorder);

    public static string Key(string name) => Checked(KeyName(name));

    public static string KeyName(string name) => $"key:{name}";

    /// <summary>The operating-system user as far as this process knows it: a claim, not an authentication.</summary>
    public static string CommandLine() =>
        Checked("cli:" + Regex.Replace(Environment.UserName.ToLowerInvariant(), "[^a-z0-9._@-]", "-") is var name && name.Length > 4 ? name : "cli:unknown");

    static string Checked(string recorder) =>
        IsValid(recorder) ? recorder : throw new ArgumentException($"'{recorder}' is not a valid recorder", nameof(recorder));
}
